"""People named bare (given name + surname) in the heuristic backend, on invented sentences."""

from pipeline.backends.heuristic.extractor import extract_drafts


def _people(text: str) -> list[str]:
    return [a.name for a in extract_drafts(text).actors if a.type.value == "person"]


def test_a_capitalised_function_word_of_a_headline_is_no_surname() -> None:
    text = "Crews Battle Hunter That Burned Homes\n\nCrews fought the fire near Dorval on Monday."
    assert _people(text) == []


def test_a_city_whose_first_word_is_a_given_name_is_no_person() -> None:
    assert _people("Traders in Hong Kong sold shares on Monday.") == []


def test_a_run_ending_in_a_building_or_company_word_is_no_person() -> None:
    assert _people("The two men were held at Lena Prison for a week.") == []
    assert _people("Shares of Hunter Asset Management fell on Monday.") == []
