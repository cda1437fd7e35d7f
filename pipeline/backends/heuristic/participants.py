"""Who took part in an event, and how: agent, target, victim, partner or other.

The actors of the trigger's clause (after any "X said that" report) take
part, except countries written as places and demonyms ("Kestrian forces").
An actor before the trigger is its agent unless the verb is passive or
possessive ("X was killed", "X's killing"); one after it is harmed (victim
if a person killed, else target) unless named by "by" or "with the support
of". Visits have a visitor and a host, meetings only partners. Actors whose
part is stated outright are marked sure, so a sentence that only refers
back to an event still adds them.
"""

from __future__ import annotations

import re

from pipeline.backends.heuristic.actors import ActorIndex, Mention
from pipeline.backends.heuristic.places import POSSESSIVE, is_locative
from pipeline.backends.heuristic.triggers import HARMED, KILLING_RE, REPORTED, VIOLENT, clause_at
from pipeline.text.sentences import Segment
from schemas import ActorType, EventType, ParticipantRole

_E = EventType
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$")
_SUPPORT = re.compile(
    r"\b(?:with (?:the )?(?:support|help|backing|assistance) (?:of|from)|in (?:conjunction|coordination|cooperation) "
    r"with|supported by|assisted by|backed by|alongside|jointly with)\s+(?:the\s+)?$"
)
_ACCORDING = re.compile(r"\baccording to\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
_BETWEEN = re.compile(r"\s+(?:between|among|with)\s+(?:the\s+)?")
_POSSESSIVE_GAP = re.compile(r"['\u2019]s\s+")
_BY_WORD = re.compile(r"\bby\b")


def find_participants(
    text: str, seg: Segment, index: ActorIndex, etype: EventType, trig: re.Match[str]
) -> tuple[dict[int, ParticipantRole], set[int]]:
    """Actors of the trigger's clause with their part, and those whose part is stated outright.

    Outright means 'by X', 'with support from X', 'X was killed' or "X's
    killing": wording that ties the actor to the event even in a sentence
    that only refers back to it ('the operation was carried out by X').
    """
    reported = REPORTED.search(text, seg.start, trig.start())
    clause = clause_at(text, seg, trig.start())
    floor = max(clause.start, reported.end() if reported else seg.start)
    if etype is _E.visit:
        return _visit_roles(text, Segment(floor, clause.end), index, trig), set()
    if etype is _E.meeting:
        return _meeting_roles(text, seg, Segment(floor, clause.end), index, trig), set()
    anchor = KILLING_RE.search(text, floor, clause.end) if etype in VIOLENT else None
    anchor = anchor or trig
    passive = _PASSIVE.search(text, max(floor, anchor.start() - 25), anchor.start()) is not None
    by = _BY_WORD.search(text[anchor.end() : clause.end])
    by_at = anchor.end() + by.start() if by else clause.end
    roles: dict[int, ParticipantRole] = {}
    sure: set[int] = set()
    for m in index.within(floor, clause.end):
        if _ACCORDING.search(text, max(floor, m.start - 40), m.start):
            continue
        if _takes_part(text, seg, index, m) and m.actor not in roles:
            roles[m.actor] = _role(text, seg, index, m, etype, anchor, passive, by_at)
            stated = (
                m.start > by_at
                or _SUPPORT.search(text, max(seg.start, m.start - 45), m.start)
                or (
                    m.start < anchor.start()
                    and (passive or _POSSESSIVE_GAP.fullmatch(text, m.end, anchor.start()))
                )
            )
            if stated:
                sure.add(m.actor)
    return roles, sure


def _visit_roles(
    text: str, clause: Segment, index: ActorIndex, trig: re.Match[str]
) -> dict[int, ParticipantRole]:
    """Visitor (before the word, or 'of'/'by' after it) is the agent; the host after 'to' the partner."""
    roles: dict[int, ParticipantRole] = {}
    for m in index.within(clause.start, clause.end):
        lead = text[max(trig.end(), m.start - 8) : m.start]
        if m.start >= trig.end() and (re.search(r"\bto\s+(?:the\s+)?$", lead) or m.start - trig.end() <= 1):
            roles.setdefault(m.actor, ParticipantRole.partner)
        elif 0 <= m.start - trig.end() <= 24 and re.search(r"\b(?:of|by)\s+(?:the\s+)?$", lead):
            roles.setdefault(m.actor, ParticipantRole.agent)
        elif m.end <= trig.start() and not is_locative(text, m.start, clause):
            roles[m.actor] = ParticipantRole.agent
    return roles


def _meeting_roles(
    text: str, seg: Segment, clause: Segment, index: ActorIndex, trig: re.Match[str]
) -> dict[int, ParticipantRole]:
    """Those listed after 'between'/'with', else those who met (before the word)."""
    between = _BETWEEN.match(text, trig.end(), clause.end)
    listed = index.listed_after(text, between.end(), clause.end, reach=2) if between else []
    if not listed:
        listed = [
            m.actor for m in index.within(clause.start, trig.start()) if _takes_part(text, seg, index, m)
        ]
        listed += index.listed_after(text, trig.end(), clause.end, reach=30)
    return dict.fromkeys(listed, ParticipantRole.partner)


def _takes_part(text: str, seg: Segment, index: ActorIndex, m: Mention) -> bool:
    """Countries named as places ('in X', "X's province") and adjectives ('Kestrian forces') are not participants."""
    if m.demonym:
        return False
    if index.actors[m.actor].type is not ActorType.country:
        return True
    if POSSESSIVE.match(text, m.end):
        return False
    return not is_locative(text, m.start, seg)


def _role(
    text: str,
    seg: Segment,
    index: ActorIndex,
    m: Mention,
    etype: EventType,
    anchor: re.Match[str],
    passive: bool,
    by_at: int,
) -> ParticipantRole:
    if etype is _E.meeting:
        return ParticipantRole.partner
    if _SUPPORT.search(text, max(seg.start, m.start - 45), m.start):
        return ParticipantRole.agent
    killed = etype in HARMED or anchor.group().lower().startswith(("kill", "slain", "assass", "murder"))
    harmed = (
        ParticipantRole.victim
        if killed and index.actors[m.actor].type is ActorType.person
        else (ParticipantRole.target)
    )
    if m.start < anchor.start():
        possessive = _POSSESSIVE_GAP.fullmatch(text, m.end, anchor.start()) is not None
        return harmed if passive or possessive else ParticipantRole.agent
    if etype in (_E.troop_withdrawal, _E.protest, _E.election):
        return ParticipantRole.other
    return ParticipantRole.agent if m.start > by_at else harmed
