"""Outlets a person speaks to, and places or events never taken for actors, on invented sentences."""

from pipeline.backends.heuristic.outlets import is_city
from pipeline.backends.heuristic.vocab import place_names
from tests.heuristic_samples import actor_names


def test_an_outlet_told_or_interviewing_is_an_organisation() -> None:
    text = (
        "Mara Lind told the Quillby Gazette on Monday that she would stay. "
        "In an interview with Vantor Radio, she repeated it."
    )
    names = actor_names(text)
    assert "Quillby Gazette" in names
    assert "Vantor Radio" in names


def test_a_source_name_stops_at_the_sentence_end_so_the_next_cue_is_read() -> None:
    text = (
        "The plan is an insult, as quoted by Brackley Reporter. In an interview with Vantor Radio, "
        "the council said so again."
    )
    names = actor_names(text)
    assert "Brackley Reporter" in names
    assert "Vantor Radio" in names


def test_an_airport_code_listed_as_a_town_alias_is_no_city() -> None:
    code = next(n for n in sorted(place_names()) if n.isupper() and len(n) == 3 and not is_city(n))
    assert not is_city(code)
    assert is_city(code, weak=False) is False
    assert code in actor_names(f"According to {code}, the Vantor council met on Monday.")


def test_daily_after_a_name_is_an_adverb_and_a_name_does_not_cross_a_full_stop() -> None:
    assert "Sarvenian" not in actor_names("Many migrants drown in the Sarvenian daily, the charity said.")
    text = "He skipped the early votes, instead focusing on Grand Thursday. By reports he won."
    assert not any("Thursday" in n for n in actor_names(text))


def test_a_bare_name_ending_in_a_place_or_event_word_is_no_person() -> None:
    names = actor_names("Her time beat the mark set at the 2003 Nadia Marathon. The troops held the Lucas Heights.")
    assert "Nadia Marathon" not in names
    assert "Lucas Heights" not in names


def test_a_bare_name_after_a_locative_word_is_a_place() -> None:
    assert "Mary Vale" not in actor_names("The army entered Mary Vale and two villages yesterday, the council said.")


def test_each_member_of_a_list_opened_by_a_plural_body_noun_is_an_organisation() -> None:
    text = "Several firms including Varlo Bahn, Orvel Telekom, Daimstrom, and Sievers have announced plans to leave."
    names = actor_names(text)
    for name in ("Varlo Bahn", "Orvel Telekom", "Daimstrom", "Sievers"):
        assert name in names
