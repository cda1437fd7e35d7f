"""Generic event rules of the heuristic backend (modality, dates, antecedents), on invented sentences."""

from pipeline.backends.heuristic.events import EventInfo
from tests.heuristic_samples import event_types, heuristic_events


def _events(text: str) -> tuple[str, list[EventInfo]]:
    return text, heuristic_events(text)


def test_a_denied_happening_is_not_an_event() -> None:
    assert event_types("Police arrested two men in Tarnow on Friday.") == ["arrest"]
    assert "arrest" not in event_types("Police did not arrest anyone in Tarnow on Friday.")
    assert "visit" not in event_types("The envoy has never visited Dravia.")


def test_a_planned_or_expected_happening_is_not_an_event() -> None:
    assert event_types("The dockworkers' union will hold a protest in Port Elmar on Monday.") == []
    assert event_types("The foreign minister is expected to visit Dravia next week.") == []
    assert event_types("Volunteers used radio adverts to organise a rally in Sorel in May.") == []
    assert event_types("The foreign minister visited Dravia on Monday.") == ["visit"]


def test_a_date_after_since_does_not_date_the_event() -> None:
    _, events = _events(
        "A blaze swept through the market of Korvel on Tuesday. It was the worst blaze since 1987."
    )
    assert [e.type.value for e in events] == ["fire"]
    assert events[0].date_text == "Tuesday"


def test_a_passive_speech_verb_without_speaker_is_no_statement() -> None:
    text = "At least 12 people were confirmed dead on Sunday after a ferry capsized off Maro Island."
    assert event_types(text) == ["crash"]


def test_the_meeting_refers_to_the_nearest_meeting_before_it() -> None:
    text, events = _events(
        "On Monday, the mayors of Arvel and Brisk met in Sorel. "
        "On Thursday, the governors of Cadra and Dunmar met in Tiven. "
        "The meeting lasted three hours."
    )
    assert [e.date_text for e in events] == ["Monday", "Thursday"]
    assert "The meeting lasted three hours." in [s.text(text) for s in events[1].evidence]


def test_a_present_condition_is_not_an_event() -> None:
    assert event_types("The farms of Orvel province are in the grip of a drought.") == []
    assert event_types("A drought struck Orvel province in 2019.") == ["natural_disaster"]


def test_a_purpose_clause_makes_a_plan() -> None:
    assert (
        event_types("The Tarnow Residents Union is collecting signatures to ensure elections take place in May.")
        == []
    )


def test_a_dated_comment_is_not_an_event() -> None:
    assert event_types("Mayor Ivo Brandt commented on Monday that the budget was too small.") == []
    assert event_types("Mayor Ivo Brandt opened the new bridge on Monday.") == ["other"]


def test_a_statement_that_introduces_a_quotation_is_a_reaction() -> None:
    text = 'Governor Lena Ostrova issued a statement on Monday saying, "Our thoughts are with every family tonight."'
    assert event_types(text) == []
    assert event_types("Governor Lena Ostrova issued a statement on Monday.") == ["statement"]


def test_the_fire_refers_back_to_a_reported_fire() -> None:
    text, events = _events(
        "A wildfire killed two hikers in Kestria on Sunday. "
        "The fast-moving fire near the village of Orne has burned 30 square kilometres."
    )
    assert [e.type.value for e in events] == ["fire"]
    assert any("village of Orne" in s.text(text) for s in events[0].evidence)
    assert event_types("Soldiers returned the fire near the village of Orne.") == []


def test_a_dated_action_about_votes_is_an_election() -> None:
    assert event_types("The Green Union won 40% of the vote in Orvel province last December.") == ["election"]
    assert event_types("The Green Union opened an office in Orvel province last December.") == ["other"]


def test_each_listed_phrase_with_its_own_date_is_its_own_event() -> None:
    text, events = _events(
        "The Orvel Council backed the plan through a May 2 meeting in Sorel, "
        "and sent two envoys to the summit of river nations in Tiven on June 9."
    )
    assert [(e.type.value, e.date_text) for e in events] == [("meeting", "May 2"), ("meeting", "June 9")]
    assert events[1].evidence[0].text(text).startswith("sent two envoys")


def test_a_measure_named_before_its_passive_verb_is_legislation() -> None:
    assert event_types("A nationwide curfew was imposed in Dravia on Friday.") == ["legislation"]
    assert event_types("The fuel tax, introduced in 2019, angered drivers in Dravia.") == ["legislation"]
    assert event_types("The fuel tax angered drivers in Dravia.") == []


def test_a_statement_dated_like_the_event_it_reports_is_its_source() -> None:
    assert event_types("In 2023, the Brennan Group said its net profit doubled.") == ["earnings"]
    assert event_types("On Monday, the Brennan Group said it would hire more staff.") == ["statement"]


def test_a_plan_to_sell_is_no_sale() -> None:
    assert event_types("The Brennan Group plans to sell its port terminal in Sorel.") == []
    assert event_types("The Brennan Group sold its port terminal in Sorel in 2021.") == ["acquisition"]


def test_dismissing_a_lawsuit_is_a_ruling() -> None:
    assert event_types("On Friday, a judge in Sorel dismissed the lawsuit against the Brennan Group.") == [
        "verdict"
    ]
    assert "verdict" not in event_types("On Friday, the Brennan Group dismissed the criticism of its plan.")


def test_announcing_that_something_becomes_compulsory_is_legislation() -> None:
    _, events = _events(
        "On Monday, Health Minister Ivo Brandt announced that helmets would become compulsory for cyclists. "
        "Brandt announced the measure at a press conference."
    )
    assert [e.type.value for e in events] == ["legislation"]
    assert len(events[0].evidence) == 2
    assert event_types("On Monday, Health Minister Ivo Brandt announced that cycling grew.") == ["statement"]


def test_an_undated_charge_in_a_verdict_story_is_its_background() -> None:
    first = "A court in Sorel sentenced Ivo Brandt to five years in prison on Monday. "
    assert event_types(first + "Brandt was charged with fraud and bribery.") == ["verdict"]
    assert event_types(first + "Brandt was charged with fraud in 2019.") == ["verdict", "charge"]


def test_and_again_on_a_date_repeats_the_action() -> None:
    text, events = _events(
        "The Kestrel Analytics Group emailed the Ministry of Water on May 2, and again on May 9."
    )
    assert [(e.type.value, e.date_text) for e in events] == [("other", "May 2"), ("other", "May 9")]
    assert events[1].evidence[0].text(text) == "and again on May 9"


def test_a_date_of_what_is_expected_does_not_date_the_speech() -> None:
    assert event_types("The Brennan Group said it expects a decision by regulators in March.") == []
    assert event_types("In March, the Brennan Group said it expects a decision by regulators.") == ["statement"]
