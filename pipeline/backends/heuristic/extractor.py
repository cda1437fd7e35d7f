"""The offline heuristic extractor: rules instead of a model, same output shape.

newsfacts falls back to this backend when no model endpoint is configured,
so the tool runs anywhere, and the mock model server uses it to answer with
plausible records. It is pure, synchronous and deterministic. Every evidence
string, quote text, actor name and alias it returns is sliced from the
article, so grounding finds all of them; references between records use the
actor names it returns, exactly.

The rules are generic news-English conventions, split by record type:
``candidates`` and ``actors`` (with ``organisations``, ``people`` and the
word lists of ``vocab``), ``quotes``, ``events`` (with ``triggers``,
``places``, ``participants``, ``statements`` and ``actions``) and
``agreements``, all reading one ``parsed.ParsedArticle``; sentences and
quotation marks and time expressions come from ``pipeline.text.sentences``.
"""

from __future__ import annotations

from pipeline.backends.heuristic.actors import ActorInfo
from pipeline.backends.heuristic.agreements import AgreementInfo, find_agreements
from pipeline.backends.heuristic.candidates import speaks_at
from pipeline.backends.heuristic.events import EventInfo, find_events, summarize
from pipeline.backends.heuristic.parsed import ParsedArticle
from pipeline.backends.heuristic.quotes import find_quote_drafts
from schemas import (
    ActorDraft,
    ActorType,
    AgreementDraft,
    AgreementStatus,
    EventDraft,
    Extraction,
    ParticipantDraft,
)


def extract_drafts(text: str) -> Extraction:
    """Extract actors, events, quotes and agreements from one article by rule.

    Args:
        text: The article; boilerplate lines may be masked to spaces (same
            length), and blank lines are ignored.

    Returns:
        The drafts a model would return, with verbatim evidence and speaker,
        participant and party references naming actors of ``actors``.
    """
    article = ParsedArticle.parse(text)
    index = article.index
    names = [a.name for a in index.actors]
    events = [_event_draft(e, names, text) for e in find_events(article)]
    quote_drafts = find_quote_drafts(article)
    agreements = [_agreement_draft(g, names) for g in find_agreements(article)]
    # A country is an actor when it acts, speaks (a quote, or a reporting verb after its name) or is
    # a party; one that only locates or qualifies something ("in Kestria", "a Kestrian firm") is not
    # (see evals/GUIDELINES.md).
    used = {p.actor for e in events for p in e.participants} | {q.speaker for q in quote_drafts}
    used |= {p for g in agreements for p in g.parties}
    countries = {i for i, a in enumerate(index.actors) if a.type is ActorType.country}
    used |= {index.actors[m.actor].name for m in index.mentions if m.actor in countries and speaks_at(text, m.end)}
    return Extraction(
        actors=[_actor_draft(a) for a in index.actors if a.type is not ActorType.country or a.name in used],
        events=events,
        quotes=quote_drafts,
        agreements=agreements,
    )


def _actor_draft(actor: ActorInfo) -> ActorDraft:
    return ActorDraft(
        name=actor.name,
        type=actor.type,
        title=actor.title,
        affiliation=actor.affiliation,
        aliases=list(actor.aliases),
        evidence=[actor.evidence],
    )


def _event_draft(ev: EventInfo, names: list[str], text: str) -> EventDraft:
    return EventDraft(
        type=ev.type,
        summary=summarize(ev, names),
        date_text=ev.date_text,
        location=ev.location,
        admin_region=ev.admin_region,
        country=ev.country,
        participants=[ParticipantDraft(actor=names[a], role=r) for a, r in ev.participants.items()],
        fatalities=ev.fatalities,
        evidence=[seg.text(text) for seg in ev.evidence],
    )


def _agreement_draft(g: AgreementInfo, names: list[str]) -> AgreementDraft:
    return AgreementDraft(
        parties=[names[p] for p in g.parties],
        subject=g.subject,
        status=AgreementStatus(g.status),
        signed_text=g.signed_text,
        deadline_text=g.deadline_text,
        evidence=list(g.evidence),
    )


__all__ = ["extract_drafts"]
