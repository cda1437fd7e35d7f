"""Actors across domains in the heuristic backend: generic rules, each on an invented sentence."""

from pipeline.backends.heuristic.extractor import extract_drafts


def _names(text: str) -> list[str]:
    return [a.name for a in extract_drafts(text).actors]


def test_title_case_headline_words_are_no_actors() -> None:
    text = (
        "Who Will Carry the Cost of Dunmark's Debts?\n\n"
        "Shareholders of Dunmark met on Monday. Lenders to Dunmark waited, and the board of Dunmark agreed."
    )
    names = _names(text)
    assert not any("Will" in n for n in names)
    assert "Dunmark" in names  # a body subject whose first use is in the headline stays

