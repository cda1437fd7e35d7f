"""Controlled vocabularies shared by every record layer.

Kept apart from the models so the prompt, the database and the evaluation
all read the same lists; each event type also names the ACLED event type and
the CAMEO root code it maps onto, so records load into conflict-event
databases without a hand-kept translation table.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class ActorType(StrEnum):
    """What kind of entity an actor is."""

    person = "person"
    organization = "organization"
    country = "country"
    armed_group = "armed_group"
    government_body = "government_body"
    other = "other"


class EventType(StrEnum):
    """A small event vocabulary; see EVENT_TYPE_MAP for ACLED/CAMEO codes."""

    airstrike = "airstrike"
    armed_clash = "armed_clash"
    attack = "attack"
    bombing = "bombing"
    killing = "killing"
    arrest = "arrest"
    military_operation = "military_operation"
    troop_withdrawal = "troop_withdrawal"
    protest = "protest"
    meeting = "meeting"
    visit = "visit"
    statement = "statement"
    agreement = "agreement"
    election = "election"
    other = "other"


class EventCoding(NamedTuple):
    """Where an event type lands in the two common conflict-event codebooks."""

    acled_event_type: str
    acled_sub_event_type: str
    cameo_root: str


EVENT_TYPE_MAP: dict[EventType, EventCoding] = {
    EventType.airstrike: EventCoding("Explosions/Remote violence", "Air/drone strike", "19"),
    EventType.armed_clash: EventCoding("Battles", "Armed clash", "19"),
    EventType.attack: EventCoding("Violence against civilians", "Attack", "18"),
    EventType.bombing: EventCoding(
        "Explosions/Remote violence", "Remote explosive/landmine/IED", "18"
    ),
    EventType.killing: EventCoding("Violence against civilians", "Attack", "18"),
    EventType.arrest: EventCoding("Strategic developments", "Arrests", "17"),
    EventType.military_operation: EventCoding("Battles", "Armed clash", "19"),
    EventType.troop_withdrawal: EventCoding(
        "Strategic developments", "Change to group/activity", "08"
    ),
    EventType.protest: EventCoding("Protests", "Peaceful protest", "14"),
    EventType.meeting: EventCoding("Strategic developments", "Agreement", "04"),
    EventType.visit: EventCoding("Strategic developments", "Other", "04"),
    EventType.statement: EventCoding("Strategic developments", "Other", "01"),
    EventType.agreement: EventCoding("Strategic developments", "Agreement", "05"),
    EventType.election: EventCoding("Strategic developments", "Other", "02"),
    EventType.other: EventCoding("Strategic developments", "Other", ""),
}


class ParticipantRole(StrEnum):
    """How an actor takes part in an event."""

    agent = "agent"
    target = "target"
    victim = "victim"
    partner = "partner"
    announcer = "announcer"
    other = "other"


class QuoteKind(StrEnum):
    """A direct quote is a whole quoted utterance; a partial one is a fragment."""

    direct = "direct"
    partial = "partial"


class AgreementStatus(StrEnum):
    """Life cycle of an agreement as the article reports it."""

    proposed = "proposed"
    signed = "signed"
    in_force = "in_force"
    ended = "ended"
    unknown = "unknown"


class Granularity(StrEnum):
    """How precise a resolved time expression is."""

    day = "day"
    month = "month"
    year = "year"
    range = "range"


class MatchKind(StrEnum):
    """How an evidence string was located in the article."""

    exact = "exact"
    normalized = "normalized"
    fuzzy = "fuzzy"
