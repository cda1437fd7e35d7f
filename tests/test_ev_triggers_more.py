"""More trigger phrases of the event vocabulary: bans and restrictions as sanctions, sports wins (invented sentences)."""

from tests.heuristic_samples import event_types


def test_banning_someone_from_something_is_a_sanction() -> None:
    assert "sanction" in event_types("Varnia on Monday banned the carrier Ostair from landing in the country.")


def test_a_cease_and_desist_order_is_a_sanction() -> None:
    assert "sanction" in event_types("The regulator of Varnia issued a cease and desist order to Tolvik Radio on Friday.")


def test_new_restrictions_on_flights_to_a_country_are_a_sanction() -> None:
    assert "sanction" in event_types("On Friday, the Varnian transport ministry announced new restrictions on flights to Ostland.")


def test_winning_a_marathon_or_setting_a_world_record_is_a_sports_result() -> None:
    assert "sports_result" in event_types("On Sunday, Mira Oduya won the 2021 Tolvik Marathon.")
    assert "sports_result" in event_types("On Sunday, Mira Oduya set a new world record in Tolvik.")
