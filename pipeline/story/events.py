"""Event merging: a story's event records clustered into merged events.

Two events can be one happening only within one type family, at compatible
dates and places, without conflicting agents for speech-like families, and
with one positive link (a shared participant, a place on both sides, or the
same day). The rules are the events' own; the clustering is the shared one.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.story.clustering import candidate_pairs, cluster_disjoint
from pipeline.story.dates import date_interval, dates_compatible
from pipeline.story.sourced import most_common, numbered, sourced
from pipeline.text.names import fold, skeleton
from schemas import EVENT_TYPES, ArticleResult, Event, EventType, Location, ParticipantRole
from schemas.story import MergedEvent, MergedParticipant, source_ref

#: Families where two records with different agents/announcers are different happenings.
_SPEECH_FAMILIES = frozenset({"meeting", "statement", "protest", "arrest", "election", "agreement"})
_LEAD_ROLES = frozenset({ParticipantRole.agent, ParticipantRole.announcer})


def event_family(event_type: EventType) -> str:
    """The compatibility family of an event type, as the vocabulary defines it."""
    return EVENT_TYPES[event_type].family


@dataclass(frozen=True)
class _EventMention:
    """One event record with what matching needs: family, merged participants, folded place."""

    ref: str
    article: str
    event: Event
    family: str
    actors: frozenset[str]
    leads: frozenset[str]
    place: str


def _event_mentions(lines: list[ArticleResult], actor_of: dict[str, str]) -> list[_EventMention]:
    out: list[_EventMention] = []
    for line in lines:
        for e in line.records.events:
            ids = {p.actor_id: actor_of[source_ref(line.article_id, p.actor_id)] for p in e.participants}
            out.append(
                _EventMention(
                    ref=source_ref(line.article_id, e.id),
                    article=line.article_id,
                    event=e,
                    family=event_family(e.type),
                    actors=frozenset(ids.values()),
                    leads=frozenset(ids[p.actor_id] for p in e.participants if p.role in _LEAD_ROLES),
                    place=fold(_place_text(e.location)),
                )
            )
    return out


def places_compatible(a: str, b: str) -> bool:
    """Folded place names that may denote the same place ("anbar" and "anbar province")."""
    if not a or not b:
        return True
    ta, tb = set(a.split()), set(b.split())
    return ta <= tb or tb <= ta or fuzz.token_set_ratio(a, b) >= 85


def _events_match(a: _EventMention, b: _EventMention) -> bool:
    """Same family, compatible date and place, no conflicting agents, and one positive link."""
    if a.family != b.family or not dates_compatible(a.event.date, b.event.date):
        return False
    if not places_compatible(a.place, b.place):
        return False
    if a.family in _SPEECH_FAMILIES and a.leads and b.leads and not a.leads & b.leads:
        return False
    if a.actors & b.actors or (a.place and b.place):
        return True
    ia, ib = date_interval(a.event.date), date_interval(b.event.date)
    return ia is not None and ia == ib and ia[0] == ia[1]


def _event_keys(m: _EventMention) -> list[str]:
    """Blocking keys: an event can only match one sharing a participant, a place word or a day."""
    keys = [f"{m.family}|p|{a}" for a in sorted(m.actors)]
    keys += [f"{m.family}|loc|{skeleton(t)}" for t in m.place.split()]
    interval = date_interval(m.event.date)
    if interval is not None:
        keys.append(f"{m.family}|day|{interval[0].isoformat()}")
    return keys


def merge_events(lines: list[ArticleResult], actor_of: dict[str, str]) -> list[MergedEvent]:
    """Cluster the story's events (most shared participants first); ids in date order."""
    mentions = _event_mentions(lines, actor_of)
    pairs = [
        (-len(mentions[a].actors & mentions[b].actors), a, b)
        for a, b in candidate_pairs([_event_keys(m) for m in mentions], lambda i: mentions[i].ref)
        if _events_match(mentions[a], mentions[b])
    ]
    groups = cluster_disjoint(len(mentions), pairs, [m.article for m in mentions])
    built = [_merged_event([mentions[i] for i in g], actor_of) for g in groups]
    return numbered("E", built, lambda e: (e.dates[0].value if e.dates else "9999",))


def _merged_event(members: list[_EventMention], actor_of: dict[str, str]) -> MergedEvent:
    """One cluster as a MergedEvent, every attribute value kept with its sources."""
    members = sorted(members, key=lambda m: m.ref)
    parts = {
        (actor_of[source_ref(m.article, p.actor_id)], p.role) for m in members for p in m.event.participants
    }
    return MergedEvent(
        id="",
        type=EventType(most_common([m.event.type.value for m in members])),
        types=sourced(((m.event.type.value, m.ref) for m in members), str),
        summary=members[0].event.summary,
        dates=sourced(
            ((m.event.date.value, m.ref) for m in members if m.event.date and m.event.date.value), str
        ),
        locations=sourced(((_place_text(m.event.location), m.ref) for m in members if m.place), fold),
        fatalities=sourced(
            ((str(m.event.fatalities), m.ref) for m in members if m.event.fatalities is not None), str
        ),
        participants=[
            MergedParticipant(actor_id=a, role=r)
            for a, r in sorted(parts, key=lambda p: (int(p[0][1:]), p[1].value))
        ],
        sources=[m.ref for m in members],
        articles=sorted({m.article for m in members}),
    )


def _place_text(loc: Location | None) -> str:
    """The most specific place named: name, else region, else country."""
    return (loc.name or loc.admin_region or loc.country or "") if loc else ""
