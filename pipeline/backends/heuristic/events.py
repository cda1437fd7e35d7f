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

from pipeline.backends.heuristic.actors import ActorIndex, Mention
from pipeline.backends.heuristic.vocab import COUNTRY_FORMS, COUNTRY_RE, NUMBER_WORDS, SPEECH_VERBS, STOPWORDS
from pipeline.text.sentences import QuoteSpan, Segment, mask_quotes, time_expressions
from schemas import ActorType, EventType, ParticipantRole

_E = EventType
_TRIGGERS: tuple[tuple[EventType, str], ...] = (
    (
        _E.airstrike,
        (
            r"air\s?strikes?|airstrikes?|drone strikes?|air raids?|missile strikes?|air attacks?"
            r"|(?<!hunger )(?<!general )(?<!labour )(?<!labor )strikes?"
        ),
    ),
    (_E.bombing, r"bombings?|explosions?|blasts?|car bombs?|suicide bomb\w*|roadside bombs?"),
    (_E.armed_clash, r"clash(?:es|ed)?|fighting|firefights?|gun ?battles?|skirmish(?:es)?"),
    (_E.killing, r"killed|killing|kills?|assassinat\w+|slain|shot dead|murder(?:ed|s)?|executed|beheaded"),
    (_E.attack, r"attack(?:s|ed)?|ambush(?:es|ed)?|stormed|stabb(?:ed|ing)"),
    (_E.arrest, r"arrest(?:s|ed)?|detain(?:ed|s)?|detention|captured"),
    (
        _E.military_operation,
        r"operation(?!\s+(?:room|center|centre|command|cell))|raids?|offensive|incursion|invasion|invaded",
    ),
    (_E.troop_withdrawal, r"withdraw(?:s|n|al|ing)?|withdrew|pull(?:ed|ing)? out|pullout"),
    (_E.protest, r"protest(?:s|ed|ers)?|demonstrat(?:ion|ions|ors)|rall(?:y|ies)"),
    (_E.election, r"elections?|referendum"),
    (_E.visit, r"visit(?:s|ed|ing)?"),
    (_E.meeting, r"met|meetings?|talks|summit"),
    (_E.other, r"ousted|ouster|overthrow\w*|toppled|fall of|downfall|to power|coup"),
    # Beyond conflict: accidents, courts, politics, business, sport. Stock words of each beat.
    (_E.crash, r"crash(?:es|ed)?|derail(?:s|ed|ment)|collid(?:ed|es)|collision|capsi[sz]ed|ran aground"),
    (_E.fire, r"wildfires?|bushfires?|forest fires?|house fires?|blazes?|inferno|caught fire|fire broke out"),
    (
        _E.natural_disaster,
        r"earthquakes?|quakes?|tsunamis?|floods?|flooding|hurricanes?|typhoons?|cyclones?|tornado(?:es)?"
        r"|(?<!a )landslides?(?! (?:victory|win|majority|defeat))|mudslides?|avalanches?|droughts?|heat ?waves?"
        r"|eruptions?|erupted",
    ),
    (_E.charge, r"charged|indicted|indictments?|prosecuted"),
    (_E.trial, r"(?:on|stand|stands|stood|go on|went on) trial|trial (?:of|began|opened|started)"),
    (
        _E.verdict,
        r"sentenced|convicted|acquitted|verdicts?|found (?:not )?guilty|pleaded (?:not )?guilty|jailed"
        r"|overturned (?:a |the |his |her )?conviction",
    ),
    (_E.lawsuit, r"sued|lawsuits?|filed (?:a )?(?:suit|complaint)|class action"),
    (_E.appointment, r"appointed|sworn in|nominated|took office|named (?:as )?(?:the )?new"),
    (_E.resignation, r"resign(?:s|ed|ation)|stepp?(?:ed|s|ing)? down"),
    (
        _E.legislation,
        r"passed (?:a |the )?(?:new )?(?:law|bill|legislation)|signed into law|(?:new|draft) law|the bill"
        r"|legislation|(?:imposed|introduced|lifted) (?:a |the )?ban|state of emergency",
    ),
    (_E.offer, r"takeover (?:bid|offer)|(?:bid|offer|offered) (?:to (?:buy|acquire)|for)|tender offer"),
    (
        _E.acquisition,
        r"acquir(?:e|es|ed|ing)|acquisitions?|takeover|merger|bought|purchased"
        r"|(?:to sell|sold|sells|selling) (?:its|their|the|a|his|her)|sale of",
    ),
    (_E.earnings, r"(?:operating |net |pre-tax |annual |quarterly )(?:profits?|loss(?:es)?)|revenues?|earnings"),
    (
        _E.layoffs,
        r"laid off|lay(?:ing)? off|layoffs?|job cuts|cut (?:\d[\d,]* |some |about )?jobs"
        r"|halv\w+ (?:its |the )?(?:staff|workforce)|(?:closed|closing|shut|shutting) (?:down )?(?:\w+ ){0,2}(?:stores|plants|factories|branches|distribution cent(?:er|re)s?)",
    ),
    (_E.sanction, r"sanctions?|sanctioned|embargo(?:es)?"),
    (_E.release, r"freed|(?:was|were|been) released|released from|deported|pardoned"),
    (_E.evacuation, r"evacuat(?:ed|ion|ions|e|es|ing)"),
    (
        _E.sports_result,
        r"defeated|victory over|win over|lost to|drew with|clinched"
        r"|won (?:the |a |their |his |her |its )(?:\w+ ){0,3}(?:title|cup|match|game|final|race|championship|medal|trophy|tournament|league|series)",
    ),
)
#: All triggers in one pass over ASCII-lower-cased text (case-insensitive matching is slow in ``re``).
_TRIGGER_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{t.value}>{p})" for t, p in _TRIGGERS) + r")\b"
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_KILLING_RE = re.compile(rf"\b(?:{dict(_TRIGGERS)[_E.killing]})\b", re.IGNORECASE)
_VIOLENT = (_E.airstrike, _E.bombing, _E.armed_clash, _E.killing, _E.attack, _E.military_operation)
_DIPLOMATIC = (_E.visit, _E.meeting)
#: Types reported as background: an event only with a time expression of its own.
_ACCIDENTS = (_E.crash, _E.fire, _E.natural_disaster)
_SECURITY_CONTEXT = re.compile(
    r"\b(?:troops?|forces|military|army|security|police|soldiers|militants?|fighters?|terror\w*|insurgen\w*"
    r"|rebels?|strikes?|killed|raids?|intelligence|jihad\w*|armed|militar\w*|combat|rescue)\b"
)
#: Hypotheticals, vows and conditions before a trigger ('would have been contested in the elections',
#: 'vowed to keep fighting', 'even if they succeed in killing it', 'a potential charge of murder').
_HYPOTHETICAL = re.compile(
    r"\b(?:would|could|might|should|if|unless|potential|possible|vow(?:s|ed)? to|threaten(?:s|ed)? to"
    r"|plan(?:s|ned|ning)? to|intend(?:s|ed)? to)\b"
)
_NEEDS_DATE = (_E.troop_withdrawal, _E.election, _E.other, _E.protest)
_HARMED = (_E.killing, _E.arrest)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$")
_DEFINITE = re.compile(
    r"(?:\b(?:the|this|that|its|their)\s+(?:[\w-]+\s+){0,2}|['\u2019]s\s+)$", re.IGNORECASE
)
_SUPPORT = re.compile(
    r"\b(?:with (?:the )?(?:support|help|backing|assistance) (?:of|from)|in (?:conjunction|coordination|cooperation) "
    r"with|supported by|assisted by|backed by|alongside|jointly with)\s+(?:the\s+)?$"
)
_REPORTED = re.compile(rf"\b(?:{SPEECH_VERBS}|revealed|reported)\b[^.;]*?\bthat\b")
_ANNOUNCED = re.compile(r"\b(?:announced|declared|announcement|statement)\b")
_BY_AFTER = re.compile(r"\s*,?\s*(?:(?:made|issued|released|published)\s+)?by\s+")
_CLAUSE_CUT = re.compile(
    r";|\s[\u2014\u2013]\s|\u2014|\s+but\s+|,?\s+while\s+|,\s+including\s+|,\s+(?:which|who|whose)\s+|\s+when\s+"
)
_REPORT_DATE = re.compile(r"\b(?:reported|confirmed|announced|said|stated|revealed|verified)\s+(?:on\s+)?$")
_ACCORDING = re.compile(r"\baccording to\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
_SOURCE = re.compile(r"\baccording to\b[^;]*?(?=[,;]|\.(?:\s|$)|$)")
_BETWEEN = re.compile(r"\s+(?:between|among|with)\s+(?:the\s+)?")
_AGREEMENT_WORDS = re.compile(
    r"\b(?:agreement|deal|accord|treaty|ceasefire|truce|agreed|pledg\w+)\b", re.IGNORECASE
)
_AT_PLACE = re.compile(
    r"\b(?:(?:in|at|near|outside|inside)\s+(?:the\s+)?|(?:city|town|village|port|capital|suburb) of\s+)"
    r"([A-Z][\w-]+(?:\s[A-Z][\w-]+){0,2})"
)
_REGION = re.compile(
    r"\b((?:[A-Z][\w'\u2019-]+\s){1,3}(?:[Pp]rovince|[Rr]egion|[Gg]overnorate|[Dd]istrict|[Cc]ounty|[Oo]blast))\b"
    r"|\b((?:[Pp]rovince|[Gg]overnorate|[Rr]egion|[Dd]istrict) of [A-Z][\w'\u2019-]+)"
)
_LOCATIVE = re.compile(
    r"\b(?:in|inside|within|across|into|to|from|near|throughout|over|of|on)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?\w+|south-?\w+)\s+)?"
    r"(?:[A-Z][\w.'\u2019-]*(?:\s[A-Z][\w.'\u2019-]*)*(?:,\s*(?:and\s+)?|\s+and\s+))*$"
)
_POSSESSIVE_PLACE = re.compile(
    r"[\w.]+['\u2019]s\s+(?:[a-z]+\s+)?[A-Z]?[\w-]+\s+(?:province|region|territory|border|governorate|district)"
)
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_POSSESSIVE_GAP = re.compile(r"['\u2019]s\s+")
_BY_WORD = re.compile(r"\bby\b")
_DEAD_AFTER = re.compile(
    r"(?:['\u2019]s\s+(?:death|killing|assassination|elimination|body)\b"
    r"|(?:,[^,.;]{1,80},)?\s+(?:was|has been|had been)\s+(?:\w+ly\s+)?(?:killed|slain|assassinated|executed)\b)"
)
_DEAD_BEFORE = re.compile(
    r"(?:\b(?:death|killing|assassination|elimination|body) of (?:the\s+)?|\bslain (?:[\w-]+\s+){0,2}?[\w-]+,\s+)$",
    re.IGNORECASE,
)
_FATAL = re.compile(
    r"\b(?:killed|killing|left)\s+(?:at least\s+|some\s+|about\s+)?(?P<a>\d+|[A-Za-z]+)\b(?!\s+(?:years?|percent|%))"
    r"|\b(?:[Aa]t least\s+)?(?P<b>\d+|[A-Za-z]+)\s+(?:\w+\s+)?(?:people\s+|civilians\s+|soldiers\s+)?"
    r"(?:were\s+|have been\s+|had been\s+)?(?:killed|dead|died)\b"
    r"|death toll\s+(?:\w+\s+){0,3}?(?:to|at|of)\s+(?P<c>\d+)"
)
_VERB_FORMS = {
    _E.airstrike: "carried out an airstrike on",
    _E.bombing: "carried out a bombing against",
    _E.armed_clash: "clashed with",
    _E.killing: "killed",
    _E.attack: "attacked",
    _E.arrest: "arrested",
    _E.military_operation: "conducted an operation against",
    _E.troop_withdrawal: "withdrew troops",
    _E.protest: "protested",
    _E.election: "held an election",
    _E.visit: "visited",
    _E.meeting: "met with",
    _E.statement: "made an announcement",
    _E.crash: "was involved in a crash",
    _E.fire: "was hit by a fire",
    _E.natural_disaster: "was hit by a natural disaster",
    _E.charge: "charged",
    _E.trial: "put on trial",
    _E.verdict: "sentenced",
    _E.lawsuit: "sued",
    _E.appointment: "appointed",
    _E.resignation: "resigned",
    _E.legislation: "passed a measure on",
    _E.offer: "made an offer for",
    _E.acquisition: "acquired",
    _E.earnings: "reported results",
    _E.layoffs: "cut jobs or sites",
    _E.sanction: "imposed sanctions on",
    _E.release: "released",
    _E.evacuation: "evacuated",
    _E.sports_result: "won against",
    _E.other: "took part in an event with",
}


@dataclass
class EventInfo:
    """An event being assembled across the sentences that report it."""

    type: EventType
    evidence: list[Segment]
    date_text: str | None = None
    location: str | None = None
    admin_region: str | None = None
    country: str | None = None
    participants: dict[int, ParticipantRole] = field(default_factory=dict)
    fatalities: int | None = None
    sure: set[int] = field(default_factory=set)

    @property
    def background(self) -> bool:
        """Undated background ('since the fall of X') is evidence for a dated event, never an event itself."""
        return self.type in _NEEDS_DATE and self.date_text is None


def _hits(lowered: str, seg: Segment) -> list[tuple[EventType, re.Match[str]]]:
    """Every trigger word of the sentence (matched on the lower-cased text, same offsets).

    Words inside an 'according to ...' source phrase ('diplomats briefed on
    the talks') name the source, not an event.
    """
    source = _SOURCE.search(lowered, seg.start, seg.end)
    secure = _SECURITY_CONTEXT.search(lowered, seg.start, seg.end) is not None
    return [
        (EventType(m.lastgroup), m)
        for m in _TRIGGER_RE.finditer(lowered, seg.start, seg.end)
        if m.lastgroup
        and not (source and source.start() <= m.start() < source.end())
        # "Tesco's Polish operation" is a business: an operation is military among soldiers, or when
        # it refers back to one ("the operation took place on Thursday").
        and (secure or not m.group().startswith("operation") or lowered.endswith("the ", 0, m.start()))
    ]


def _main(hits: list[tuple[EventType, re.Match[str]]]) -> tuple[EventType, re.Match[str]] | None:
    """The sentence's main trigger: the most specific violent one, else the earliest other.

    Deaths in a crash, fire or disaster are its toll, not a killing: the
    accident is the event ("an inferno that killed 19").
    """
    accident = [h for h in hits if h[0] in _ACCIDENTS]
    if accident and all(h[0] is _E.killing for h in hits if h[0] in _VIOLENT):
        return min(accident, key=lambda h: h[1].start())
    violent = [h for h in hits if h[0] in _VIOLENT]
    if violent:
        return min(violent, key=lambda h: (_VIOLENT.index(h[0]), h[1].start()))
    return min(hits, key=lambda h: h[1].start()) if hits else None


def _date(text: str, seg: Segment, anchor: int, skip_reported: bool = True) -> str | None:
    """The time expression nearest the trigger, skipping one that dates a report ('said on Friday that')."""
    reported = _REPORTED.search(text, seg.start, anchor) if skip_reported else None
    best: tuple[int, str] | None = None
    for expr in time_expressions(text, seg):
        if reported and reported.start() < expr.start < reported.end() <= anchor:
            continue
        if skip_reported and _REPORT_DATE.search(text, max(seg.start, expr.start - 16), expr.start):
            continue
        dist = abs(expr.start - anchor)
        if best is None or dist < best[0]:
            best = (dist, text[expr.start : expr.end])
    return best[1] if best else None


def _place(
    text: str, sentence: Segment, index: ActorIndex, anchor: int
) -> tuple[str | None, str | None, str | None]:
    """(location, admin region, country) as written, nearest the trigger within its clause."""
    clause = _clause(text, sentence, anchor)
    seg = Segment(max(clause.start, anchor - 120), min(clause.end, anchor + 120))
    regions = sorted(_REGION.finditer(text, seg.start, seg.end), key=lambda m: abs(m.start() - anchor))
    region = (regions[0].group(1) or regions[0].group(2)).strip() if regions else None
    countries = [
        m
        for m in COUNTRY_RE.finditer(text, seg.start, seg.end)
        if _is_locative(text, m.start(), seg)
        and not (_POSSESSIVE.match(text, m.end()) and not _POSSESSIVE_PLACE.match(text, m.start(), seg.end))
    ]
    # A place after the trigger ('killed in X') beats one before it ('the leader in X was killed').
    after = [m for m in countries if m.start() > anchor or m.start() - seg.start < 4] or countries
    country = min(after, key=lambda m: abs(m.start() - anchor)).group() if after else None
    named = {text[m.start : m.end] for m in index.mentions}
    spots = [
        m
        for m in _AT_PLACE.finditer(text, seg.start, seg.end)
        if _is_place_name(m.group(1), named) and (region is None or m.group(1) not in region)
    ]
    spot = min(spots, key=lambda m: abs(m.start() - anchor)).group(1) if spots else None
    return spot or region or country, region, country


def _is_place_name(name: str, named: set[str]) -> bool:
    first = name.split()[0]
    return (
        first not in STOPWORDS
        and name not in COUNTRY_FORMS
        and name not in named
        and not time_expressions(name, Segment(0, len(name)))
    )


def _is_locative(text: str, pos: int, seg: Segment) -> bool:
    """True when a name sits where a place goes ('in X', "X's western province")."""
    if _LOCATIVE.search(text, max(seg.start, pos - 80), pos):
        return True
    return _POSSESSIVE_PLACE.match(text, pos, min(seg.end, pos + 60)) is not None


def _clause(text: str, seg: Segment, pos: int) -> Segment:
    """The clause around ``pos``: participants of a trigger stay within it."""
    cuts = [m.end() for m in _CLAUSE_CUT.finditer(text, seg.start, pos)]
    after = _CLAUSE_CUT.search(text, pos, seg.end)
    return Segment(cuts[-1] if cuts else seg.start, after.start() if after else seg.end)


def _participants(
    text: str, seg: Segment, index: ActorIndex, etype: EventType, trig: re.Match[str]
) -> tuple[dict[int, ParticipantRole], set[int]]:
    """Actors of the trigger's clause with their part, and those whose part is stated outright.

    Outright means 'by X', 'with support from X', 'X was killed' or "X's
    killing": wording that ties the actor to the event even in a sentence
    that only refers back to it ('the operation was carried out by X').
    """
    reported = _REPORTED.search(text, seg.start, trig.start())
    clause = _clause(text, seg, trig.start())
    floor = max(clause.start, reported.end() if reported else seg.start)
    if etype is _E.visit:
        return _visit_roles(text, Segment(floor, clause.end), index, trig), set()
    if etype is _E.meeting:
        return _meeting_roles(text, seg, Segment(floor, clause.end), index, trig), set()
    anchor = _KILLING_RE.search(text, floor, clause.end) if etype in _VIOLENT else None
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
        elif m.end <= trig.start() and not _is_locative(text, m.start, clause):
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
    if _POSSESSIVE.match(text, m.end):
        return False
    return not _is_locative(text, m.start, seg)


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
    killed = etype in _HARMED or anchor.group().lower().startswith(("kill", "slain", "assass", "murder"))
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


def _fatalities(text: str, seg: Segment) -> int | None:
    for m in _FATAL.finditer(text, seg.start, seg.end):
        word = (m.group("a") or m.group("b") or m.group("c") or "").lower()
        value = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
        if value is not None:
            return value
    return None


def _event_at(
    text: str, seg: Segment, index: ActorIndex, etype: EventType, trig: re.Match[str]
) -> EventInfo | None:
    date = _date(text, seg, trig.start())
    if etype in _NEEDS_DATE and _AGREEMENT_WORDS.search(text, seg.start, seg.end):
        return None
    if _HYPOTHETICAL.search(text, _clause(text, seg, trig.start()).start, trig.start()):
        return None
    location, region, country = _place(text, seg, index, trig.start())
    roles, sure = _participants(text, seg, index, etype, trig)
    return EventInfo(
        type=etype,
        evidence=[_clause(text, seg, trig.start())],
        date_text=date,
        location=location,
        admin_region=region,
        country=country,
        participants=roles,
        fatalities=_fatalities(text, seg) if etype in _VIOLENT else None,
        sure=sure,
    )


def _statement(text: str, seg: Segment, index: ActorIndex) -> EventInfo | None:
    """A formal announcement by a named actor ('X announced on Friday that', 'a statement by X')."""
    if _AGREEMENT_WORDS.search(text, seg.start, seg.end):
        return None
    for m in _ANNOUNCED.finditer(text, seg.start, seg.end):
        if m.group() in ("announced", "declared"):
            before = [x for x in index.within(seg.start, m.start()) if _speaks(index, x)]
            who = before[-1] if before and m.start() - before[-1].end < 40 else None
        else:
            by = _BY_AFTER.match(text, m.end(), seg.end)
            after = (
                [x for x in index.within(by.end(), min(seg.end, by.end() + 60)) if _speaks(index, x)]
                if by
                else []
            )
            who = after[0] if after else None
        if who is not None:
            return EventInfo(
                _E.statement,
                [seg],
                _date(text, seg, m.start(), False),
                participants={who.actor: ParticipantRole.announcer},
            )
    return None


def _speaks(index: ActorIndex, m: Mention) -> bool:
    return not m.demonym and index.actors[m.actor].type is not ActorType.country


def _family(a: EventType, b: EventType) -> bool:
    return a is b or (a in _VIOLENT and b in _VIOLENT) or (a in _DIPLOMATIC and b in _DIPLOMATIC)


def _rank(t: EventType) -> int:
    """Lower is more specific: airstrike over killing, visit over meeting."""
    order = (*_VIOLENT, _E.visit, _E.meeting)
    return order.index(t) if t in order else len(order)


def _same_happening(a: EventInfo, b: EventInfo) -> bool:
    """Two sentences report one event when type family, date and place agree."""
    if not _family(a.type, b.type):
        return False
    for x, y in ((a.date_text, b.date_text), (a.country, b.country)):
        if x and y and x.lower() != y.lower():
            return False
    if a.type in _DIPLOMATIC:
        la, lb = (a.location or "").lower(), (b.location or "").lower()
    else:
        la, lb = _specific_place(a), _specific_place(b)
    return not (la and lb and la not in lb and lb not in la)


def _specific_place(ev: EventInfo) -> str:
    """The event's place below country level, lower-cased ('' when only a country is known)."""
    place = (ev.admin_region or ev.location or "").lower()
    return "" if ev.country and place == ev.country.lower() else place


def _fold(a: EventInfo, b: EventInfo, anaphoric: bool = False) -> None:
    """Add a later report ``b`` of the same happening to ``a``.

    A more specific report decides type and roles; an anaphoric one ('the
    operation ...') only adds what it says about time and place, because the
    other actors of its sentence are usually about something else.
    """
    if anaphoric:
        keep_all = not a.participants and a.type in _DIPLOMATIC
        b.participants = {k: v for k, v in b.participants.items() if k in b.sure or keep_all}
    if _rank(b.type) < _rank(a.type):
        a.type = b.type
        a.participants = {**a.participants, **b.participants}
        if b.location:
            a.location, a.admin_region, a.country = b.location, b.admin_region, b.country or a.country
    else:
        for actor, role in b.participants.items():
            if actor not in a.participants or role is ParticipantRole.victim:
                a.participants[actor] = role
    a.evidence += [e for e in b.evidence if e not in a.evidence][: max(0, 3 - len(a.evidence))]
    a.date_text = a.date_text or b.date_text
    if not a.location or (a.location == a.country and b.admin_region):
        a.location, a.admin_region = b.location, b.admin_region
        a.country = b.country or a.country
    a.country = a.country or b.country
    a.fatalities = max(filter(None, (a.fatalities, b.fatalities)), default=None)


def _add(events: list[EventInfo], ev: EventInfo, anaphoric: bool) -> None:
    family = [e for e in events if _family(e.type, ev.type)]
    if anaphoric and family:
        _fold(family[0], ev, anaphoric=True)
        return
    if anaphoric and ev.type not in _VIOLENT and not (ev.date_text or ev.location):
        return  # 'described the talks as premature': talks the article never reports
    same = next((e for e in family if _same_happening(e, ev)), None)
    if same is None:
        events.append(ev)
    else:
        _fold(same, ev)


def _sentence_events(
    text: str, lowered: str, seg: Segment, index: ActorIndex
) -> list[tuple[EventInfo, bool]]:
    """The sentence's events, each flagged anaphoric when it says 'the operation' of an earlier one."""
    hits = _hits(lowered, seg)
    main = _main(hits)
    out: list[tuple[EventInfo, bool]] = []
    if main is not None:
        ev = _event_at(text, seg, index, *main)
        anaphoric = any(
            _family(t, main[0]) and _DEFINITE.search(text, max(seg.start, m.start() - 20), m.start())
            for t, m in hits
        )
        if ev is not None:
            out.append((ev, anaphoric))
        out += _extra_events(text, seg, index, hits, main, ev)
    statement = _statement(text, seg, index)
    if statement is not None:
        out.append((statement, False))
    return out


def _extra_events(
    text: str,
    seg: Segment,
    index: ActorIndex,
    hits: list[tuple[EventType, re.Match[str]]],
    main: tuple[EventType, re.Match[str]],
    ev: EventInfo | None,
) -> list[tuple[EventInfo, bool]]:
    """Other happenings in the same sentence: a visit beside a strike, dated background events.

    Their evidence is the clause around their own trigger, so two events of
    one sentence never share a first evidence span (the pipeline keys
    duplicates on it).
    """
    out: list[tuple[EventInfo, bool]] = []
    diplomatic = next((h for h in hits if h[0] in _DIPLOMATIC), None) if main[0] in _VIOLENT else None
    if diplomatic is not None and (extra := _event_at(text, seg, index, *diplomatic)) is not None:
        if ev is not None and extra.date_text == ev.date_text:
            extra.date_text = None
        definite = _DEFINITE.search(text, max(seg.start, diplomatic[1].start() - 20), diplomatic[1].start())
        extra.evidence = [_clause(text, seg, diplomatic[1].start())]
        out.append((extra, definite is not None))
    for etype, m in hits:
        extra = _event_at(text, seg, index, etype, m) if etype in _NEEDS_DATE and m is not main[1] else None
        if extra is not None and extra.date_text != (ev.date_text if ev else None):
            extra.evidence = [_clause(text, seg, m.start())]
            out.append((extra, False))
    return out


def find_events(
    text: str, sents: list[Segment], quotes: list[QuoteSpan], index: ActorIndex
) -> list[EventInfo]:
    """Events of the article, one per happening, in order of first report.

    Args:
        text: The article.
        sents: Its sentences.
        quotes: Its quotations (triggers inside quoted words are not the writer's report).
        index: Its actors and mentions.

    Returns:
        Events with evidence sentences (segments of ``text``) and actor indexes as participants.
    """
    masked = mask_quotes(text, quotes)
    lowered = masked.translate(_ASCII_LOWER)
    view = ActorIndex(index.actors, [m for m in index.mentions if masked[m.start] == text[m.start]])
    events: list[EventInfo] = []
    background: list[EventInfo] = []
    for seg in sents:
        for ev, anaphoric in _sentence_events(masked, lowered, seg, view):
            if ev.background:
                background.append(ev)
            else:
                _add(events, ev, anaphoric)
    for ev in background:
        dated = next(
            (e for e in events if e.type is ev.type and set(e.participants) & set(ev.participants)), None
        )
        if dated is not None and len(dated.evidence) < 3:
            dated.evidence.append(ev.evidence[0])
    _add_named_dead(masked, view, events)
    return events


def _add_named_dead(text: str, index: ActorIndex, events: list[EventInfo]) -> None:
    """The person whose death the article states ("X's death", "the killing of X") is the main attack's victim.

    Reports often name the dead in a different sentence from the strike
    itself; only used when the first violent event has no victim yet and
    the article names exactly one dead person.
    """
    main = next((e for e in events if e.type in _VIOLENT), None)
    if main is None or ParticipantRole.victim in main.participants.values():
        return
    dead = {
        m.actor
        for m in index.mentions
        if index.actors[m.actor].type is ActorType.person
        and (_DEAD_AFTER.match(text, m.end) or _DEAD_BEFORE.search(text, max(0, m.start - 40), m.start))
    }
    if len(dead) == 1:
        main.participants[dead.pop()] = ParticipantRole.victim


def summarize(ev: EventInfo, names: list[str]) -> str:
    """A short generated sentence: '<agent> <did> <victim/target> in <place>'."""

    def first(*roles: ParticipantRole) -> str | None:
        return next((names[a] for a, r in ev.participants.items() if r in roles), None)

    agent = first(ParticipantRole.agent, ParticipantRole.announcer)
    partners = [names[a] for a, r in ev.participants.items() if r is ParticipantRole.partner]
    if agent is None and len(partners) > 1:
        agent = partners.pop(0)
    other = first(ParticipantRole.victim, ParticipantRole.target) or (partners[0] if partners else None)
    verb = _VERB_FORMS.get(ev.type, "took part in an event with")
    if other is None and verb.endswith((" with", " on", " against")):
        verb = verb.rsplit(" ", 1)[0]
    words = [agent or "Unidentified actors", verb]
    if other:
        words.append(other)
    place = ev.location or ev.admin_region or ev.country
    if place and place != other:
        words.append(f"in {place}")
    return " ".join(words) + "."
