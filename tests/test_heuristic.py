"""The offline heuristic extractor on small invented articles.

People, towns, provinces and groups here are made up (countries are real:
the country list is general knowledge); the rules must work on articles
nobody tuned them on.
"""

from __future__ import annotations

import time

import pytest

from pipeline.backends.heuristic.extractor import extract_drafts
from pipeline.text.sentences import find_quotes, sentences
from schemas import ActorType, AgreementStatus, EventType, Extraction, ParticipantRole, QuoteKind

ARTICLE = (
    "Defence Minister Lena Okafor said on Tuesday that government troops had retaken the town of Marrow.\n"
    '"We will not allow the Northern Liberation Front to hold a single village," Okafor said at a press conference.\n'
    "The Northern Liberation Front (NLF), also known as the Red Banner, is an insurgent group active in the north.\n"
    "Its leader, Tomas Varga, was killed in an airstrike in Kessel province on Friday night, officials said.\n"
    "Chile and Peru signed an agreement last year to end the border dispute by June 2026.\n"
    "Norwegian President Ivo Brandt visited Kenya on Monday. "
    'He called the talks "a turning point for the whole region."\n'
)


@pytest.fixture(scope="module")
def result() -> Extraction:
    return extract_drafts(ARTICLE)


def _actor(ext: Extraction, name: str):
    return next(a for a in ext.actors if a.name == name)


def test_titled_person_has_name_and_title(result: Extraction) -> None:
    okafor = _actor(result, "Lena Okafor")
    assert okafor.type is ActorType.person
    assert okafor.title == "Defence Minister"


def test_affiliation_is_the_demonym_unless_the_article_names_the_country(result: Extraction) -> None:
    brandt = _actor(result, "Ivo Brandt")
    assert brandt.title == "President"
    assert brandt.affiliation == "Norwegian"
    text = "Kenyan President Ada Moi flew home. Kenya had asked for talks."
    assert extract_drafts(text).actors[0].affiliation == "Kenya"


def test_acronym_and_also_known_as_become_aliases(result: Extraction) -> None:
    front = _actor(result, "Northern Liberation Front")
    assert front.type is ActorType.armed_group
    assert "NLF" in front.aliases


def test_surname_mentions_merge_into_one_actor(result: Extraction) -> None:
    assert [a.name for a in result.actors].count("Lena Okafor") == 1
    assert not any(a.name == "Okafor" for a in result.actors)


def test_speaker_after_the_quote_with_channel(result: Extraction) -> None:
    quote = next(q for q in result.quotes if q.text.startswith("We will not allow"))
    assert quote.speaker == "Lena Okafor"
    assert quote.kind is QuoteKind.direct
    assert quote.channel == "at a press conference"
    assert quote.evidence == ["Okafor said at a press conference"]


def test_pronoun_resolves_to_nearest_person_and_fragment_is_partial(result: Extraction) -> None:
    quote = next(q for q in result.quotes if q.text.startswith("a turning point"))
    assert quote.speaker == "Ivo Brandt"
    assert quote.kind is QuoteKind.partial


def test_speaker_before_the_quote() -> None:
    text = 'Interior Minister Rosa Lind told reporters: "The roads will reopen tomorrow."'
    quote = extract_drafts(text).quotes[0]
    assert quote.speaker == "Rosa Lind"
    assert quote.kind is QuoteKind.direct
    assert quote.text == "The roads will reopen tomorrow."


def test_he_said_picks_the_nearest_preceding_person() -> None:
    text = 'Mayor Anna Holt met Governor Piet Ruud in Dorval. "We share the same goals," he said.'
    quote = extract_drafts(text).quotes[0]
    assert quote.speaker == "Piet Ruud"


def test_it_called_goes_to_the_organisation_and_titled_speaker_after_quote() -> None:
    text = (
        'The Ministry of Water said it had rejected what it called "a reckless plan" by the city.\n'
        '"Talks are the only way," Ministry spokeswoman Ana Pell told reporters.\n'
    )
    first, second = extract_drafts(text).quotes
    assert (first.speaker, first.kind) == ("Ministry of Water", QuoteKind.partial)
    assert (second.speaker, second.kind) == ("Ana Pell", QuoteKind.direct)


def test_talks_the_article_never_reports_are_not_an_event() -> None:
    text = 'Governor Piet Ruud had earlier described the talks as "premature".'
    assert extract_drafts(text).events == []


def test_role_stated_about_a_person_becomes_the_title() -> None:
    text = 'Omar Said Bako, also known as "Abu Layla," was the "deputy emir" of the group.'
    assert extract_drafts(text).actors[0].title == "deputy emir"


def test_exclamation_slogan_is_direct_and_participle_channel_is_kept() -> None:
    text = (
        'Governor Piet Ruud praised the vote on Kestrel Radio, saying, "The people have spoken." '
        'He also posted the slogan "Forward Together!"'
    )
    first, second = extract_drafts(text).quotes
    assert (first.speaker, first.channel) == ("Piet Ruud", "on Kestrel Radio")
    assert (second.speaker, second.kind) == ("Piet Ruud", QuoteKind.direct)


def test_quoted_alias_is_not_a_quote() -> None:
    text = 'The commander, Omar Said Bako, also known as "Abu Layla," was arrested in Dorval on Sunday.'
    ext = extract_drafts(text)
    assert ext.quotes == []
    assert _actor(ext, "Omar Said Bako").aliases == ["Abu Layla"]


def test_unattributed_scare_quotes_are_skipped() -> None:
    text = 'The so-called "peace dividend" never arrived in Dorval.'
    assert extract_drafts(text).quotes == []


def test_event_with_weekday_date_province_and_victim(result: Extraction) -> None:
    strike = next(e for e in result.events if e.type is EventType.airstrike)
    assert strike.date_text == "Friday night"
    assert strike.admin_region == "Kessel province"
    assert strike.location == "Kessel province"
    roles = {(p.actor, p.role) for p in strike.participants}
    assert ("Tomas Varga", ParticipantRole.victim) in roles


def test_visit_has_visitor_and_host(result: Extraction) -> None:
    visit = next(e for e in result.events if e.type is EventType.visit)
    roles = {(p.actor, p.role) for p in visit.participants}
    assert ("Ivo Brandt", ParticipantRole.agent) in roles
    assert ("Kenya", ParticipantRole.partner) in roles
    assert visit.date_text == "Monday"


def test_agreement_with_parties_dates_and_subject(result: Extraction) -> None:
    deal = result.agreements[0]
    assert deal.parties == ["Chile", "Peru"]
    assert deal.status is AgreementStatus.signed
    assert deal.signed_text == "last year"
    assert deal.deadline_text == "June 2026"
    assert deal.subject == "end the border dispute"


def test_proposed_ceasefire_between_two_parties() -> None:
    text = (
        "Kenya and Uganda have proposed a ceasefire between Chile and Peru that would take effect next week, "
        "according to two diplomats briefed on the talks."
    )
    ext = extract_drafts(text)
    deal = ext.agreements[0]
    assert deal.parties == ["Chile", "Peru"]
    assert deal.status is AgreementStatus.proposed
    assert deal.subject == "ceasefire between Chile and Peru"
    assert deal.signed_text is None
    assert ext.events == []


def test_pledge_without_to_and_organisation_named_by_its_leader() -> None:
    text = (
        "The head of the Crimson Hand in the south was arrested on Monday.\n"
        "Chile and Peru pledged joint efforts to combat smuggling.\n"
    )
    ext = extract_drafts(text)
    assert ("Crimson Hand", ActorType.organization) in [(a.name, a.type) for a in ext.actors]
    deal = ext.agreements[0]
    assert (deal.parties, deal.subject) == (["Chile", "Peru"], "joint efforts to combat smuggling")


def test_government_of_a_country_is_the_country() -> None:
    text = "The Government of Chile signed a trade deal with Peru on Monday."
    ext = extract_drafts(text)
    assert sorted(a.name for a in ext.actors) == ["Chile", "Peru"]
    assert ext.agreements[0].parties == ["Chile", "Peru"]


def test_joint_body_formed_by_several_parties_is_an_agreement() -> None:
    text = "A joint task force formed by Kenya, Uganda and Tanzania will patrol the lake to combat smuggling."
    deal = extract_drafts(text).agreements[0]
    assert deal.parties == ["Kenya", "Uganda", "Tanzania"]
    assert deal.subject == "joint task force to combat smuggling"
    assert deal.status is AgreementStatus.signed


def test_meeting_partners_and_stated_fatalities() -> None:
    text = (
        "Two people were killed in clashes in Dorval county on Monday night, officials said.\n"
        "President Ivo Brandt met opposition leader Mara Quell in Dorval on Wednesday.\n"
    )
    clash, meeting = extract_drafts(text).events
    assert (clash.type, clash.fatalities, clash.admin_region) == (EventType.armed_clash, 2, "Dorval county")
    assert meeting.type is EventType.meeting
    assert {(p.actor, p.role) for p in meeting.participants} == {
        ("Ivo Brandt", ParticipantRole.partner),
        ("Mara Quell", ParticipantRole.partner),
    }
    assert meeting.summary == "Ivo Brandt met with Mara Quell in Dorval."


def test_dateline_agency_is_not_an_organisation() -> None:
    text = "DORVAL, Kenya (AP) \u2014 Police in Kenya arrested 40 people on Tuesday."
    ext = extract_drafts(text)
    # The agency and the dateline town are not actors; Kenya only locates the arrest (GUIDELINES).
    assert ext.actors == []
    assert ext.events[0].type is EventType.arrest


def test_undated_background_is_evidence_not_an_event() -> None:
    text = (
        "The ouster of President Ivo Brandt shocked the region.\n"
        "Brandt was ousted in May after weeks of unrest.\n"
        "Governor Piet Ruud rose to power with the backing of the army.\n"
    )
    events = extract_drafts(text).events
    assert [(e.type, e.date_text) for e in events] == [(EventType.other, "May")]
    assert events[0].evidence == [
        "Brandt was ousted in May after weeks of unrest.",
        "The ouster of President Ivo Brandt shocked the region.",
    ]


def test_named_dead_elsewhere_is_the_victim_of_the_strike() -> None:
    text = (
        "A drone strike hit a convoy in Kessel province on Friday.\n"
        "Officials later confirmed Tomas Varga's death.\n"
        "The Chile-Peru agreement was signed last year.\n"
    )
    ext = extract_drafts(text)
    strike = ext.events[0]
    assert strike.type is EventType.airstrike
    assert [(p.actor, p.role) for p in strike.participants] == [("Tomas Varga", ParticipantRole.victim)]
    assert ext.agreements[0].parties == ["Chile", "Peru"]


def test_reports_of_one_happening_fold_into_one_event() -> None:
    text = (
        "Rebels attacked a convoy near Dorval on Tuesday.\n"
        "The attack was carried out by the Southern Liberation Front, officials said.\n"
    )
    events = extract_drafts(text).events
    assert len(events) == 1
    assert events[0].type is EventType.attack
    assert events[0].location == "Dorval"
    assert events[0].date_text == "Tuesday"
    assert len(events[0].evidence) == 2


def test_every_string_is_verbatim_and_every_reference_is_an_actor(result: Extraction) -> None:
    names = {a.name for a in result.actors}
    strings = [ev for rec in (*result.actors, *result.events, *result.agreements) for ev in rec.evidence]
    strings += [q.text for q in result.quotes] + [e for q in result.quotes for e in q.evidence]
    strings += [a.name for a in result.actors] + [x for a in result.actors for x in a.aliases]
    assert strings and all(s and s in ARTICLE for s in strings)
    refs = [q.speaker for q in result.quotes if q.speaker] + [
        p.actor for e in result.events for p in e.participants
    ]
    refs += [p for g in result.agreements for p in g.parties]
    assert set(refs) <= names


def test_same_input_same_output() -> None:
    assert extract_drafts(ARTICLE).model_dump() == extract_drafts(ARTICLE).model_dump()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n   ",
        "no punctuation or capitals here at all",
        'He said "unbalanced and never closed',
        "\u201cCurly open only",
        "Rockets \U0001f680 hit \U0001f525 Dorval on Monday \U0001f62d.",
        "U.S. " * 50,
        "'",
        '"',
        "\u201d\u201c",
        "A" * 5000,
        'They fled the city." Police arrived in Dorval. Later "one more thing" was said.',
    ],
)
def test_odd_text_does_not_raise(text: str) -> None:
    ext = extract_drafts(text)
    for rec in (*ext.actors, *ext.events, *ext.agreements):
        assert all(ev in text for ev in rec.evidence)


def test_masked_boilerplate_lines_are_ignored() -> None:
    line = "READ ALSO: Minister Paul Quint resigns"
    text = "Governor Piet Ruud visited Dorval on Monday.\n" + " " * len(line) + "\n"
    ext = extract_drafts(text)
    assert [a.name for a in ext.actors] == ["Piet Ruud"]


def test_sentences_keep_abbreviations_and_quotes_together() -> None:
    text = 'U.S. Gen. Mark Dole spoke. "It ended. We won," he said. Mr. Roe left at 3.5 p.m. today.'
    segs = [s.text(text) for s in sentences(text, find_quotes(text))]
    assert segs == [
        "U.S. Gen. Mark Dole spoke.",
        '"It ended. We won," he said.',
        "Mr. Roe left at 3.5 p.m. today.",
    ]


def test_fast_enough_for_benchmarks() -> None:
    text = ARTICLE * 8
    extract_drafts(text)
    start = time.perf_counter()
    extract_drafts(text)
    assert time.perf_counter() - start < 0.5
