"""Companies and media named without cue words, in the heuristic backend, on invented sentences."""

from pipeline.backends.heuristic.extractor import extract_drafts


def test_a_compound_modifier_of_the_next_name_ends_a_company_name() -> None:
    text = "On Friday, Verlin-based retailer Dunmark and Kestria-based retailer Orvel Group planned a merger."
    names = [a.name for a in extract_drafts(text).actors]
    assert not any("-based" in n for n in names)
    assert "Dunmark" in names


def test_reports_followed_by_a_verb_are_a_noun_not_a_publisher() -> None:
    text = "Witness reports say the bridge in Verlin shook before it fell."
    assert extract_drafts(text).actors == []
    assert [a.name for a in extract_drafts("Dunmark Daily reported the fall of the bridge.").actors] == [
        "Dunmark Daily"
    ]
