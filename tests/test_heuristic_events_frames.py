"""Generic event rules of the heuristic backend, on short invented sentences."""

from pipeline.backends.heuristic.events import find_events
from pipeline.backends.heuristic.parsed import ParsedArticle


def _types(text: str) -> list[str]:
    return [e.type.value for e in find_events(ParsedArticle.parse(text))]


def test_stabbing_is_an_attack() -> None:
    assert _types("Mayor Lena Ostrova was stabbed on Saturday night in Verlin.") == ["attack"]


def test_hypothetical_or_vowed_happenings_are_not_events() -> None:
    assert _types("The council vowed to keep fighting the plan in Verlin.") == []
    assert _types("The seat would have been contested in the elections in 2031.") == []
    assert _types("A potential charge of murder carries a long sentence.") == []


def test_an_explosion_beside_a_crash_is_part_of_the_crash() -> None:
    text = "Residents of Dunmore heard a loud explosion moments before the cargo jet crashed on Tuesday."
    assert _types(text) == ["crash"]


def test_nominated_for_an_award_is_not_an_appointment() -> None:
    assert _types("The cellist Mara Quill was nominated for the Lumen Prize in 2019.") == []
    assert _types("The council nominated Ivo Brandt as its chair on Monday.") == ["appointment"]


def test_a_named_storm_is_an_event_only_when_it_struck() -> None:
    assert _types("The shelter took in dogs left behind by Hurricane Ostra.") == []
    assert _types("Typhoon Melor hit the coast of Varnia on Sunday.") == ["natural_disaster"]
