"""Companies and media named without cue words, in the heuristic backend, on invented sentences."""

from pipeline.backends.heuristic.extractor import extract_drafts


def test_a_compound_modifier_of_the_next_name_ends_a_company_name() -> None:
    text = "On Friday, Verlin-based retailer Dunmark and Kestria-based retailer Orvel Group planned a merger."
    names = [a.name for a in extract_drafts(text).actors]
    assert not any("-based" in n for n in names)
    assert "Dunmark" in names
