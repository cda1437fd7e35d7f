"""Event and agreement finding for the heuristic extractor.

One candidate event per sentence from trigger vocabulary (the most specific
violent trigger wins, else the first non-violent one), with the sentence's
time expression, place and the actors around the trigger as participants.
Mentions of the same happening across sentences ("the operation", "the
strike") are folded together when their dates and places do not conflict.
Agreements come from agreement vocabulary; "the agreement" refers back to the
last one found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.heuristic_actors import ActorIndex, Mention
from pipeline.heuristic_text import QuoteSpan, Segment, deadline_start, time_expressions
from pipeline.heuristic_vocab import COUNTRY_FORMS, COUNTRY_RE, NUMBER_WORDS, SPEECH_VERBS, STOPWORDS
from schemas import ActorType, EventType, ParticipantRole

_E = EventType
_TRIGGERS: tuple[tuple[EventType, str], ...] = (
    (_E.airstrike, r"air\s?strikes?|airstrikes?|drone strikes?|air raids?|missile strikes?|air attacks?"),
    (_E.bombing, r"bombings?|explosions?|blasts?|car bombs?|suicide bomb\w*|roadside bombs?"),
    (_E.armed_clash, r"clash(?:es|ed)?|fighting|firefights?|gun ?battles?|skirmish(?:es)?"),
    (_E.killing, r"killed|killing|kills?|assassinat\w+|slain|shot dead|murder(?:ed|s)?|executed|beheaded"),
    (_E.attack, r"attack(?:s|ed)?|ambush(?:es|ed)?|stormed"),
    (_E.arrest, r"arrest(?:s|ed)?|detain(?:ed|s)?|detention|captured"),
    (_E.military_operation, r"operations?(?!\s+(?:room|center|centre|command|cell))|raids?|offensive|incursion"),
    (_E.troop_withdrawal, r"withdraw(?:s|n|al|ing)?|withdrew|pull(?:ed|ing)? out|pullout"),
    (_E.protest, r"protest(?:s|ed|ers)?|demonstrat(?:ion|ions|ors)|rall(?:y|ies)"),
    (_E.election, r"elections?|referendum"),
    (_E.visit, r"visit(?:s|ed|ing)?"),
    (_E.meeting, r"met|meetings?|talks|summit"),
    (_E.agreement, r"agreements?|accord|treaty|ceasefire|truce"),
    (_E.statement, r"announced"),
)
_TRIGGER_RES = tuple((t, re.compile(rf"\b(?:{p})\b", re.IGNORECASE)) for t, p in _TRIGGERS)
_KILLING_RE = dict(_TRIGGER_RES)[_E.killing]
_VIOLENT = (_E.airstrike, _E.bombing, _E.armed_clash, _E.killing, _E.attack, _E.military_operation)
_HARMED = (_E.killing, _E.arrest)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$")
_BY = re.compile(r"\b(?:by|from)\s+(?:the\s+)?$")
_SUPPORT = re.compile(
    r"\b(?:with (?:the )?(?:support|help|backing|assistance) (?:of|from)|in (?:conjunction|coordination|cooperation) "
    r"with|supported by|assisted by|backed by|alongside|jointly with)\s+(?:the\s+)?$"
)
_REPORTED = re.compile(rf"\b(?:{SPEECH_VERBS}|revealed|reported)\b[^.;]*?\bthat\b")
_AT_PLACE = re.compile(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?([A-Z][\w'\u2019-]+(?:\s[A-Z][\w'\u2019-]+){0,2})")
_REGION = re.compile(
    r"\b((?:[A-Z][\w'\u2019-]+\s){1,3}(?:[Pp]rovince|[Rr]egion|[Gg]overnorate|[Dd]istrict|[Cc]ounty|[Oo]blast))\b"
    r"|\b((?:[Pp]rovince|[Gg]overnorate|[Rr]egion|[Dd]istrict) of [A-Z][\w'\u2019-]+)"
)
_LOCATIVE = re.compile(
    r"\b(?:in|inside|within|across|into|to|from|near|throughout|over|of|on)\s+(?:the\s+)?"
    r"(?:[A-Z][\w.'\u2019-]*(?:\s[A-Z][\w.'\u2019-]*)*(?:,\s*(?:and\s+)?|\s+and\s+))*$"
)
_FATAL = re.compile(
    r"\b(?:killed|killing|left)\s+(?:at least\s+|some\s+|about\s+)?(?P<a>\d+|[a-z]+)\b(?!\s+(?:years?|percent|%))"
    r"|\b(?:at least\s+)?(?P<b>\d+|[a-z]+)\s+(?:\w+\s+)?(?:people\s+|civilians\s+|soldiers\s+)?"
    r"(?:were\s+|have been\s+|had been\s+)?(?:killed|dead|died)\b"
    r"|death toll\s+(?:\w+\s+){0,3}?(?:to|at|of)\s+(?P<c>\d+)"
)
_AGREEMENT_RE = re.compile(
    r"\b(?:agreements?|deal|accord|treaty|ceasefire|truce|memorandum of understanding|pledg(?:ed|ing|es)\s+to"
    r"|agreed(?:\s+to|\s+on)?|signed)\b",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"\b(?:to|on|over|for)\s+(.+?)(?=,|;|\.\s|\.$|\s+(?:by|until|before|with|when|while)\s|$)")
_STATUS: tuple[tuple[str, str], ...] = (
    ("ended", r"\b(?:ended|collapsed|expired|broke down|terminated|scrapped|withdrew from|suspended)\b"),
    ("in_force", r"\b(?:in force|took effect|into effect|came into force|in effect)\b"),
    ("proposed", r"\b(?:proposed|draft|proposal|would|could|negotiat\w+|plans? to|seek\w*)\b"),
    ("signed", r"\b(?:signed|reached|announced|agreed|struck|concluded|sealed|pledg\w+|made|inked)\b"),
)
_VERB_FORMS = {
    _E.airstrike: "carried out an airstrike on", _E.bombing: "carried out a bombing against",
    _E.armed_clash: "clashed with", _E.killing: "killed", _E.attack: "attacked", _E.arrest: "arrested",
    _E.military_operation: "conducted an operation against", _E.troop_withdrawal: "withdrew troops",
    _E.protest: "protested", _E.election: "held an election", _E.visit: "visited", _E.meeting: "met",
    _E.agreement: "reached an agreement", _E.statement: "made an announcement",
}


@dataclass
class EventInfo:
    """An event being assembled across the sentences that report it."""

    type: EventType
    evidence: list[str]
    date_text: str | None = None
    location: str | None = None
    admin_region: str | None = None
    country: str | None = None
    participants: dict[int, ParticipantRole] = field(default_factory=dict)
    fatalities: int | None = None


@dataclass
class AgreementInfo:
    """An agreement being assembled; later 'the agreement' sentences add to it."""

    parties: list[int]
    subject: str
    status: str
    evidence: list[str]
    signed_text: str | None = None
    deadline_text: str | None = None


def _trigger(text: str, seg: Segment, quoted: list[Segment]) -> tuple[EventType, re.Match[str]] | None:
    """The sentence's main trigger: the most specific violent one, else the earliest other."""
    hits: list[tuple[EventType, re.Match[str]]] = []
    for etype, rx in _TRIGGER_RES:
        hits += [(etype, m) for m in rx.finditer(text, seg.start, seg.end)
                 if not any(q.contains(m.start()) for q in quoted)]
    violent = [h for h in hits if h[0] in _VIOLENT]
    if violent:
        return min(violent, key=lambda h: (_VIOLENT.index(h[0]), h[1].start()))
    others = sorted((h for h in hits if h[0] is not _E.statement), key=lambda h: h[1].start())
    if others:
        return others[0]
    return hits[0] if hits else None


def _date(text: str, seg: Segment, anchor: int) -> str | None:
    """The time expression nearest the trigger, skipping one that dates a report ('said on Friday that')."""
    best: tuple[int, str] | None = None
    for expr in time_expressions(text, seg):
        reported = _REPORTED.search(text, seg.start, anchor)
        if reported and reported.start() < expr.start < reported.end() <= anchor:
            continue
        start = deadline_start(text, expr, seg.start)
        value = text[start if start is not None else expr.start : expr.end]
        dist = abs(expr.start - anchor)
        if best is None or dist < best[0]:
            best = (dist, value)
    return best[1] if best else None


def _place(text: str, seg: Segment, index: ActorIndex, anchor: int) -> tuple[str | None, str | None, str | None]:
    """(location, admin region, country) as written, preferring the ones nearest the trigger."""
    regions = sorted(_REGION.finditer(text, seg.start, seg.end), key=lambda m: abs(m.start() - anchor))
    region = (regions[0].group(1) or regions[0].group(2)).strip() if regions else None
    countries = [m for m in COUNTRY_RE.finditer(text, seg.start, seg.end) if _is_locative(text, m.start(), seg)]
    countries.sort(key=lambda m: abs(m.start() - anchor))
    country = countries[0].group() if countries else None
    named = {text[m.start : m.end] for m in index.mentions}
    spots = [m for m in _AT_PLACE.finditer(text, seg.start, seg.end)
             if _is_place_name(m.group(1), named) and (region is None or m.group(1) not in region)]
    spots.sort(key=lambda m: abs(m.start() - anchor))
    spot = spots[0].group(1) if spots else None
    return spot or region or country, region, country


def _is_place_name(name: str, named: set[str]) -> bool:
    first = name.split()[0]
    return (first not in STOPWORDS and name not in COUNTRY_FORMS and name not in named
            and not time_expressions(name, Segment(0, len(name))))


def _is_locative(text: str, pos: int, seg: Segment) -> bool:
    """True when a name sits where a place goes ('in X', "X's western province")."""
    if _LOCATIVE.search(text, max(seg.start, pos - 80), pos):
        return True
    return bool(re.match(r"[\w.]+['\u2019]s\s+(?:[a-z]+\s+)?[A-Z]?[\w-]+\s+(?:province|region|territory|border)",
                         text[pos : pos + 60]))


def _participants(text: str, seg: Segment, index: ActorIndex, etype: EventType, anchor: re.Match[str]) -> dict[int, ParticipantRole]:
    """Actors of the sentence with their part: announcer, agent, partner, victim or target."""
    reported = _REPORTED.search(text, seg.start, anchor.start())
    passive = _PASSIVE.search(text, max(seg.start, anchor.start() - 25), anchor.start()) is not None
    by = re.search(r"\bby\b", text[anchor.end() : seg.end])
    by_at = anchor.end() + by.start() if by else seg.end
    roles: dict[int, ParticipantRole] = {}
    for m in index.within(seg.start, seg.end):
        if not _takes_part(text, seg, index, m):
            continue
        role = _role(text, seg, index, m, etype, anchor, passive, by_at)
        if reported and m.end <= reported.end() <= anchor.start():
            role = ParticipantRole.announcer
        roles.setdefault(m.actor, role)
    return roles


def _takes_part(text: str, seg: Segment, index: ActorIndex, m: Mention) -> bool:
    """Countries named as places ('in X', "X's province") and bare adjectives are not participants."""
    if m.demonym:
        return re.match(r"\s+(?:forces|troops|army|military|government|authorities|police)\b",
                        text[m.end : m.end + 20]) is not None
    if index.actors[m.actor].type is not ActorType.country:
        return True
    if re.match(r"['\u2019]s\b", text[m.end : m.end + 3]):
        return False
    return not _is_locative(text, m.start, seg)


def _role(text: str, seg: Segment, index: ActorIndex, m: Mention, etype: EventType, anchor: re.Match[str],
          passive: bool, by_at: int) -> ParticipantRole:
    if etype in (_E.meeting, _E.agreement) or _SUPPORT.search(text, max(seg.start, m.start - 45), m.start):
        return ParticipantRole.partner
    harmed = ParticipantRole.victim if (
        etype in _HARMED or anchor.group().lower().startswith(("kill", "slain", "assass", "murder"))
    ) and index.actors[m.actor].type is ActorType.person else ParticipantRole.target
    if m.start < anchor.start():
        return harmed if passive else ParticipantRole.agent
    if etype in (_E.visit, _E.troop_withdrawal, _E.protest, _E.statement, _E.election):
        return ParticipantRole.other
    return ParticipantRole.agent if m.start > by_at else harmed


def _fatalities(text: str, seg: Segment) -> int | None:
    for m in _FATAL.finditer(text, seg.start, seg.end):
        word = (m.group("a") or m.group("b") or m.group("c") or "").lower()
        value = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
        if value is not None:
            return value
    return None


def _event(text: str, seg: Segment, index: ActorIndex, quoted: list[Segment]) -> EventInfo | None:
    found = _trigger(text, seg, quoted)
    if found is None:
        return None
    etype, trig = found
    harm = _KILLING_RE.search(text, seg.start, seg.end) if etype in _VIOLENT else None
    anchor = harm or trig
    location, region, country = _place(text, seg, index, trig.start())
    return EventInfo(
        type=etype,
        evidence=[text[seg.start : seg.end]],
        date_text=_date(text, seg, trig.start()),
        location=location,
        admin_region=region,
        country=country,
        participants=_participants(text, seg, index, etype, anchor),
        fatalities=_fatalities(text, seg),
    )


def _same_happening(a: EventInfo, b: EventInfo) -> bool:
    """Two sentences report one event when type family, date and place agree."""
    family = (a.type in _VIOLENT and b.type in _VIOLENT) or a.type is b.type
    if not family:
        return False
    for x, y in ((a.date_text, b.date_text), (a.country, b.country)):
        if x and y and x.lower() != y.lower():
            return False
    la, lb = (a.admin_region or a.location or "").lower(), (b.admin_region or b.location or "").lower()
    return not (la and lb and la not in lb and lb not in la)


def _fold(a: EventInfo, b: EventInfo) -> None:
    if a.type in _VIOLENT and b.type in _VIOLENT and _VIOLENT.index(b.type) < _VIOLENT.index(a.type):
        a.type = b.type
    a.evidence += [e for e in b.evidence if e not in a.evidence][: max(0, 3 - len(a.evidence))]
    a.date_text = a.date_text or b.date_text
    a.location = a.location or b.location
    a.admin_region = a.admin_region or b.admin_region
    a.country = a.country or b.country
    for actor, role in b.participants.items():
        if actor not in a.participants or role is ParticipantRole.victim:
            a.participants[actor] = role
    a.fatalities = max(filter(None, (a.fatalities, b.fatalities)), default=None)


def find_events(text: str, sents: list[Segment], quotes: list[QuoteSpan], index: ActorIndex) -> list[EventInfo]:
    """Events of the article, one per happening, in order of first report.

    Args:
        text: The article.
        sents: Its sentences.
        quotes: Its quotations (triggers inside quoted words are not the writer's report).
        index: Its actors and mentions.

    Returns:
        Events with verbatim evidence sentences and actor indexes as participants.
    """
    quoted = [q.inner for q in quotes]
    events: list[EventInfo] = []
    for seg in sents:
        ev = _event(text, seg, index, quoted)
        if ev is None:
            continue
        same = next((e for e in events if _same_happening(e, ev)), None)
        if same is None:
            events.append(ev)
        else:
            _fold(same, ev)
    return events


def summarize(ev: EventInfo, names: list[str]) -> str:
    """A short generated sentence: '<agent> <did> <victim/target> in <place>'."""
    agent = next((names[a] for a, r in ev.participants.items() if r is ParticipantRole.agent), None)
    other = next((names[a] for a, r in ev.participants.items()
                  if r in (ParticipantRole.victim, ParticipantRole.target)), None)
    verb = _VERB_FORMS.get(ev.type, "took part in an event")
    words = [agent or "Unidentified actors", verb]
    if other:
        words.append(other)
    elif verb.endswith((" on", " against", " with")):
        words.append("unidentified targets")
    place = ev.location or ev.admin_region or ev.country
    if place:
        words.append(f"in {place}")
    return " ".join(words) + "."


def _status(text: str, seg: Segment, anchor: int) -> str:
    """The status word nearest the agreement word decides where the agreement stands."""
    best: tuple[int, str] | None = None
    for status, pattern in _STATUS:
        for m in re.finditer(pattern, text[seg.start : seg.end], re.IGNORECASE):
            dist = abs(seg.start + m.start() - anchor)
            if best is None or dist < best[0]:
                best = (dist, status)
    return best[1] if best else "unknown"


def _subject(text: str, seg: Segment, trig: re.Match[str]) -> str:
    """What the agreement is about: the clause after 'to'/'on', without its deadline."""
    if trig.group().lower().endswith(" to"):
        m = re.compile(r"\s*(.+?)(?=,|;|\.\s|\.$|\s+(?:by|until|before|with|when|while)\s|$)").match(
            text, trig.end(), seg.end)
    else:
        m = _SUBJECT.search(text, trig.end(), seg.end)
    subject = m.group(1).strip() if m else ""
    return subject or trig.group().lower()


def _agreement_dates(text: str, seg: Segment) -> tuple[str | None, str | None]:
    signed: str | None = None
    deadline: str | None = None
    for expr in time_expressions(text, seg):
        start = deadline_start(text, expr, seg.start)
        if start is not None:
            deadline = deadline or text[start : expr.end]
        else:
            signed = signed or text[expr.start : expr.end]
    return signed, deadline


def _parties(text: str, seg: Segment, index: ActorIndex, trig: re.Match[str]) -> list[int]:
    mentions = index.within(seg.start, seg.end)
    chosen = [m for m in mentions if m.end <= trig.start()] or [m for m in mentions if m.start >= trig.end()]
    return list(dict.fromkeys(m.actor for m in chosen))


def find_agreements(text: str, sents: list[Segment], quotes: list[QuoteSpan], index: ActorIndex) -> list[AgreementInfo]:
    """Agreements of the article; 'the agreement' later on adds to the last one.

    Args:
        text: The article.
        sents: Its sentences.
        quotes: Its quotations (agreement words inside quotes are skipped).
        index: Its actors and mentions.

    Returns:
        Agreements with parties as actor indexes and verbatim evidence sentences.
    """
    quoted = [q.inner for q in quotes]
    found: list[AgreementInfo] = []
    for seg in sents:
        trig = next((m for m in _AGREEMENT_RE.finditer(text, seg.start, seg.end)
                     if not any(q.contains(m.start()) for q in quoted)), None)
        if trig is None:
            continue
        signed, deadline = _agreement_dates(text, seg)
        anaphoric = re.search(r"\b(?:the|this|that)\s+$", text[max(seg.start, trig.start() - 6) : trig.start()])
        if anaphoric and found:
            last = found[-1]
            last.evidence += [text[seg.start : seg.end]][: max(0, 3 - len(last.evidence))]
            last.signed_text = last.signed_text or signed
            last.deadline_text = last.deadline_text or deadline
            last.parties = last.parties or _parties(text, seg, index, trig)
            continue
        found.append(AgreementInfo(
            parties=_parties(text, seg, index, trig),
            subject=_subject(text, seg, trig),
            status=_status(text, seg, trig.start()),
            evidence=[text[seg.start : seg.end]],
            signed_text=signed,
            deadline_text=deadline,
        ))
    return found
