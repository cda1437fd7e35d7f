"""Controlled vocabularies shared by every record layer.

Kept apart from the models so the prompt, the database and the evaluation
all read the same lists; each event type also carries a one-line definition
(it feeds the prompt and the docs) and the CAMEO root code, PLOVER event type
and ACLED event type it maps onto where one exists, so records join existing
event data without a hand-kept translation table.
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


#: Bumped whenever an event type is added, removed or redefined, so stored
#: records say which list their ``type`` was chosen from.
EVENT_VOCABULARY_VERSION = "2.0"


class EventType(StrEnum):
    """The event vocabulary; EVENT_TYPES gives each one's definition and codebook codes."""

    # armed conflict
    airstrike = "airstrike"
    armed_clash = "armed_clash"
    attack = "attack"
    bombing = "bombing"
    killing = "killing"
    military_operation = "military_operation"
    troop_withdrawal = "troop_withdrawal"
    # accidents and disasters
    crash = "crash"
    fire = "fire"
    explosion = "explosion"
    natural_disaster = "natural_disaster"
    # legal
    arrest = "arrest"
    charge = "charge"
    trial = "trial"
    verdict = "verdict"
    lawsuit = "lawsuit"
    # political
    election = "election"
    appointment = "appointment"
    resignation = "resignation"
    protest = "protest"
    legislation = "legislation"
    # economic and corporate
    offer = "offer"
    acquisition = "acquisition"
    deal = "deal"
    earnings = "earnings"
    layoffs = "layoffs"
    # diplomatic
    meeting = "meeting"
    visit = "visit"
    statement = "statement"
    agreement = "agreement"
    ceasefire = "ceasefire"
    sanction = "sanction"
    # humanitarian
    release = "release"
    evacuation = "evacuation"
    aid = "aid"
    # sport
    sports_result = "sports_result"
    other = "other"


class EventTypeInfo(NamedTuple):
    """What an event type means and where it lands in the common event codebooks.

    ``family`` groups types that can describe one happening (an airstrike and a
    military operation), so the story merger may join them. The codes are the
    nearest type of each codebook, ``None`` where the codebook has none (CAMEO,
    PLOVER and ACLED code political interaction and violence, not a plane crash
    or a company's earnings).
    """

    definition: str
    family: str
    cameo_root: str | None = None
    plover: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None


_VAC = "Violence against civilians"
_ERV = "Explosions/Remote violence"
_SD = "Strategic developments"

EVENT_TYPES: dict[EventType, EventTypeInfo] = {
    EventType.airstrike: EventTypeInfo(
        "Air or drone strike.",
        "violence",
        "19",
        "ASSAULT",
        _ERV,
        "Air/drone strike",
    ),
    EventType.armed_clash: EventTypeInfo(
        "Armed forces or groups fight each other.", "violence", "19", "ASSAULT", "Battles", "Armed clash"
    ),
    EventType.attack: EventTypeInfo(
        "Shooting, stabbing or raid, not by air or bomb.",
        "violence",
        "18",
        "ASSAULT",
        _VAC,
        "Attack",
    ),
    EventType.bombing: EventTypeInfo(
        "Deliberate bomb, IED or shelling.",
        "violence",
        "18",
        "ASSAULT",
        _ERV,
        "Remote explosive/landmine/IED",
    ),
    EventType.killing: EventTypeInfo(
        "Assassination, execution.",
        "violence",
        "18",
        "ASSAULT",
        _VAC,
        "Attack",
    ),
    EventType.military_operation: EventTypeInfo(
        "Other military or police operation.",
        "violence",
        "19",
        "ASSAULT",
        "Battles",
        "Armed clash",
    ),
    EventType.troop_withdrawal: EventTypeInfo(
        "Forces pull back.",
        "troop_withdrawal",
        "08",
        "RETREAT",
        _SD,
        "Change to group/activity",
    ),
    EventType.crash: EventTypeInfo("Plane, train, road or ship accident.", "accident"),
    EventType.fire: EventTypeInfo("Fire, wildfire.", "accident"),
    EventType.explosion: EventTypeInfo("Accidental explosion, not an attack.", "accident"),
    EventType.natural_disaster: EventTypeInfo("Earthquake, flood, storm, drought.", "natural_disaster"),
    EventType.arrest: EventTypeInfo("Arrest, detention.", "arrest", "17", "COERCE", _SD, "Arrests"),
    EventType.charge: EventTypeInfo("Charge, indictment.", "legal", "11", "ACCUSE"),
    EventType.trial: EventTypeInfo("Hearing, trial, appeal.", "legal", None, "ACCUSE"),
    EventType.verdict: EventTypeInfo("Conviction, acquittal, ruling, sentence.", "legal", None, "COERCE"),
    EventType.lawsuit: EventTypeInfo("Civil suit or legal challenge.", "legal", "11", "ACCUSE"),
    EventType.election: EventTypeInfo("Election, referendum, vote.", "election"),
    EventType.appointment: EventTypeInfo("Appointed or sworn into a post.", "appointment"),
    EventType.resignation: EventTypeInfo("Resigns or is dismissed.", "resignation"),
    EventType.protest: EventTypeInfo(
        "Demonstration, rally, strike.",
        "protest",
        "14",
        "PROTEST",
        "Protests",
        "Peaceful protest",
    ),
    EventType.legislation: EventTypeInfo("Law, decree or policy adopted.", "legislation"),
    EventType.offer: EventTypeInfo("Bid, takeover offer.", "corporate"),
    EventType.acquisition: EventTypeInfo("Company or asset bought, sold, merged.", "corporate"),
    EventType.deal: EventTypeInfo("Contract, partnership, investment.", "corporate"),
    EventType.earnings: EventTypeInfo("Profit, loss, revenue, forecast.", "earnings"),
    EventType.layoffs: EventTypeInfo("Job cuts, closures.", "layoffs"),
    EventType.meeting: EventTypeInfo(
        "Talks, summit.",
        "meeting",
        "04",
        "CONSULT",
        _SD,
        "Agreement",
    ),
    EventType.visit: EventTypeInfo("Official visit or trip.", "meeting", "04", "CONSULT", _SD, "Other"),
    EventType.statement: EventTypeInfo(
        "Announcement or claim that is itself the news.",
        "statement",
        "01",
        None,
        _SD,
        "Other",
    ),
    EventType.agreement: EventTypeInfo(
        "Treaty or accord reached or signed.",
        "agreement",
        "05",
        "AGREE",
        _SD,
        "Agreement",
    ),
    EventType.ceasefire: EventTypeInfo(
        "Truce declared, extended or broken.",
        "agreement",
        "08",
        "RETREAT",
        _SD,
        "Agreement",
    ),
    EventType.sanction: EventTypeInfo("Sanctions, embargo, ban, boycott.", "sanction", "16", "SANCTION"),
    EventType.release: EventTypeInfo(
        "Hostages or prisoners freed.", "release", "08", "CONCEDE", _SD, "Other"
    ),
    EventType.evacuation: EventTypeInfo("People evacuated or fleeing.", "evacuation"),
    EventType.aid: EventTypeInfo("Humanitarian, military or financial aid.", "aid", "07", "AID"),
    EventType.sports_result: EventTypeInfo("Match, race or tournament result.", "sports_result"),
    EventType.other: EventTypeInfo("Last resort.", "other"),
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
