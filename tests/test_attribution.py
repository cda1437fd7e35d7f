"""Attribution: who the article ties a quotation to, for each reporting frame of news English.

Every sentence here is invented for the test; none comes from a seed article.
"""

from __future__ import annotations

import pytest

from pipeline.extract.attribution import QuoteFrames, attribute, check_speaker, find_mentions
from pipeline.extract.resolve import Resolver
from schemas import ActorDraft, ActorType, Extraction, QuoteDraft, QuoteKind, WarningCode
from tests.attribution_samples import body, person, speakers

PEOPLE = [
    person("li", "Mei Li", title="mayor"),
    person("ok", "Tunde Okoro", title="chief executive"),
    body("acme", "Acme Freight"),
    body("min", "Ministry of Transport", "government_body"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # speaker and verb after the quote, either order
        ('"The bridge is safe," Mei Li said on Tuesday.', ["li"]),
        ('"The bridge is safe," said Mei Li, the mayor.', ["li"]),
        # other reporting verbs
        ('Mei Li told reporters the bridge "is safe".', ["li"]),
        ('"We were lucky," Mei Li recalled.', ["li"]),
        ('Tunde Okoro wrote on Facebook that the crew "did everything right".', ["ok"]),
        # apposition and title between speaker and verb
        ('Tunde Okoro, chief executive of Acme Freight, said in the statement: "Nobody was hurt."', ["ok"]),
        # relation prefix: the named person in apposition is the speaker, not the possessor
        ('Mei Li\'s brother, Tunde Okoro, wrote: "She never gave up."', ["ok"]),
        # colon-introduced quote
        ('Mei Li was blunt. She wrote: "This cannot happen again."', ["li"]),
        # according to
        ('The line will reopen "within days", according to the Ministry of Transport.', ["min"]),
        # surname only, after the full name was given
        ('Mei Li opened the bridge. "It is a good day," Li said.', ["li"]),
    ],
)
def test_each_reporting_frame_names_the_speaker(text: str, expected: list[str | None]) -> None:
    assert speakers(text, PEOPLE) == expected


def test_pronoun_and_role_nouns_resolve_to_the_named_actor() -> None:
    text = (
        'Acme Freight confirmed the delay. "All cargo is insured," the company said in a statement.\n'
        'Mei Li visited the port. "We will help," she said.'
    )
    assert speakers(text, PEOPLE) == ["acme", "li"]


def test_quote_after_a_sentence_naming_the_speaker_takes_that_speaker() -> None:
    text = 'Tunde Okoro said the ship would sail. "The crew is ready."'
    assert speakers(text, PEOPLE) == ["ok"]


def test_continuation_paragraph_carries_the_speaker_on() -> None:
    text = '"We lost a friend," Mei Li said.\n"He was the best of us."\n"We will remember him."'
    assert speakers(text, PEOPLE) == ["li", "li", "li"]


def test_unclear_speaker_is_null_with_a_reason() -> None:
    text = 'The report found that the bridge was "structurally sound".'
    frames = QuoteFrames(text)
    found = attribute(frames, frames.quotes[0], find_mentions(text, PEOPLE))
    assert found.speaker is None and found.reason


def test_said_that_names_what_was_said_not_who_said_it() -> None:
    text = 'An official said that Tunde Okoro had been "reckless".'
    assert speakers(text, PEOPLE) == [None]


def test_shared_surname_does_not_pick_one_of_two_people() -> None:
    actors = [person("a", "Anna Berg"), person("b", "Karl Berg")]
    text = 'Anna Berg and Karl Berg spoke. "We are proud," Berg said.'
    frames = QuoteFrames(text)
    mentions = find_mentions(text, actors)
    assert attribute(frames, frames.quotes[0], mentions).speaker is None
    words = text.index("We are")
    assert check_speaker(frames, words, words + 12, "a", mentions).tied


def test_check_refuses_a_speaker_the_cue_gives_to_someone_else() -> None:
    text = 'Mei Li met Tunde Okoro. "The port stays open," Okoro said.'
    frames = QuoteFrames(text)
    mentions = find_mentions(text, PEOPLE)
    words = text.index("The port")
    assert check_speaker(frames, words, words + 19, "ok", mentions).tied
    refused = check_speaker(frames, words, words + 19, "li", mentions)
    assert not refused.tied and refused.other == "ok"


def _swapped() -> Extraction:
    return Extraction(
        actors=[
            ActorDraft(name="Mei Li", type=ActorType.person, evidence=["Mei Li"]),
            ActorDraft(name="Tunde Okoro", type=ActorType.person, evidence=["Tunde Okoro"]),
        ],
        quotes=[QuoteDraft(text="The port stays open,", speaker="Mei Li", kind=QuoteKind.direct)],
    )


TEXT = 'Mei Li met Tunde Okoro on Monday. "The port stays open," Okoro said.'


def test_strict_grounding_nulls_a_swapped_speaker_with_a_warning_naming_it() -> None:
    resolver = Resolver(TEXT)
    assert any("does not tie it to 'Mei Li'" in p for p in resolver.problems(_swapped()))
    records, warnings = resolver.build(_swapped())
    assert records.quotes[0].speaker_id is None
    [warning] = [w for w in warnings if w.code is WarningCode.speaker_unattributed]
    assert "'Mei Li'" in warning.message and "'Tunde Okoro'" in warning.message
    assert resolver.counts.speakers_nulled == 1 and resolver.counts.reasked == 1


def test_lenient_grounding_keeps_the_speaker_and_warns() -> None:
    resolver = Resolver(TEXT, grounding="lenient")
    records, warnings = resolver.build(_swapped())
    assert records.quotes[0].speaker_id == "a1"
    assert any(w.code is WarningCode.speaker_unattributed for w in warnings)
    assert resolver.counts.speakers_kept == 1


def test_a_tied_speaker_records_the_attribution_span() -> None:
    ex = _swapped()
    ex.quotes[0].speaker = "Tunde Okoro"
    records, _ = Resolver(TEXT).build(ex)
    span = records.quotes[0].attribution
    assert span is not None and TEXT[span.start : span.end] == span.text == "Okoro said"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a participle cue hangs on its main clause: the clause subject speaks, not a possessor before it
        ('After Li\'s visit, Tunde Okoro issued a statement, saying "the depot will reopen".', ["ok"]),
        # ... and a name that is only an object leaves the speaker unknown
        ('A witness described for Acme Freight how the fire spread, stating "it was over in minutes".', [None]),
        # "are calling" is a finite verb, not a participle cue
        ('Tunde Okoro won what commentators are calling a "landslide" victory.', [None]),
        # a colon after a sentence that introduces no words binds nobody
        ('Acme Freight has a new depot: "the biggest in the region".', [None]),
        # a possessive role noun: the foundation speaks, not its founder
        ('Mei Li\'s freight foundation said she was "in good health".', [None]),
    ],
)
def test_frames_that_must_not_bind_the_nearest_name(text: str, expected: list[str | None]) -> None:
    assert speakers(text, PEOPLE) == expected


def test_a_pronoun_never_means_someone_named_later_in_its_own_sentence() -> None:
    text = 'Tunde Okoro spoke first. Mei Li arrived. He then criticised Mei Li\'s plan, saying it was "a mistake".'
    assert speakers(text, PEOPLE) == ["ok"]


def test_names_inside_quotation_marks_are_no_antecedents_for_the_reporters_pronoun() -> None:
    text = 'Tunde Okoro said: "I thank Mayor Mei Li." He added, "We start on Monday."'
    assert speakers(text, PEOPLE) == ["ok", "ok"]


def test_a_pronoun_after_the_cue_is_its_object_not_its_speaker() -> None:
    text = 'Tunde Okoro commented on the deal, calling it "a bad bargain".'
    assert speakers(text, PEOPLE) == ["ok"]
