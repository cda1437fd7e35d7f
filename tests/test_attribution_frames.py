"""Attribution frames that must bind the subject, the owner or the author of the words, or nobody.

Every sentence here is invented for the test; none comes from a seed or
development article. Each test asserts the speaker a user would see.
"""

from __future__ import annotations

import pytest

from pipeline.extract.attribution import NESTED_QUOTE, ActorForms, QuoteFrames, check_speaker, find_mentions
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


def test_the_one_spoken_to_in_the_pronouns_own_sentence_is_not_who_he_is() -> None:
    # "Speaking to X, he said": X was addressed; "he" is the subject of the sentence before.
    actors = [person("ng", "Daniel Ng"), person("ruiz", "Carl Ruiz"), *CAST]
    text = (
        "Minister Daniel Ng of the interior accepted blame for the delay to the Carl Ruiz report. "
        'Speaking to Tunde Okoro of the radio station, he said, "It happened on my watch."'
    )
    assert speakers(text, actors) == ["ng"]


def test_a_quote_closing_its_sentence_ends_the_pronouns_sentence() -> None:
    # 'He said "..." The ..., Roberts said': Roberts in the next sentence is no reason to skip him.
    actors = [person("rob", "Troy Roberts"), person("dev", "Vin Dale"), *CAST]
    text = (
        'A witness, Vin Dale, said "it exploded." Engineer Troy Roberts said the road would be examined. '
        'He said "Guardrails can only take so much." The guardrail would be examined, Roberts said.'
    )
    assert speakers(text, actors)[1] == "rob"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the agent of a passive cue speaks, even with a title before the name
        ('At the briefing she was told by Interior Minister Tunde Okoro of "at least forty people missing".', ["ok"]),
        ('Mei Li was told by Tunde Okoro that "the road is closed".', ["ok"]),
        # the subject of a passive cue heard the words; with no agent nobody is named
        ('Mei Li was told: "Leave the building now."', [None]),
        ('Mei Li was informed by letter that "the contract is void".', [None]),
        # a progressive is no passive
        ('Mei Li was saying "the contract is void" when the line went dead.', ["li"]),
    ],
)
def test_a_passive_cue_binds_its_agent_never_its_subject(text: str, expected: list[str | None]) -> None:
    assert speakers(text, CAST) == expected


def test_a_role_coordinated_after_a_preposition_is_no_antecedent() -> None:
    # "met with the board and the fleet chief": the chief was met; "he" is the one who called the meeting.
    actors = [person("ng", "Daniel Ng"), person("ok", "Tunde Okoro", title="fleet chief"), *CAST]
    text = (
        "Tunde Okoro, the fleet chief, spoke first.\n\n"
        "President Daniel Ng called a meeting with the Armed Forces and Navy chief.\n\n"
        '"We will find out what happened," he told reporters.'
    )
    assert speakers(text, actors) == ["ng"]


def test_a_body_that_is_no_actor_may_stand_between_the_speaker_and_the_cue() -> None:
    text = 'Mei Li of The Night Owls also reacted on the radio, "A sad day for music."'
    assert speakers(text, CAST) == ["li"]


def test_a_name_the_lexicon_only_leans_on_does_not_block_a_pronoun() -> None:
    # "Kim" is mostly a woman's name to the lexicon, yet the article says "his": "He" may be Kim Park.
    actors = [person("kp", "Kim Park"), *CAST]
    text = 'Kim Park, who was jailed in 2010, wrote to his lawyer every week. He told her once: "Take the car."'
    assert speakers(text, actors) == ["kp"]


def test_an_abbreviated_body_after_its_person_leaves_the_person_speaking() -> None:
    actors = [person("ho", "Nia Holm"), body("nfa", "National Fisheries Agency"), *CAST]
    actors[1] = ActorForms("nfa", ("National Fisheries Agency", "NFA"), "body", None, "government_body")
    text = 'Nia Holm of the UK\'s National Fisheries Agency (NFA) said, "The stocks are recovering."'
    assert speakers(text, actors) == ["ho"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the quoted words complete the object of "called", "characterized ... as", "referred to ... as"
        ('Mei Li called the tariff plan "a slow disaster" on Monday.', ["li"]),
        ('Tunde Okoro characterized the talks with the union as "frank and useful."', ["ok"]),
        ('The levy, which Mei Li has referred to as "a tax on bread", passed.', ["li"]),
        # a phrasal "called for" asks for something; it reports no words of the caller
        ('Mei Li called for "calm and patience" in the city.', [None]),
        # a complement cue binds only the quotation that completes it, not one before it
        ('Acme Freight called the rise "steep", while Tunde Okoro called it "overdue".', ["acme", "ok"]),
        ('Traders said the rules were "so-called reforms" that nobody wanted.', [None]),
    ],
)
def test_a_complement_verb_binds_its_subject_to_the_quotation_that_completes_it(
    text: str, expected: list[str | None]
) -> None:
    assert speakers(text, CAST) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a document read out: its owner, its signer, or the subject who reads it
        ('Part of Mei Li\'s statement reads "the port will reopen in May."', ["li"]),
        ('"The port will reopen," reads Mei Li\'s statement.', ["li"]),
        ('The order signed by Tunde Okoro read "all trucks must stop at the gate."', ["ok"]),
        # "read" without a document reports nothing
        ('Mei Li read "War and Peace" twice that winter.', [None]),
    ],
)
def test_a_document_that_reads_gives_the_words_to_its_owner(text: str, expected: list[str | None]) -> None:
    assert speakers(text, CAST) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the object of "told" after the subject's apposition is who heard the words; the opening participle
        # hangs on the same subject
        ('Calling it "a fair start", Tunde Okoro, a dock worker, told Acme Freight "we will watch it."', ["ok", "ok"]),
        # a person of a body named with lowercase descriptors, or of "The ...", before the cue
        ('Mei Li of the freight union branch Acme Freight said "the trucks wait too long."', ["li"]),
        ('Tunde Okoro of The Harbour Times told reporters "the ferry was late."', ["ok"]),
        ('"The ferry was late," Tunde Okoro of the city harbour records office told the crowd.', ["ok"]),
        # a relative pronoun right after the name
        ('The bill was written by Mei Li, who said "it ends a long wait."', ["li"]),
    ],
)
def test_who_speaks_in_a_subject_with_an_affiliation_or_a_relative_clause(text: str, expected: list[str | None]) -> None:
    assert speakers(text, CAST) == expected


def test_the_object_of_told_is_never_the_speaker_even_after_a_comma() -> None:
    # The subject stands before a quoted name, out of the cue's reach: nobody, rather than the listener.
    text = 'Tunde Okoro of "Fair Pay", a charity, told Acme Freight "it is a lie."'
    assert speakers(text, CAST)[-1] is None


def test_words_quoted_inside_a_quotation_are_not_tied_to_its_speaker() -> None:
    text = 'Mei Li said, "Voters told us, \'Enough of the tolls.\' We listened."'
    frames = QuoteFrames(text)
    mentions = find_mentions(text, CAST, frames.quotes)
    inner = text.index("Enough")
    nested = check_speaker(frames, inner, inner + len("Enough of the tolls."), "li", mentions)
    outer = check_speaker(frames, text.index("Voters"), text.index(" We listened") + 13, "li", mentions)
    assert (nested.tied, nested.reason) == (False, NESTED_QUOTE)
    assert outer.tied


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after "with", a name followed by a participle is its subject
        ('Work stopped on Tuesday, with Mei Li describing "a real threat of collapse".', ["li"]),
        # the one spoken to is not the subject of the verb after it; the one speaking is
        ('Tunde Okoro speaking to Acme Freight called the plan "reckless".', ["ok"]),
        ('After speaking to Acme Freight, the mayor called the plan "reckless".', [None]),
    ],
)
def test_a_name_after_with_or_to_and_the_cue_after_it(text: str, expected: list[str | None]) -> None:
    assert speakers(text, CAST) == expected


@pytest.mark.parametrize(
    ("text", "actors", "expected"),
    [
        # a sentence ends before a quotation that opens on an editor's bracket
        (
            'Mei Li called the vote "a breach," according to Acme Freight. "[T]he port stays shut," she said.',
            CAST,
            ["li", "li"],
        ),
        # two quotations joined by "and" complete one complement verb
        ('The fee, which Mei Li has referred to as "a stunt" and a "sham", stays.', CAST, ["li", "li"]),
        # a role noun after "the" owns the statement it reads out
        (
            'Judge Mei Li ruled on Friday.\nPart of the judge\'s statement reads "the rule is void."',
            [person("li", "Mei Li", title="Judge"), *CAST[1:]],
            ["li"],
        ),
        # the subject of a relative clause, or a relation apposed to "his", is not what "he" carries on
        (
            'Tunde Okoro agreed to a pact under which Omar Haddad became premier. "I will stay," he declared.',
            [person("ok", "Tunde Okoro"), person("om", "Omar Haddad")],
            ["ok"],
        ),
        (
            'Tunde Okoro endorsed his former rival, Omar Haddad. "We unite today," he said.',
            [person("ok", "Tunde Okoro"), person("om", "Omar Haddad")],
            ["ok"],
        ),
        # a capitalised title with "of" between an inverted cue and the name
        ('"We are in awe," tweeted Mayor of Leeds Mei Li.', CAST, ["li"]),
        # the cue nearest the words has an unnamed speaker of its own
        ('Acme Freight reported its source said "three trucks" burned.', CAST, [None]),
        ('Mei Li said a witness told her "the lorry never stopped."', CAST, [None]),
    ],
)
def test_frames_around_sentences_roles_and_unnamed_speakers(
    text: str, actors: list[ActorForms], expected: list[str | None]
) -> None:
    assert speakers(text, actors) == expected


def test_a_passive_cue_without_an_agent_gives_nobody_even_beside_a_source() -> None:
    text = 'The town, according to Acme Freight, was called "the workhorse of the coast" for years.'
    assert speakers(text, CAST) == [None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb of taking a stand before a colon introduces its subject's words, not those of a body in her title
        ('Former Acme Freight chief Mei Li praised Tunde Okoro on Twitter: "He never stopped."', ["li"]),
        ('Tunde Okoro of Acme Freight disagreed with these findings: "The data are thin."', ["ok"]),
    ],
)
def test_a_stance_verb_before_a_colon_introduces_its_subjects_words(text: str, expected: list[str | None]) -> None:
    assert speakers(text, CAST) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb of judging reports words only with "as" before them
        ('Mei Li condemned the raid as "cowardly" and "cruel".', ["li", "li"]),
        ('Mei Li praised the crew "for their work".', [None]),
        # an unnamed spokesperson speaks for the body; unnamed lawyers do not make their client speak
        ('"We are shocked," an Acme Freight spokesperson said.', ["acme"]),
        ('Lawyers for Tunde Okoro said he was "innocent".', [None]),
        # a possessor before a colon is not who speaks
        ('Mei Li\'s lawyer said: "She is innocent."', [None]),
    ],
)
def test_judging_verbs_spokespeople_and_representatives(text: str, expected: list[str | None]) -> None:
    assert speakers(text, CAST) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a pronoun opening a new sentence carries on the last sentence's subject, not its object
        ('Mei Li said she had warned Tunde Okoro. "He ignored me," she said.', ["li"]),
        ('Tunde Okoro said Mei Li had warned him. "She was right," he said.', ["ok"]),
        # unless that subject is a preposition's object: then the nearest name it may mean
        ('The prize went to Mei Li. "I am stunned," she said.', ["li"]),
    ],
)
def test_a_speaking_pronoun_carries_on_the_last_sentences_subject(text: str, expected: list[str | None]) -> None:
    assert speakers(text, [person("li", "Mei Li"), person("ok", "Tunde Okoro")]) == expected


def test_a_title_after_a_copular_verb_is_no_mention_of_its_holder() -> None:
    text = "Omar Haddad became premier in May. The premier spoke first. Kestrian Premier thanked the crew."
    actors = [person("om", "Omar Haddad", title="premier")]
    roles = [m.start for m in find_mentions(text, actors) if m.kind == "role"]
    assert roles == [text.index("The premier") + 4, text.index("Premier thanked")]
