"""Trigger words in a sense that reports no happening of their type, and schedules (invented sentences)."""

from pipeline.backends.heuristic.events import find_events
from pipeline.backends.heuristic.parsed import ParsedArticle
from tests.heuristic_samples import event_types


def test_a_question_reports_no_killing() -> None:
    assert "killing" not in event_types("Who killed the old fisherman of Varna?")


def test_a_demand_is_no_arrest() -> None:
    assert "arrest" not in event_types("Marchers in Tolvik on Friday were demanding the immediate arrest of the killers.")


def test_capturing_a_building_or_an_image_is_no_arrest() -> None:
    assert "arrest" not in event_types("Cameras captured their arrival at the depot in Tolvik on Friday.")
    assert "arrest" in event_types("Police captured two suspects in Tolvik on Friday.")


def test_defeating_an_army_or_a_candidate_is_no_sports_result() -> None:
    assert "sports_result" not in event_types("The statement said the troops had defeated the Varn militia.")
    assert "sports_result" not in event_types("Mara Quell was defeated in Ostby North by a Green candidate.")
    assert "sports_result" in event_types("Tolvik Rovers defeated Ostby United 2-1 on Saturday.")


def test_an_election_rally_is_no_protest() -> None:
    assert "protest" not in event_types("On Friday, Ilse Moran addressed a campaign rally in Varna.")


def test_meeting_someone_in_a_life_story_is_no_meeting() -> None:
    assert "meeting" not in event_types("Later, Orin Vasko joined the Tolvik Players, where he met the cellist Ana Prem.")


def test_killing_animals_or_a_running_toll_is_no_killing_event() -> None:
    assert "killing" not in event_types("The ministry of Varnia ordered the killing of over 20,000 chickens.")
    assert "killing" not in event_types("The fever has already killed more than 900 people in Varnia.")


def test_a_scheduled_happening_is_a_plan() -> None:
    assert "election" not in event_types("The election is scheduled for March 24.")
    assert "election" not in event_types("The election board of Varnia is scheduled to meet on Monday.")


def test_offensive_the_adjective_is_no_military_operation() -> None:
    types = event_types("In May 2011, Ivo Brandt was charged for posting remarks deemed offensive to the court.")
    assert "military_operation" not in types
    assert "charge" in types


def test_taking_hostages_is_an_attack() -> None:
    assert "attack" in event_types("In 1981, gunmen stormed the consulate of Varnia, taking twelve people hostage.")
    assert "attack" in event_types("In 1981, gunmen seized the consulate in Ostby, taking twelve people there hostage.")


def test_a_dated_marriage_or_divorce_is_an_event() -> None:
    assert event_types("She was married to Orin Vasko, whom she divorced in 1981.") == ["other"]


def test_a_prefixed_trigger_word_is_a_modifier() -> None:
    assert "election" not in event_types("On Monday, Ilse Moran opened the post-election office of Varnia.")


def test_a_date_naming_another_thing_dates_the_event_last() -> None:
    events = find_events(ParsedArticle.parse("Yesterday, Mira Oduya won the 2021 Tolvik Marathon."))
    assert [e.date_text for e in events] == ["Yesterday"]
    events = find_events(ParsedArticle.parse("After the 6 May elections in Varnia, Ilse Moran resigned."))
    assert "6 May" in {e.date_text for e in events}


def test_protests_over_offensive_messages_are_no_military_operation() -> None:
    types = event_types("On Monday, crowds in Tolvik protested over offensive messages by the mayor.")
    assert "military_operation" not in types
    assert "military_operation" in event_types("On Monday, the army of Varnia began a ground offensive in Ostby.")
