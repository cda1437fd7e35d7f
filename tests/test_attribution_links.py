"""Reporting frames of wider news English: affiliations, relations, documents, carried-on speech.

Every sentence is invented for the test; none comes from a seed or
development article. Each asserts the speaker a reader would name.
"""

from __future__ import annotations

import pytest

from pipeline.backends.heuristic.extractor import extract_drafts
from pipeline.extract.attribution import ActorForms, find_mentions
from tests.attribution_samples import body, person, speakers

CAST = [
    person("li", "Mei Li"),
    person("ok", "Tunde Okoro"),
    body("acme", "Acme Freight"),
    body("ledger", "Harbour Ledger"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the person at the head of an affiliation speaks, not the body next to the cue
        ('Mei Li of Acme Freight told the press on Monday, "The cranes are idle."', ["li"]),
        ('Mei Li, of Acme Freight, said, "The cranes are idle."', ["li"]),
        ('Mei Li of Acme Freight and contributor to Harbour Ledger wrote, "The cranes are idle."', ["li"]),
        # a relation apposed after an inverted cue ("said his father, Li,")
        ('"The day is hard for me," said his colleague, Tunde Okoro, after the ceremony.', ["ok"]),
        # a document and its author after "according to"
        ('According to a statement released by Okoro\'s office, "the port reopens" on Monday.', ["ok"]),
        # the subject of the clause a relative cue on a document hangs on
        ('Acme Freight released a statement which read, in part, "We regret the delay."', ["acme"]),
        # speech verbs beyond "said"
        ('Mei Li spoke of the new partner: "It is fun working with them."', ["li"]),
        ('Tunde Okoro alleged, by way of example, the firm had "broken every rule," in 2019.', ["ok"]),
        ('Mei Li spoke on the radio, "This will lead to more delays."', ["li"]),
        # a verb that carries the speech on
        ('Mei Li spoke to the board. She went on to say, "The cranes are idle."', ["li"]),
        # the cue in the sentence before, across a long apposition
        (
            "Tunde Okoro, who was the harbour authority's special envoy to the regional shipping council until"
            ' December, also criticized the decision on the radio. "The statement shows no understanding."',
            ["ok"],
        ),
    ],
)
def test_frames_of_wider_news_english_bind_the_speaker(text: str, expected: list[str | None]) -> None:
    assert speakers(text, CAST) == expected


def test_the_first_of_two_family_names_and_an_unaccented_spelling_are_mentions_of_the_person() -> None:
    actors = [person("ruiz", "Ana Ruiz Vidal"), person("erd", "Kemal Erdoğan")]
    text = 'Ana Ruiz Vidal met Kemal Erdoğan. In a statement, Ruiz said, "We agree." Erdogan said, "So do we."'
    assert speakers(text, actors) == ["ruiz", "erd"]


def test_a_one_word_actor_owns_its_name_rather_than_sharing_it_with_a_surname() -> None:
    actors = [ActorForms("full", ("Ana Ruiz Vidal",), "person"), ActorForms("short", ("Ruiz",), "person")]
    found = find_mentions("Ana Ruiz Vidal resigned. Ruiz said it was time.", actors)
    bare = [m for m in found if m.start > 20]
    assert [(m.actor, m.alts) for m in bare] == [("short", ())]


def test_a_person_is_cut_out_of_the_body_written_beside_them() -> None:
    text = (
        'Former envoy to the United Nations Mara Lindqvist wrote on Friday, "We must act." '
        'Tomas Berglund of the University of Kessel, speaking to a radio station, said, "It is bad."'
    )
    drafts = extract_drafts(text)
    kinds = {a.name: a.type.value for a in drafts.actors}
    assert kinds.get("Mara Lindqvist") == "person"
    assert kinds.get("Tomas Berglund") == "person"
    assert kinds.get("University of Kessel") == "organization"
    assert not any("Lindqvist" in n and n != "Mara Lindqvist" for n in kinds)
    assert [q.speaker for q in drafts.quotes] == ["Mara Lindqvist", "Tomas Berglund"]


def test_she_is_not_a_man_the_name_lexicon_is_sure_of() -> None:
    actors = [person("anna", "Anna Berg"), person("omar", "Omar Haddad")]
    text = 'Anna Berg met Omar Haddad at the port. She told a guard, "They took everything."'
    assert speakers(text, actors) == ["anna"]
    assert speakers('Omar Haddad met Anna Berg. He said, "We will return."', actors) == ["omar"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after a participle cue comes its object; the speaker is the clause's subject
        ('Acme Freight did not comment further, telling Harbour Ledger the firm "regrets the loss."', ["acme"]),
        # the agent of a passive cue
        ('The vote was described by Mei Li as a "clear mandate" for change.', ["li"]),
        # a cue that is the second verb of its clause
        ('Tunde Okoro visited the crew and said, "The port will reopen."', ["ok"]),
        # more verbs of speech
        ('Mei Li reacted on the radio, "Sad news for the harbour."', ["li"]),
        ('Tunde Okoro pointed out he had "never owned a ship."', ["ok"]),
        ('In the letter, Mei Li cited the firm\'s "repeated failures" as the reason.', ["li"]),
    ],
)
def test_participles_passives_and_coordinated_cues_bind_the_subject(text: str, expected: list[str | None]) -> None:
    assert speakers(text, CAST) == expected


def test_two_subjects_joined_by_and_leave_the_second_cue_to_nobody() -> None:
    text = 'Mei Li arrived late and Tunde Okoro walked out, and said, "We are done."'
    assert speakers(text, CAST) != ["li"]


def test_the_author_of_a_document_is_the_person_not_the_country_adjective_before_their_title() -> None:
    actors = [*CAST, ActorForms("kes", ("Kestria",), "country")]
    text = 'He was "one of the most wanted men," according to a statement by Kestrian Prime Minister Mei Li.'
    assert speakers(text, actors) == ["li"]
