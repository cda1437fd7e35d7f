"""Event rules of the heuristic backend: shootings, successions, lifted bans, emergencies, expectations."""

from pipeline.backends.heuristic.events import _dates_the_speech
from pipeline.text.sentences import Segment
from tests.heuristic_samples import event_types, heuristic_events


def test_a_shooting_that_kills_is_an_attack() -> None:
    assert event_types("On Sunday a mass shooting at a fair in Orvella killed three people.") == ["attack"]
    assert event_types("On Saturday a gunman shot shoppers at a market in Orvella.") == ["attack"]


def test_a_resignation_and_the_successor_s_swearing_in_are_two_events() -> None:
    text = "On Friday, Governor Rena Vaul resigned and Tomas Brel was sworn in as the new governor."
    events = heuristic_events(text)
    assert [e.type.value for e in events] == ["resignation", "appointment"]
    assert events[1].evidence[0].text(text).startswith("Tomas Brel was sworn in")


def test_a_lifted_ban_and_a_declared_national_emergency_are_legislation() -> None:
    assert event_types("That ban was lifted in 2011.") == ["legislation"]
    assert event_types("On Friday President Rena Vaul declared a national emergency.") == ["legislation"]


def test_what_a_speaker_says_may_happen_does_not_date_the_speech() -> None:
    text = "The survey said the tremors might continue into March."
    date = Segment(text.index("March"), text.index("March") + len("March"))
    assert not _dates_the_speech(text, text.index("said"), date)
    text = "The survey said in March the tremors ended."
    date = Segment(text.index("March"), text.index("March") + len("March"))
    assert _dates_the_speech(text, text.index("said"), date)


def test_a_march_is_a_protest_but_the_month_is_not() -> None:
    assert event_types("On Saturday thousands of farmers marched through Orvella.") == ["protest"]
    assert event_types("On April 2, the unions began a long march from Dunmore to Orvella.") == ["protest"]
    assert "protest" not in event_types("Officials held a March 3 briefing in Orvella.")


def test_holding_a_primary_is_an_election() -> None:
    assert event_types("The state of Norland held its primary on Saturday.") == ["election"]


def test_a_conversation_between_two_sides_is_a_meeting() -> None:
    assert event_types("On Monday Rena Vaul spoke with Tomas Brel about the dispute.") == ["meeting"]
    assert event_types("On Sunday Rena Vaul had a phone conversation with Tomas Brel.") == ["meeting"]


def test_two_other_events_sharing_a_date_are_two_acts() -> None:
    assert event_types("Mara Voss opened a bakery in 1990. Tomas Brel joined the Norland Rowing Club in 1990.") == [
        "other",
        "other",
    ]


def test_a_judge_who_reconsidered_a_ruling_gave_a_verdict() -> None:
    assert event_types("On Friday, Judge Rena Vaul reconsidered her ruling on the tax.") == ["verdict"]


def test_a_gerund_after_a_time_preposition_frames_another_act() -> None:
    text = "Before resigning, Governor Rena Vaul appointed Tomas Brel as treasurer."
    assert event_types(text) == ["appointment"]


def test_a_weekday_between_a_named_subject_and_its_verb_dates_the_action() -> None:
    assert event_types("Mara Voss on Sunday renamed her boat.") == ["other"]


def test_released_animals_are_no_release_of_people() -> None:
    assert "release" not in event_types("On Wednesday the buffalo were released into a reserve near Dunmore.")


def test_a_month_name_after_a_name_is_a_surname_not_a_date() -> None:
    assert event_types("Rena Vaul called Prime Minister Ann May's budget plan lousy.") == []


def test_a_verdict_after_being_is_a_condition_not_a_report() -> None:
    text = "In Norland, officials are removed from office after being impeached for, and convicted of, bribery."
    assert "verdict" not in event_types(text)
