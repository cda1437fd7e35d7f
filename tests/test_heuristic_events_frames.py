"""Generic event rules of the heuristic backend, on short invented sentences."""

from pipeline.backends.heuristic.events import find_events
from pipeline.backends.heuristic.parsed import ParsedArticle
from tests.heuristic_samples import event_types


def test_stabbing_is_an_attack() -> None:
    assert event_types("Mayor Lena Ostrova was stabbed on Saturday night in Verlin.") == ["attack"]
    assert event_types("On Friday a man ran into the square in Verlin and began to stab passers-by.") == ["attack"]


def test_hypothetical_or_vowed_happenings_are_not_events() -> None:
    assert event_types("The council vowed to keep fighting the plan in Verlin.") == []
    assert event_types("The seat would have been contested in the elections in 2031.") == []
    assert event_types("A potential charge of murder carries a long sentence.") == []


def test_an_explosion_beside_a_crash_is_part_of_the_crash() -> None:
    text = "Residents of Dunmore heard a loud explosion moments before the cargo jet crashed on Tuesday."
    assert event_types(text) == ["crash"]


def test_nominated_for_an_award_is_not_an_appointment() -> None:
    assert "appointment" not in event_types("The cellist Mara Quill was nominated for the Lumen Prize in 2019.")
    assert event_types("The council nominated Ivo Brandt as its chair on Monday.") == ["appointment"]


def test_a_named_storm_is_an_event_only_when_it_struck() -> None:
    assert event_types("The shelter took in dogs left behind by Hurricane Ostra.") == []
    assert event_types("Typhoon Melor hit the coast of Varnia on Sunday.") == ["natural_disaster"]


def test_a_dated_past_action_of_a_named_actor_is_an_event() -> None:
    assert event_types("The Orvel Shipping Company was registered on March 3, 2011.") == ["other"]
    assert event_types("On June 2, the Kestrel Analytics Group reportedly emailed the Ministry of Water.") == [
        "other"
    ]
    assert event_types("Ivo Brandt was born in Dorval in 1950.") == ["other"]


def test_states_periods_named_things_and_agreements_are_not_dated_actions() -> None:
    assert event_types("The Kestrel Analytics Group has cut costs since 2019.") == []
    assert event_types("Ivo Brandt watched the 1984 film with friends.") == []
    assert event_types("Ivo Brandt had retired by 2010.") == []
    assert (
        event_types("In 2012, the Kestrel Analytics Group and the Ministry of Water agreed to share data.") == []
    )


def test_plural_resignations_are_a_resignation() -> None:
    text = "On May 3, the council accepted the resignations of two Dorval judges."
    assert event_types(text) == ["resignation"]


def test_a_second_trigger_in_its_own_dated_clause_is_a_second_event() -> None:
    text = "Kestrel Foods sold its bakery unit to Orvel Holdings in March; and in 2015 sold its dairy arm."
    assert event_types(text) == ["acquisition", "acquisition"]


def test_an_event_is_dated_by_a_part_of_the_day() -> None:
    article = ParsedArticle.parse("Mayor Lena Ostrova was stabbed last night in Verlin.")
    assert [(e.type.value, e.date_text) for e in find_events(article)] == [("attack", "last night")]


def test_a_later_report_naming_a_town_makes_a_country_only_place_specific() -> None:
    text = "A wildfire killed five in Chile on Monday.\n\nThe blaze near the town of Orvel destroyed homes."
    [fire] = find_events(ParsedArticle.parse(text))
    assert (fire.type.value, fire.location, fire.country) == ("fire", "Orvel", "Chile")


def test_being_under_sanctions_is_a_state_not_an_event() -> None:
    assert event_types("Kestria has been under European sanctions for three years.") == []
    assert event_types("The European Union imposed sanctions on Kestria on Monday.") == ["sanction"]


def test_being_met_with_applause_is_no_meeting() -> None:
    assert event_types("Finance Minister Ivo Brandt was met with applause in Verlin on Monday.") == []
    assert event_types("Finance Minister Ivo Brandt met the mayor of Verlin on Monday.") == ["meeting"]


def test_the_meeting_refers_back_unless_its_own_date_makes_it_another() -> None:
    first = "Finance Minister Ivo Brandt met the mayor of Verlin on Monday."
    assert event_types(first + "\n\nThe meeting lasted four hours.") == ["meeting"]
    text = first + "\n\nThe last such meeting, on March 3, 2016, had ended without a deal."
    assert event_types(text) == ["meeting", "meeting"]


def test_a_background_election_does_not_hide_the_sentence_s_news() -> None:
    text = "Two days before the election, a judge in Verlin threw out a lawsuit filed by the Kestrel Party."
    assert event_types(text) == ["verdict"]  # throwing out a lawsuit is a ruling (schemas: verdict)


def test_an_arrest_beside_an_attack_is_an_event_of_its_own() -> None:
    text = "A man was arrested in Verlin on Sunday after the stabbing of two guards at the port."
    assert sorted(event_types(text)) == ["arrest", "attack"]


def test_imprisoned_is_a_verdict() -> None:
    assert event_types("Ivo Brandt was imprisoned in 2019 for fraud.") == ["verdict"]


def test_a_place_named_before_the_trigger_noun_is_the_event_s_place() -> None:
    [protest] = find_events(ParsedArticle.parse("Police broke up the Verlin Square protests on Sunday."))
    assert (protest.type.value, protest.location) == ("protest", "Verlin Square")


def test_a_year_after_a_capitalised_preposition_dates_the_clause() -> None:
    article = ParsedArticle.parse("In 2015, the Kestrel Analytics Group moved its head office to Verlin.")
    assert [(e.type.value, e.date_text) for e in find_events(article)] == [("other", "2015")]
