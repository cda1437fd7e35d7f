"""Statement events of the heuristic backend: formal or dated speech acts, on invented sentences."""

from pipeline.backends.heuristic.events import find_events
from pipeline.backends.heuristic.parsed import ParsedArticle
from schemas import ParticipantRole


def _statements(text: str) -> list[tuple[str | None, list[str]]]:
    article = ParsedArticle.parse(text)
    names = [a.name for a in article.index.actors]
    return [
        (e.date_text, [names[a] for a, r in e.participants.items() if r is ParticipantRole.announcer])
        for e in find_events(article)
        if e.type.value == "statement"
    ]


def test_issuing_a_document_is_a_statement() -> None:
    text = "On Monday the Varnish Water Authority issued a press release about the reservoir."
    assert _statements(text) == [("Monday", ["Varnish Water Authority"])]


def test_a_report_by_a_named_body_is_a_statement() -> None:
    text = "According to a report by Kestrel Analytics Group, the reservoir lost a third of its water."
    assert _statements(text) == [(None, ["Kestrel Analytics Group"])]


def test_dated_speech_is_a_statement_and_its_date_is_not_that_of_what_was_said() -> None:
    text = "Finance Minister Ivo Brandt told reporters on Friday that the bridge had closed in May."
    assert _statements(text) == [("Friday", ["Ivo Brandt"])]
    assert _statements("Officials said on Tuesday that the river had risen.") == [("Tuesday", [])]


def test_undated_comments_and_periods_are_not_statements() -> None:
    assert _statements("Finance Minister Ivo Brandt said the bridge was safe.") == []
    assert _statements("Officials said the curfew runs until Friday.") == []


def test_announcing_an_agreement_leaves_it_to_the_agreement_record() -> None:
    assert _statements("Finance Minister Ivo Brandt announced a ceasefire with the rebels on Sunday.") == []


def test_dates_are_whole_words_and_may_open_the_sentence() -> None:
    assert _statements("Mayor Ivo Brandt said the bridge was safe.") == []
    text = "Yesterday, Finance Minister Ivo Brandt announced the closure of the bridge."
    assert _statements(text) == [("Yesterday", ["Ivo Brandt"])]


def test_restating_a_position_is_speech() -> None:
    text = "On Tuesday, Finance Minister Ivo Brandt reaffirmed the plan to sell the port."
    assert _statements(text) == [("Tuesday", ["Ivo Brandt"])]
