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
    cameo_root: str | None
    plover: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None


_VAC = "Violence against civilians"
_ERV = "Explosions/Remote violence"
_SD = "Strategic developments"

EVENT_TYPES: dict[EventType, EventTypeInfo] = {
    EventType.airstrike: EventTypeInfo(
        "An attack from the air: air or drone strike, missile fired from aircraft.",
        "violence",
        "19",
        "ASSAULT",
        _ERV,
        "Air/drone strike",
    ),
    EventType.armed_clash: EventTypeInfo(
        "Armed forces or groups fighting each other.", "violence", "19", "ASSAULT", "Battles", "Armed clash"
    ),
    EventType.attack: EventTypeInfo(
        "An armed assault on people or places (shooting, stabbing, raid), not by air or bomb.",
        "violence",
        "18",
        "ASSAULT",
        _VAC,
        "Attack",
    ),
    EventType.bombing: EventTypeInfo(
        "A deliberate explosive attack: bomb, IED, suicide or car bombing, shelling.",
        "violence",
        "18",
        "ASSAULT",
        _ERV,
        "Remote explosive/landmine/IED",
    ),
    EventType.killing: EventTypeInfo(
        "A deliberate killing of a named or counted person (assassination, execution).",
        "violence",
        "18",
        "ASSAULT",
        _VAC,
        "Attack",
    ),
    EventType.military_operation: EventTypeInfo(
        "A military or security-force operation or offensive, without a more specific type.",
        "violence",
        "19",
        "ASSAULT",
        "Battles",
        "Armed clash",
    ),
    EventType.troop_withdrawal: EventTypeInfo(
        "Forces pulling back or leaving an area.",
        "troop_withdrawal",
        "08",
        "RETREAT",
        _SD,
        "Change to group/activity",
    ),
    EventType.crash: EventTypeInfo(
        "A transport accident: plane, train, road or ship crash, derailment, sinking.",
        "accident",
        None,
        None,
        None,
        None,
    ),
    EventType.fire: EventTypeInfo(
        "An accidental or unexplained fire or wildfire.", "accident", None, None, None, None
    ),
    EventType.explosion: EventTypeInfo(
        "An accidental explosion (gas, fireworks, industrial), not an attack.",
        "accident",
        None,
        None,
        None,
        None,
    ),
    EventType.natural_disaster: EventTypeInfo(
        "Earthquake, flood, storm, landslide, drought, volcanic eruption and the like.",
        "natural_disaster",
        None,
        None,
        None,
        None,
    ),
    EventType.arrest: EventTypeInfo(
        "Someone is arrested, detained or taken into custody.", "arrest", "17", "COERCE", _SD, "Arrests"
    ),
    EventType.charge: EventTypeInfo(
        "Someone is formally charged, indicted or accused by prosecutors.",
        "legal",
        "11",
        "ACCUSE",
        None,
        None,
    ),
    EventType.trial: EventTypeInfo(
        "A court hearing, trial or appeal takes place.", "legal", None, "ACCUSE", None, None
    ),
    EventType.verdict: EventTypeInfo(
        "A court convicts, acquits, rules or sentences.", "legal", None, "COERCE", None, None
    ),
    EventType.lawsuit: EventTypeInfo(
        "A civil suit or legal challenge is filed or settled.", "legal", "11", "ACCUSE", None, None
    ),
    EventType.election: EventTypeInfo(
        "A vote: election, referendum, primary, party leadership vote, and its result.",
        "election",
        None,
        None,
        None,
        None,
    ),
    EventType.appointment: EventTypeInfo(
        "Someone is appointed, named, elected to or sworn into a post.", "appointment", None, None, None, None
    ),
    EventType.resignation: EventTypeInfo(
        "Someone resigns, steps down, is dismissed or removed from a post.",
        "resignation",
        None,
        None,
        None,
        None,
    ),
    EventType.protest: EventTypeInfo(
        "A demonstration, rally, march, sit-in or labour strike.",
        "protest",
        "14",
        "PROTEST",
        "Protests",
        "Peaceful protest",
    ),
    EventType.legislation: EventTypeInfo(
        "A law, bill, decree, regulation or official policy is passed, signed or announced.",
        "legislation",
        None,
        None,
        None,
        None,
    ),
    EventType.offer: EventTypeInfo(
        "A bid or offer is made (takeover bid, offer to buy, proposal with a price).",
        "corporate",
        None,
        None,
        None,
        None,
    ),
    EventType.acquisition: EventTypeInfo(
        "A company or asset is bought, sold or merged.", "corporate", None, None, None, None
    ),
    EventType.deal: EventTypeInfo(
        "A commercial contract, partnership or investment between companies or with a state.",
        "corporate",
        None,
        None,
        None,
        None,
    ),
    EventType.earnings: EventTypeInfo(
        "A company reports results: profit, loss, revenue, forecast.", "earnings", None, None, None, None
    ),
    EventType.layoffs: EventTypeInfo(
        "Job cuts, plant closures, redundancies.", "layoffs", None, None, None, None
    ),
    EventType.meeting: EventTypeInfo(
        "Leaders, officials or parties meet, hold talks or a summit.",
        "meeting",
        "04",
        "CONSULT",
        _SD,
        "Agreement",
    ),
    EventType.visit: EventTypeInfo(
        "An official visit or trip to a country or place.", "meeting", "04", "CONSULT", _SD, "Other"
    ),
    EventType.statement: EventTypeInfo(
        "An announcement, claim, warning or comment that is itself the news.",
        "statement",
        "01",
        None,
        _SD,
        "Other",
    ),
    EventType.agreement: EventTypeInfo(
        "An agreement, treaty or accord is reached or signed (see also ceasefire, deal).",
        "agreement",
        "05",
        "AGREE",
        _SD,
        "Agreement",
    ),
    EventType.ceasefire: EventTypeInfo(
        "A truce or ceasefire is declared, agreed, extended or broken.",
        "agreement",
        "08",
        "RETREAT",
        _SD,
        "Agreement",
    ),
    EventType.sanction: EventTypeInfo(
        "Sanctions, an embargo, a ban or a boycott are imposed or lifted.",
        "sanction",
        "16",
        "SANCTION",
        None,
        None,
    ),
    EventType.release: EventTypeInfo(
        "Hostages, prisoners or detainees are freed or exchanged.", "release", "08", "CONCEDE", _SD, "Other"
    ),
    EventType.evacuation: EventTypeInfo(
        "People are evacuated or flee an area.", "evacuation", None, None, None, None
    ),
    EventType.aid: EventTypeInfo(
        "Humanitarian, military or financial aid is given, pledged or delivered.",
        "aid",
        "07",
        "AID",
        None,
        None,
    ),
    EventType.sports_result: EventTypeInfo(
        "A match, race or tournament is played, won or lost.", "sports_result", None, None, None, None
    ),
    EventType.other: EventTypeInfo(
        "Last resort: an event none of the other types describes.", "other", None, None, None, None
    ),
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
