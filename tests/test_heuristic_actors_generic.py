"""Actors across domains in the heuristic backend: generic rules, each on an invented sentence."""

import pytest

from pipeline.backends.heuristic.extractor import extract_drafts
from schemas.draft import ActorDraft
from tests.heuristic_samples import actor_names


def test_title_case_headline_words_are_no_actors() -> None:
    text = (
        "Who Will Carry the Cost of Dunmark's Debts?\n\n"
        "Shareholders of Dunmark met on Monday. Lenders to Dunmark waited, and the board of Dunmark agreed."
    )
    names = actor_names(text)
    assert not any("Will" in n for n in names)
    assert "Dunmark" in names  # a body subject whose first use is in the headline stays


def test_a_legal_form_ends_a_company_name_and_its_short_forms_join_it() -> None:
    text = (
        "The Kestrian brewer Orvel Brau Holding GmbH bought a rival on Monday. "
        "Orvel Brau said the deal would close in May. Analysts said Orvel Brau Holding had overpaid."
    )
    actors = extract_drafts(text).actors
    assert [a.name for a in actors if "Orvel" in a.name] == ["Orvel Brau Holding GmbH"]
    assert actors[[a.name for a in actors].index("Orvel Brau Holding GmbH")].type == "organization"


def test_a_dotted_legal_form_is_part_of_the_name() -> None:
    text = "Shares of Dunmark Minera S.A. de C.V. fell on Tuesday after the mine flooded."
    assert "Dunmark Minera S.A. de C.V." in actor_names(text)


def test_an_abbreviation_in_parentheses_spells_the_whole_name_before_it() -> None:
    text = "According to Voices from Kestria (VFK), the mill closed. VFK said 300 jobs were lost."
    actors = extract_drafts(text).actors
    assert [(a.name, a.aliases) for a in actors if "Voices" in a.name] == [("Voices from Kestria", ["VFK"])]


def test_a_law_or_scheme_is_no_actor() -> None:
    text = (
        "Dunmark was fined under the Clean Rivers Act (CRA) and the Harbour Safety Regulations for Ferries. "
        "The Northern Link Project of Shared Interest was delayed, Orvel Group said."
    )
    names = actor_names(text)
    assert not any(w in n for n in names for w in ("Act", "Regulations", "Project"))
    assert "Orvel Group" in names


def _actor(text: str, name: str) -> ActorDraft:
    return next(a for a in extract_drafts(text).actors if a.name == name)


def test_a_name_opening_with_an_extended_latin_capital_is_found_with_its_title() -> None:
    text = 'Labour Minister Łucja Wrzosek said "We will not close the mine," on Friday.'
    assert _actor(text, "Łucja Wrzosek").title == "Labour Minister"


def test_a_law_officer_title_attaches_instead_of_joining_the_name() -> None:
    text = "Prosecutor Halina Dworak told reporters the suspect would be charged with arson."
    assert "Prosecutor Halina Dworak" not in actor_names(text)
    assert _actor(text, "Halina Dworak").title == "Prosecutor"


def test_an_elect_title_attaches_and_the_surname_joins_the_full_name() -> None:
    text = (
        "Voters chose Marta Quellen on Sunday. Governor-elect Quellen said she would cut the fuel tax, "
        "and Quellen thanked her staff."
    )
    names = actor_names(text)
    assert names.count("Marta Quellen") == 1 and not any("elect" in n for n in names)
    assert _actor(text, "Marta Quellen").title == "Governor-elect"


def test_a_double_given_name_opens_a_name_and_its_surname_mentions_join_it() -> None:
    text = (
        "Pierre-Louis Van Damme, a farmer, sued the water board on Monday. "
        "Van Damme said the board had poisoned his wells."
    )
    assert [n for n in actor_names(text) if "Damme" in n] == ["Pierre-Louis Van Damme"]


def test_a_compound_modifier_is_no_given_name() -> None:
    text = "Police said Kestria-backed Harbour Watch had blocked the port, and Harbour Watch denied it."
    assert not any(n.startswith("Kestria-backed") for n in actor_names(text))


def test_an_apostrophe_closing_a_quoted_name_is_not_part_of_it() -> None:
    text = "The suspect, named only as 'Tomas K', was charged on Friday. Tomas K denied the charge."
    assert [n for n in actor_names(text) if "Tomas" in n] == ["Tomas K"]


def test_a_capitalised_role_of_a_place_before_a_name_marks_the_whole_name() -> None:
    text = "The Archbishop of Verlin, Sławoj Ignacy Brzoza, said he would pray for the victims."
    names = actor_names(text)
    assert "Sławoj Ignacy Brzoza" in names and "Ignacy Brzoza" not in names


def test_a_source_after_a_passive_or_inverted_reporting_verb_is_an_organisation() -> None:
    text = (
        'The dam gave way at dawn, as reported by the Valmora Ledger. "Nobody warned us," stated Ostra Radio '
        "online."
    )
    types = {a.name: a.type for a in extract_drafts(text).actors}
    assert types.get("Valmora Ledger") == "organization" and types.get("Ostra Radio") == "organization"


def test_a_newspaper_name_may_open_with_a_country() -> None:
    text = "The talks collapsed on Monday, Chile Herald reported, after the envoy left."
    assert "Chile Herald" in actor_names(text)


def test_a_compass_led_place_that_acts_is_one_country_actor_named_whole() -> None:
    text = 'Northern Chile has urged drivers to "stay home" during the storm, officials said.'
    actors = extract_drafts(text).actors
    assert [(a.name, a.type) for a in actors] == [("Northern Chile", "country")]
    assert actors[0].evidence[0] == "Northern Chile"


def test_lower_case_titles_and_portfolios_attach_to_the_name() -> None:
    text = (
        "The ruling by judge Anneli Korva was welcomed by energy minister Tomas Rein, while Orvel CEO "
        "Greta Halm and Minister for Foreign Affairs Ilse Marr said nothing. Secretary of State Ruth Ohm "
        "called it fair."
    )
    titles = {a.name: a.title for a in extract_drafts(text).actors}
    assert titles.get("Anneli Korva") == "judge"
    assert titles.get("Tomas Rein") == "energy minister"
    assert titles.get("Greta Halm") == "CEO"
    assert titles.get("Ilse Marr") == "Minister for Foreign Affairs"
    assert titles.get("Ruth Ohm") == "Secretary of State"


def test_a_speaker_whose_name_ends_in_a_body_word_is_an_organisation() -> None:
    text = 'Orvel Cloud Services said "the outage is over" on Monday, after customers complained.'
    types = {a.name: a.type for a in extract_drafts(text).actors}
    assert types.get("Orvel Cloud Services") == "organization"


@pytest.mark.parametrize(
    ("text", "person", "bodies"),
    [
        (
            (
                "Kestrian Water Ministry spokesman Anton Lerch said the dam was safe. "
                "The Green Harbour Party candidate disagreed."
            ),
            "Anton Lerch",
            ("Ministry", "Party"),
        ),
        (
            (
                "Kestrel Wildlife Society executive director Maren Holt said the park must stay closed. "
                "She is a member of the Regional Park Council and spoke for an hour."
            ),
            "Maren Holt",
            ("Society", "Council"),
        ),
    ],
)
def test_a_body_named_only_as_an_affiliation_is_no_actor(
    text: str, person: str, bodies: tuple[str, ...]
) -> None:
    """Before a lower-case role or office noun, or after 'member of', a body is the person's affiliation."""
    names = actor_names(text)
    assert person in names
    assert not any(word in n for n in names for word in bodies)


def test_a_body_that_acts_is_still_an_actor() -> None:
    text = "The Kestrian Water Ministry said on Monday that the dam was safe."
    assert "Kestrian Water Ministry" in actor_names(text)


def test_a_one_word_body_used_twice_as_a_subject_is_an_organisation() -> None:
    text = (
        "Critics believe that the Varnhof is tightening its grip on the regions. "
        "Observers say the Varnhof has never allowed a free vote there."
    )
    assert "Varnhof" in actor_names(text)


def test_a_described_name_ends_with_its_sentence() -> None:
    text = "Orvel sold its chain Dunmark. Speaking to reporters, Orvel said Dunmark had lost money for years."
    names = actor_names(text)
    assert "Dunmark" in names and not any("Speaking" in n for n in names)


def test_a_lone_letter_after_a_platform_noun_is_no_organisation() -> None:
    text = "Rosa Lind said on Monday that she would resign, posting on the platform Q.\nLind left at noon."
    assert "Q" not in actor_names(text)


def test_a_body_noun_after_a_name_marks_an_organisation() -> None:
    text = "Analysts named the Brenvik chain as the likeliest buyer of the stores."
    assert "Brenvik" in actor_names(text)


def test_a_middle_initial_and_a_given_name_ending_in_ly_keep_the_title() -> None:
    text = "On Monday, harbour authority administrator Kelly R. Dunne wrote to the minister."
    assert _actor(text, "Kelly R. Dunne").title == "administrator"


def test_a_role_title_outranks_an_honorific() -> None:
    text = (
        "Mr. Anton Lerch greeted the crowd on Sunday. The now-Prime Minister Anton Lerch promised jobs, "
        "and Lerch said he would start at once."
    )
    assert _actor(text, "Anton Lerch").title == "Prime Minister"


def test_a_minority_leader_keeps_the_whole_role() -> None:
    text = "Senate minority leader Ilse Marr said the bill would fail."
    assert _actor(text, "Ilse Marr").title == "minority leader"


def test_a_reporter_sign_off_is_no_actor() -> None:
    text = (
        "Floods cut the road to the port on Monday, police said. "
        "Harbour TV's Anton Lerch reports from Verlin.\n\nThe port reopened on Tuesday."
    )
    assert not any("Lerch" in n for n in actor_names(text))


def test_a_possessed_name_is_not_taken_for_the_possessor_body() -> None:
    text = "The port stayed shut on Monday, according to Harbour TV's Anton Lerch, who saw the damage."
    assert not any("'s" in n for n in actor_names(text))


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        (
            'She married musician Al Verhoek in 1941, and Verhoek said "it was love."',
            "Al Verhoek",
            "musician",
        ),
        ('Fashion designer Lina Orvel said "the dress was hers."', "Lina Orvel", "Fashion designer"),
        (
            'The plan was praised by political strategist Gleb Ostrov, who said "it works."',
            "Gleb Ostrov",
            "political strategist",
        ),
        (
            'The tour was run by the producer Marta Quellen, who said "we sold out."',
            "Marta Quellen",
            "producer",
        ),
    ],
)
def test_a_lower_case_occupation_before_a_name_is_a_person_and_their_title(
    text: str, name: str, title: str
) -> None:
    assert _actor(text, name).title == title


def test_a_birth_name_is_an_alias_not_a_second_person() -> None:
    text = (
        "Singer Lina Orvel has died, her family said. Orvel was born Carolina Maria Ostrova in Verlin in 1931. "
        'Lina Orvel said in 1990 "I sang for my mother."'
    )
    actors = [a for a in extract_drafts(text).actors if a.type == "person"]
    assert [(a.name, a.aliases) for a in actors] == [("Lina Orvel", ["Carolina Maria Ostrova"])]
