"""Attribution frames that must bind the subject, the owner or the author of the words, or nobody.

Every sentence here is invented for the test; none comes from a seed or
development article. Each test asserts the speaker a user would see.
"""

from __future__ import annotations

import pytest

from pipeline.extract.attribution import ActorForms
from tests.attribution_samples import body, person, speakers

CAST = [
    person("li", "Mei Li"),
    person("ok", "Tunde Okoro"),
    body("acme", "Acme Freight"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the object of the cue is who was described, not who described
        ('A neighbour described Mei Li to the paper in 2001: "She was fearless."', [None]),
        # a prepositional object after the cue is the addressee
        ('"We will stay," the pilot said to Tunde Okoro.', [None]),
        ('A witness told Mei Li: "The lorry never stopped."', [None]),
        # an inverted cue still has its speaker after it
        ('"We will stay," said Tunde Okoro.', ["ok"]),
    ],
)
def test_a_name_after_a_cue_with_a_subject_is_its_object_not_its_speaker(
    text: str, expected: list[str | None]
) -> None:
    assert speakers(text, CAST) == expected


def test_a_name_form_that_runs_into_its_cue_still_binds_as_the_subject() -> None:
    # Evidence-derived forms may carry the verb ("Ana Ruiz described"); the name stops before it.
    actors = [person("ruiz", "Ana Ruiz", "Ana Ruiz described"), *CAST]
    text = 'Designer Ana Ruiz described Mei Li to the paper: "She was fearless."'
    assert speakers(text, actors) == ["ruiz"]


def test_a_family_name_written_first_is_joined_to_the_full_name() -> None:
    actors = [person("zhao", "Zhao Lan"), *CAST]
    text = 'Zhao Lan, a river engineer, spoke first.\n"The water is clean," Zhao said.'
    assert speakers(text, actors) == ["zhao"]


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        # before the full name is given the token means nobody yet
        ('"The water is clean," Zhao said. Zhao Lan then left.', [person("zhao", "Zhao Lan")]),
        # another actor's surname: the token cannot say which of the two spoke
        (
            'Zhao Lan met Wu Zhao at the dam.\n"The water is clean," Zhao said.',
            [person("zhao", "Zhao Lan"), person("wu", "Wu Zhao")],
        ),
        # a token the article also writes in lower case is an English word, not a name
        ('Will Dunne arrived. We will see.\n"It works," Will said.', [person("wd", "Will Dunne")]),
    ],
)
def test_a_first_token_that_may_mean_someone_else_binds_nobody(text: str, actors: list[ActorForms]) -> None:
    assert speakers(text, actors) == [None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the cue across the semicolon is nearer but reports something else
        ('Mei Li said the old wooden pier by the harbour was in "poor" shape; Acme Freight reported repairs.', ["li"]),
        # the quotation's own clause has no cue: nobody is named for it
        ('The road was "closed for weeks"; Acme Freight reported new routes.', [None]),
    ],
)
def test_a_cue_does_not_reach_across_a_semicolon(text: str, expected: list[str | None]) -> None:
    assert speakers(text, CAST) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the clause subject carries on, not the name after "with"
        ('On Friday Tunde Okoro flew home, then met with Mayor Mei Li. He noted "the port is busy".', ["ok"]),
        # a weekday after "on" is no preposition's object: Okoro is the subject
        ('On Tuesday Tunde Okoro met with Mei Li. He said "we agree on the fees".', ["ok"]),
        # with nobody else in its sentence, the prepositional object is the antecedent
        ('The prize went to Mei Li. She said "it belongs to the crew".', ["li"]),
    ],
)
def test_a_pronoun_prefers_the_clause_subject_over_a_prepositional_object(
    text: str, expected: list[str | None]
) -> None:
    assert speakers(text, CAST) == expected


def test_a_qualified_place_name_is_not_the_shorter_name() -> None:
    actors = [ActorForms("kor", ("Korea",), "country", None, "country")]
    text = 'South Korea has urged travellers to "stay alert" at airports.'
    assert speakers(text, actors) == [None]


def test_a_role_noun_binds_the_one_body_so_called_even_when_it_is_named_later() -> None:
    actors = [*CAST, body("fdn", "Mei Li Rescue Foundation")]
    text = 'Mei Li\'s rescue foundation said the dogs were "all safe". She set up the Mei Li Rescue Foundation in 1990.'
    assert speakers(text, actors) == ["fdn"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the quotation is the content of his announcement: he spoke
        ('Tunde Okoro resigned on Monday, and his announcement that "the board must change" surprised staff.', ["ok"]),
        ('Tunde Okoro spoke after Mei Li\'s statement that "the fees will fall".', ["li"]),
        # the letter is only what he replied to: the replier speaks, not the letter's writer
        ('Mei Li wrote to the board. Tunde Okoro replied to her letter on Monday, calling for "calm on all sides".', ["ok"]),
    ],
)
def test_the_owner_of_a_noun_of_speech_speaks_its_content(text: str, expected: list[str | None]) -> None:
    assert speakers(text, CAST) == expected


def test_the_author_of_a_post_speaks_when_the_cue_names_nobody() -> None:
    text = 'The newsletter, in a post by Tunde Okoro, also suggested that it was "a turning point".'
    assert speakers(text, CAST) == ["ok"]


def test_thanking_is_a_reporting_frame() -> None:
    text = 'The mayor of the port, Mei Li, thanked "every volunteer who came out in the rain".'
    assert speakers(text, CAST) == ["li"]
