"""Titles written in lower case before a name, as many outlets write them, on invented sentences."""

from pipeline.backends.heuristic.extractor import extract_drafts


def _people(text: str) -> dict[str, str | None]:
    return {a.name: a.title for a in extract_drafts(text).actors if a.type.value == "person"}


def test_lower_case_head_of_state_and_government_titles_mark_a_person() -> None:
    text = "Kestrian president Velko Arman met Valmoran prime minister Ines Dorn in Verlin on Friday."
    assert _people(text) == {"Velko Arman": "president", "Ines Dorn": "prime minister"}


def test_a_lower_case_title_speaker_is_the_quoted_person() -> None:
    text = 'Kestrian president Arman spoke at the port. "We will rebuild the harbour," he said.'
    drafts = extract_drafts(text)
    assert [q.speaker for q in drafts.quotes] == ["Arman"]
