"""Titles, aliases and one-word bodies in the candidate cues, on invented sentences."""

from pipeline.backends.heuristic.extractor import extract_drafts
from schemas import ActorType


def _actors(text: str) -> dict[str, ActorType]:
    return {a.name: a.type for a in extract_drafts(text).actors}


def test_a_headline_ending_in_a_title_gives_the_dateline_day_no_person() -> None:
    text = "Party drops its pick for prime minister\n\nMonday, March 4, 2024\n\nThe Vantor Party said it withdrew."
    assert "Monday" not in _actors(text)


def test_known_locally_as_gives_an_alias_of_the_person() -> None:
    text = "The death of Orvan Tessaly, known locally as \"Uncle Vo\", angered many. Uncle Vo was 71."
    drafts = extract_drafts(text).actors
    person = next(a for a in drafts if a.name == "Orvan Tessaly")
    assert person.type is ActorType.person
    assert "Uncle Vo" in person.aliases


def test_a_surname_before_a_publishing_verb_is_the_person_not_a_body() -> None:
    text = (
        "The activist Mara Brannoch was killed last year, the court heard. "
        "\"We must stand together,\" Brannoch wrote on social media before her death."
    )
    actors = _actors(text)
    assert "Brannoch" not in actors


def test_a_wire_dateline_city_is_no_organisation_of_the_agency_in_brackets() -> None:
    text = (
        "Floods close roads\n\nKESSELBURG (AP) — Floods closed roads in Kesselburg on Sunday, "
        "the Northern Water Authority (NWA) said."
    )
    actors = _actors(text)
    assert "KESSELBURG" not in actors
    assert "Northern Water Authority" in actors


def test_a_country_before_a_reporting_verb_is_a_country_actor_and_a_body_word_speaker_no_person() -> None:
    text = (
        "Ports reopen after the strike\n\nMonday, June 1, 2020\n\n"
        "Authorities in Norway and the United States announced that 300 suspects were arrested. "
        "The Harbour Workers Federation said the strike was over."
    )
    types = [(a.name, a.type) for a in extract_drafts(text).actors]
    assert [t for n, t in types if n == "United States"] == [ActorType.country]
    assert [t for n, t in types if n == "Harbour Workers Federation"] == [ActorType.organization]
