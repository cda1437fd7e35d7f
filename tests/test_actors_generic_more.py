"""Actors of the heuristic backend: more generic rules, each on an invented sentence."""

import pytest

from pipeline.backends.heuristic.extractor import extract_drafts
from tests.heuristic_samples import actor_names


def test_a_body_named_only_as_an_affiliation_is_no_actor() -> None:
    text = (
        "The Dunmark council closed the mill on Monday. Mara Lindqvist, a professor at the University of Kestria, "
        "said the closure was overdue. Velmont Institute of Science economist Tomas Brand said the town would recover. "
        "The executive director of the Orvel Traders Association, Peter Hale, said shops would suffer."
    )
    names = actor_names(text)
    assert "University of Kestria" not in names
    assert "Velmont Institute of Science" not in names
    assert "Orvel Traders Association" not in names
    assert "Mara Lindqvist" in names and "Tomas Brand" in names


def test_a_body_that_also_acts_stays_an_actor() -> None:
    text = (
        "Mara Lindqvist of the University of Kestria said the mill was unsafe. "
        "The University of Kestria announced on Monday that it would sue the owners."
    )
    assert "University of Kestria" in actor_names(text)


def test_photo_caption_credits_and_wire_trailers_name_no_actors() -> None:
    text = (
        "Crowds filled the square in Dunmark on Saturday. Peter Hale said the march was peaceful.\n\n"
        "Marchers near the bridge. Image: Tomas Brandvold.\n\n"
        "(Reporting by Anna Kessler; Editing by Mark Jolley)"
    )
    names = actor_names(text)
    assert "Peter Hale" in names
    assert not any(n in names for n in ("Tomas Brandvold", "Anna Kessler", "Mark Jolley"))


def test_a_capitalised_ing_word_inside_a_sentence_is_part_of_the_name() -> None:
    text = "On Monday, Ending Rural Hunger said the harvest had failed in three provinces."
    names = actor_names(text)
    assert "Ending Rural Hunger" in names
    assert "Rural Hunger" not in names


def test_a_law_named_with_of_is_no_actor() -> None:
    text = "The court ruled that the Tenure of Office Act of 1867 was void. The Senate said it would appeal."
    assert "Tenure of Office Act" not in actor_names(text)


def test_a_date_after_on_is_not_part_of_a_body_name() -> None:
    text = "The ruling followed a lawsuit filed by the Kestria Senate on Sunday against the governor."
    assert not any("Sunday" in n for n in actor_names(text))


def test_a_number_word_before_an_acronym_names_nobody() -> None:
    text = "Not everyone agreed. One MP told reporters that the vote was rushed. Peter Hale said it was fair."
    names = actor_names(text)
    assert "One MP" not in names
    assert "Peter Hale" in names


def test_a_role_run_is_no_body() -> None:
    text = (
        "Senate Minority Whip Karl Dunmore said the bill would fail. "
        "The Blyth seat has always elected a Labour Member of Parliament."
    )
    names = actor_names(text)
    assert not any("Whip" in n for n in names)
    assert "Labour Member of Parliament" not in names


def test_faiths_storms_and_reservations_are_no_people() -> None:
    text = (
        "The first bomb went off inside the Roman Catholic cathedral. Forecasters said it would be named "
        "Tropical Storm Chantal. Herds were released on the Wind River Reservation on Monday."
    )
    names = actor_names(text)
    assert "Roman Catholic" not in names
    assert "Storm Chantal" not in names
    assert "River Reservation" not in names


def test_a_dotted_country_form_is_no_organisation() -> None:
    text = "According to the U.S. embassy in Dunmark, the man died on Monday. The embassy said more would follow."
    assert "U.S" not in actor_names(text)


def test_a_chamber_named_by_its_noun_is_an_actor_when_it_acts() -> None:
    text = (
        "The governor named Peter Hale as his deputy on Friday. The state's House of Representatives "
        "confirmed him, but the Senate rejected the nomination on Monday."
    )
    names = actor_names(text)
    assert "House of Representatives" in names
    assert "Senate" in names


def test_a_chamber_named_in_full_elsewhere_is_not_repeated_by_its_noun() -> None:
    text = "The Kestria Senate sued the governor on Monday. The Senate voted on Friday to remove him."
    names = actor_names(text)
    assert "Kestria Senate" in names
    assert "Senate" not in names


def test_a_capitalised_the_before_a_body_noun_describes_a_company() -> None:
    text = "The Dunvale aircraft maker is also working with the agency. The Dunvale company said nothing more."
    assert "Dunvale" in actor_names(text)


def test_a_place_based_modifier_is_no_body_name() -> None:
    text = "On Thursday, the Dunmark-based court issued a ruling in favour of the plaintiff, Mara Lindqvist."
    assert "Dunmark-based" not in actor_names(text)


def test_a_body_named_only_as_a_place_is_no_actor() -> None:
    text = (
        "Protesters gathered outside the Dunmark Legislative Council Complex on Monday. Peter Hale was taken "
        "to hospital and later studied at the Velmont Institute of Technology."
    )
    names = actor_names(text)
    assert "Dunmark Legislative Council Complex" not in names
    assert "Velmont Institute of Technology" not in names


def test_a_body_named_as_a_place_and_as_an_agent_stays() -> None:
    text = "Protesters gathered outside the Dunmark Council on Monday. The Dunmark Council voted to close the road."
    assert "Dunmark Council" in actor_names(text)


def test_a_chamber_led_by_a_demonym_is_named_with_it() -> None:
    text = "Peter Hale noted that the Libyan House of Representatives rejected the deal on Monday."
    assert "Libyan House of Representatives" in actor_names(text)


def test_a_party_member_noun_is_no_part_of_the_name() -> None:
    text = (
        "Senator Mara Ann Lindqvist proposed the bill. Democrat Lindqvist, a teacher, was first elected in 2012. "
        "Republican Peter Hale said the bill was rushed."
    )
    names = actor_names(text)
    assert not any(n.startswith(("Democrat ", "Republican ")) for n in names)
    assert "Peter Hale" in names


def test_boards_carriers_and_tribes_are_bodies() -> None:
    text = (
        "The Kestrian Transport Safety Board opened an inquiry on Monday. Dunvale Airlines said the plane was "
        "new. The Northern Velmo Tribe welcomed the herd."
    )
    names = actor_names(text)
    assert "Kestrian Transport Safety Board" in names
    assert "Dunvale Airlines" in names
    assert "Northern Velmo Tribe" in names


def test_a_sentence_opening_preposition_is_no_publisher() -> None:
    text = "Victims asked for measures against the abuse. Amongst reported cases, Cardinal Peter Hale was convicted."
    names = actor_names(text)
    assert "Amongst" not in names
    assert "Peter Hale" in names


def test_a_name_that_opens_sentences_as_their_subject_is_a_body() -> None:
    text = (
        "Reporters contacted Dunvex on Monday about the leak. Dunvex did not comment. "
        "Dunvex declined to say how many records were exposed."
    )
    assert "Dunvex" in actor_names(text)


def test_a_word_that_only_opens_sentences_is_no_body() -> None:
    text = "Officials met on Monday. Officials did not comment. Officials declined to say more."
    assert "Officials" not in actor_names(text)


def test_an_apposed_role_gives_the_title_and_the_body_the_affiliation() -> None:
    text = (
        "Shares of Dunvex fell 4% on Monday, said Helen Marsh, an analyst at Corvel & Co. The firm declined to "
        'comment. "It will pass," said Peter Hale, a senior economist at Velmont Bank.'
    )
    actors = {a.name: a for a in extract_drafts(text).actors}
    assert (actors["Helen Marsh"].title, actors["Helen Marsh"].affiliation) == ("analyst", "Corvel & Co.")
    assert (actors["Peter Hale"].title, actors["Peter Hale"].affiliation) == ("senior economist", "Velmont Bank")


def test_an_apposed_body_stops_at_the_sentence_end() -> None:
    text = "Peter Hale met Mara Lind, the president of the Dunmark Council. Tomas Brand said the talks went well."
    actors = {a.name: a for a in extract_drafts(text).actors}
    assert actors["Mara Lind"].affiliation == "Dunmark Council"


def test_a_form_of_address_is_no_part_of_a_name() -> None:
    text = (
        'The ruling read, "the oath of office as governor of the Honorable Pedro R. Hale Urrutia, secretary of '
        'state, is void." Mara Lind announced the passing of the former President, Cde [comrade] Tomas Brand.'
    )
    names = actor_names(text)
    assert not any(n.startswith(("Honorable", "Cde")) for n in names)


def test_a_body_named_with_and_without_its_group_noun_is_one_actor() -> None:
    text = (
        "On Saturday, the Velmo Raksa Party withdrew its candidate. The Velmo Raksa party did not say whom it "
        "would nominate instead."
    )
    names = actor_names(text)
    assert "Velmo Raksa Party" in names
    assert "Velmo Raksa" not in names


def test_a_bare_name_after_an_article_names_a_type_not_a_person() -> None:
    text = (
        'Mara Lind, nicknamed the "Peter Hale of Dunmark," had many followers. Critics said the party would '
        "need a Tomas Brand that it had never seen. Police foiled a Kestria Stock Exchange bomb plot in 2010."
    )
    names = actor_names(text)
    assert "Mara Lind" in names
    assert "Peter Hale" not in names and "Tomas Brand" not in names


def test_a_character_an_actor_plays_is_no_actor_of_the_story() -> None:
    text = (
        "Mara Lind died on Friday. Her role as Peter Hale in the film was a breakthrough, and critics praised "
        "her portrayal of singer Tomas Brandvold. Anna Kessler said she was a great actress."
    )
    names = actor_names(text)
    assert "Mara Lind" in names and "Anna Kessler" in names
    assert "Peter Hale" not in names and "Tomas Brandvold" not in names


def test_the_spouses_an_obituary_lists_are_no_actors() -> None:
    text = (
        "Mara Lind died on Monday aged 95. She was married in turn to Peter Hale, Tomas Brandvold, and "
        "conductor Anna Kessler. Mark Jolley said she was a great singer."
    )
    names = actor_names(text)
    assert "Mara Lind" in names and "Mark Jolley" in names
    assert not any(n in names for n in ("Peter Hale", "Tomas Brandvold", "Anna Kessler"))


@pytest.mark.parametrize("name", ["Harbor Logistics", "Vantor Energy", "Kestrel Pharmaceuticals"])
def test_a_company_named_by_its_sector_word_is_an_organisation_that_speaks(name: str) -> None:
    drafts = extract_drafts(f'{name} said it would cut 300 jobs. "This was hard," the company said.\n')
    assert [(a.name, a.type.value) for a in drafts.actors] == [(name, "organization")]
    assert [q.speaker for q in drafts.quotes] == [name]
