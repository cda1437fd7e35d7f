"""Events of an article: one candidate per sentence, folded into one per happening.

Each sentence's main trigger (see ``triggers``, with the passive measures and
court rulings of ``phrases``) becomes a candidate event with the time
expression nearest it (not one that dates a report, nor
one after 'since'), its place (``places``), its participants
(``participants``) and, for violence, the death toll; a trigger after a
hypothetical, vow or condition in its clause, or one the clause denies,
plans or states as a present condition (``modality``), is not an event. A
formal announcement by a named actor is a statement, unless it introduces
a quotation (a reaction) or only what was said is dated. Mentions of the
same happening across sentences ("the operation", "the strike", and for an
accident plain "the fire", see ``references``) are folded together when
their dates and places do not conflict; undated background ("since the fall
of X", the charges in a verdict story) only adds evidence to a dated event."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.backends.heuristic.actions import DatedAction, dated_actions
from pipeline.backends.heuristic.actors import ActorIndex
from pipeline.backends.heuristic.headline import headline_end
from pipeline.backends.heuristic.modality import deferred, negated, ongoing, scheduled
from pipeline.backends.heuristic.parsed import ParsedArticle
from pipeline.backends.heuristic.participants import find_participants
from pipeline.backends.heuristic.phrases import phrase_hits
from pipeline.backends.heuristic.places import event_place
from pipeline.backends.heuristic.references import reference_back
from pipeline.backends.heuristic.statements import Statement, find_statement, statement_dates, surname_month
from pipeline.backends.heuristic.triggers import (
    AGREEMENT_WORDS,
    ASCII_LOWER,
    DIPLOMATIC,
    NEEDS_DATE,
    REPORTED,
    VIOLENT,
    Hit,
    clause_at,
    find_hits,
    main_hit,
    reports_no_happening,
)
from pipeline.backends.heuristic.vocab import NUMBER_WORDS
from pipeline.backends.heuristic.weak_triggers import weak_trigger
from pipeline.text.sentences import Segment, mask_quotes, time_expressions
from schemas import ActorType, EventType, ParticipantRole

_E = EventType


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
        return self.type in NEEDS_DATE and self.date_text is None


_REPORT_DATE = re.compile(r"\b(?:reported|confirmed|announced|said|stated|revealed|verified)\s+(?:on\s+)?$")
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)


def _since_between(text: str, anchor: int, expr: Segment) -> bool:
    """A 'since' between the trigger and a later date: the date starts a period ('the worst fire since 2001')."""
    return expr.start > anchor and _SINCE.search(text, anchor, expr.start) is not None


def _date(text: str, seg: Segment, anchor: int, skip_reported: bool = True) -> str | None:
    """The time expression nearest the trigger, skipping one that dates a report ('said on Friday that').

    A date after 'since' dates the start of a comparison or a state, never
    the trigger before it ('the deadliest blaze since 1990').
    """
    reported = REPORTED.search(text, seg.start, anchor) if skip_reported else None
    best: tuple[int, str] | None = None
    for expr in time_expressions(text, seg):
        if reported and reported.start() < expr.start < reported.end() <= anchor:
            continue
        if surname_month(text, expr):
            continue  # 'Theresa May' is a name
        if skip_reported and _REPORT_DATE.search(text, max(seg.start, expr.start - 16), expr.start):
            continue
        if _since_between(text, anchor, expr):
            continue
        # A date naming a thing ('won the 2019 Tolvik Marathon') dates the event only when nothing else does.
        # ('the 6 May elections' names the trigger's own noun, so it dates it).
        other_thing = _names_a_thing(text, seg, expr) and not expr.end <= anchor <= expr.end + 30
        dist = abs(expr.start - anchor) + (10_000 if other_thing else 0)
        if best is None or dist < best[0]:
            best = (dist, text[expr.start : expr.end])
    return best[1] if best else None


_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)
_WORD_AFTER = re.compile(r"\s+[A-Za-z]")


def _names_a_thing(text: str, seg: Segment, expr: Segment) -> bool:
    """An article before the time expression and a word after it: it names a thing ('the 2019 Open')."""
    return bool(
        _ARTICLE_BEFORE.search(text, max(seg.start, expr.start - 6), expr.start)
        and _WORD_AFTER.match(text, expr.end, seg.end)
    )


_FATAL = re.compile(
    r"\b(?:killed|killing|left)\s+(?:at least\s+|some\s+|about\s+)?(?P<a>\d+|[A-Za-z]+)\b(?!\s+(?:years?|percent|%))"
    r"|\b(?:[Aa]t least\s+)?(?P<b>\d+|[A-Za-z]+)\s+(?:\w+\s+)?(?:people\s+|civilians\s+|soldiers\s+)?"
    r"(?:were\s+|have been\s+|had been\s+)?(?:killed|dead|died)\b"
    r"|death toll\s+(?:\w+\s+){0,3}?(?:to|at|of)\s+(?P<c>\d+)"
)


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
    clause = clause_at(text, seg, trig.start())
    if reports_no_happening(text, seg, etype, trig) or negated(text, clause, trig.start()):
        return None
    # A trigger that opens with its infinitive 'to' ('to sell its') is read with it ('plans to sell').
    infinitive = trig.start() + 3 if trig.group().startswith("to ") else trig.start()
    if deferred(text, clause, infinitive) or ongoing(text, clause, trig.start()):
        return None  # 'will meet', 'plans to visit', 'is in the grip of a drought': no happening
    if scheduled(text, clause, trig.start(), trig.end()):
        return None  # 'the election is scheduled for May': a plan
    date = _date(text, seg, trig.start())
    location, region, country = event_place(text, seg, index, trig.start())
    roles, sure = find_participants(text, seg, index, etype, trig)
    return EventInfo(
        type=etype,
        evidence=[clause],
        date_text=date,
        location=location,
        admin_region=region,
        country=country,
        participants=roles,
        fatalities=_fatalities(text, seg) if etype in VIOLENT else None,
        sure=sure,
    )


#: What an announced rule makes of something: compulsory, banned, required by law.
_RULE = re.compile(
    r"\b(?:become|becomes|be|is|are|will be|would be)\s+(?:\w+\s+)?"
    r"(?:compulsory|mandatory|obligatory|illegal|banned|prohibited|required\s+by\s+law)\b",
    re.IGNORECASE,
)
#: A passive auxiliary right before a speech verb.
_PASSIVE = re.compile(r"\b(?:been|was|were|is|are|be)\s+$")
#: A quotation of some length after the verb (quoted words are blanked by the caller; a quoted word
#: or title such as a "bulletin" is shorter).
_QUOTED_WORDS = re.compile(r"[\"\u201c] {25,}")


def _statement(text: str, seg: Segment, found: Statement | None) -> EventInfo | None:
    """A formal announcement the sentence reports (see ``statements``), dated by its own time expression."""
    if found is None or AGREEMENT_WORDS.search(text, found.anchor, min(seg.end, found.anchor + 40)):
        return None  # 'X announced a ceasefire': the agreement is the record
    if found.announcer is None and _PASSIVE.search(text, max(seg.start, found.anchor - 12), found.anchor):
        return None  # 'were confirmed dead', 'was reported missing': nobody speaks
    if _QUOTED_WORDS.search(text, found.anchor, seg.end):
        return None  # 'issued a statement saying, "..."': a reaction, whose words are the quote record
    announcer = {} if found.announcer is None else {found.announcer: ParticipantRole.announcer}
    found_dates = statement_dates(text, seg, found.anchor)
    dates = [d for d in found_dates if _dates_the_speech(text, found.anchor, d)]
    if found_dates and not dates and not _FORMAL.match(text, found.anchor):
        return None  # 'X said they expect a decision this year': only what was said is dated
    date = min(dates, key=lambda d: abs(d.start - found.anchor)).text(text) if dates else None
    # 'X announced that masks would become compulsory': announcing a rule is making it.
    rule = _RULE.search(text, found.anchor, seg.end) is not None
    return EventInfo(_E.legislation if rule else _E.statement, [seg], date, participants=announcer)


#: Anchors of a formal act, an event even undated (see ``statements``); other speech needs a date.
_FORMAL = re.compile(
    r"(?:announc|declar|issued|released|published|sent|put out|statement|report|investigation|press release"
    r"|bulletin|delivered|gave)",
    re.IGNORECASE,
)
#: Between the verb and a date: an expectation or plan, so the date is of what is expected.
_EXPECTED = re.compile(
    r"\b(?:expects?|expected|expecting|hopes?|hoping|plans?|planning|will|would|may|might|could)\b"
)


def _dates_the_speech(text: str, anchor: int, date: Segment) -> bool:
    """Whether a time expression of the verb's clause dates the speech act itself.

    Not when an expectation stands between the verb and the date ('said
    they expect a decision this year').
    """
    return not (date.start > anchor and _EXPECTED.search(text, anchor, date.start))


def _family(a: EventType, b: EventType) -> bool:
    return a is b or (a in VIOLENT and b in VIOLENT) or (a in DIPLOMATIC and b in DIPLOMATIC)


def _rank(t: EventType) -> int:
    """Lower is more specific: airstrike over killing, visit over meeting."""
    order = (*VIOLENT, _E.visit, _E.meeting)
    return order.index(t) if t in order else len(order)


def _same_happening(a: EventInfo, b: EventInfo) -> bool:
    """Two sentences report one event when type family, date and place agree.

    Not two ``other`` events: the type says nothing about what happened, so
    a shared date ('on Sunday') does not make two acts one.
    """
    if not _family(a.type, b.type) or a.type is _E.other:
        return False
    for x, y in ((a.date_text, b.date_text), (a.country, b.country)):
        if x and y and x.lower() != y.lower():
            return False
    if a.type in DIPLOMATIC:
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
        keep_all = not a.participants and a.type in DIPLOMATIC
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
    below_country = b.admin_region or (b.location and b.location != b.country)
    if not a.location or (a.location == a.country and below_country):
        a.location, a.admin_region = b.location, b.admin_region
        a.country = b.country or a.country
    a.country = a.country or b.country
    a.fatalities = max(filter(None, (a.fatalities, b.fatalities)), default=None)


def _other_date(a: EventInfo, b: EventInfo) -> bool:
    """Whether both are dated and neither date contains the other ('Thursday' fits 'Thursday night')."""
    x, y = (a.date_text or "").lower(), (b.date_text or "").lower()
    return bool(x and y and x not in y and y not in x)


def _rule_announced(events: list[EventInfo], ev: EventInfo) -> EventInfo | None:
    """The rule an undated statement of its announcer tells again ('X announced the measure at ...')."""
    if ev.type is not _E.statement or ev.date_text:
        return None
    said = {a for a, r in ev.participants.items() if r is ParticipantRole.announcer}
    return next((e for e in events if e.type is _E.legislation and said & set(e.participants)), None)


def _add(events: list[EventInfo], ev: EventInfo, anaphoric: bool) -> None:
    rule = _rule_announced(events, ev)
    if rule is not None:
        _fold(rule, ev)
        return
    family = [e for e in events if _family(e.type, ev.type)]
    # 'the meeting' refers back to the nearest meeting before it (else the nearest of its family),
    # unless its own date says it is another one ('the trilateral meeting in 2016'); 'the strike'
    # always refers to the first (an article's violence is one attack told again and again).
    same = [e for e in family if e.type is ev.type]
    # 'the fire', 'the crash' of an accident story is its one accident, told again at another precision.
    first = ev.type in VIOLENT or ev.type in _ONE_ACCIDENT
    nearest = family if first else same[::-1] + [e for e in family[::-1] if e not in same]
    earlier = next((e for e in nearest if first or not _other_date(e, ev)), None)
    if anaphoric and earlier is not None:
        _fold(earlier, ev, anaphoric=True)
        return
    if anaphoric and ev.type not in VIOLENT and not (ev.date_text or ev.location):
        return  # 'described the talks as premature': talks the article never reports
    same = next((e for e in family if _same_happening(e, ev)), None)
    if same is None:
        events.append(ev)
    else:
        _fold(same, ev)


_ONE_ACCIDENT = (_E.fire, _E.crash)

_DEFINITE = re.compile(
    r"(?:\b(?:the|this|that|its|their)\s+(?:[\w-]+\s+){0,2}|['\u2019]s\s+)$", re.IGNORECASE
)


def _sentence_events(
    text: str, lowered: str, seg: Segment, index: ActorIndex
) -> list[tuple[EventInfo, bool]]:
    """The sentence's events, each flagged anaphoric when it says 'the operation' of an earlier one."""
    found_hits = find_hits(lowered, seg) + phrase_hits(lowered, seg)
    # A word in a sense that reports no happening of its type ('captured the embassy') is no trigger.
    found_hits = [h for h in found_hits if not weak_trigger(text, seg, *h)]
    hits = sorted(found_hits, key=lambda h: h[1].start())
    main = main_hit(hits)
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
    found = find_statement(text, seg, index)
    statement = _statement(text, seg, found)
    # 'In May, X said its profits fell': a statement dated like the sentence's event is its source.
    if statement is not None and not (
        statement.date_text and statement.date_text in {e.date_text for e, _ in out}
    ):
        out.append((statement, False))
    if not AGREEMENT_WORDS.search(text, seg.start, seg.end):  # agreements are their own records
        # A speech act, even one that is no statement event (a reaction), is no dated action either.
        spoken = [found.anchor] if found else []
        busy = [m.start() for _, m in hits] + [e.evidence[0].start for e, _ in out] + spoken
        out += [(_action_event(text, seg, index, a), False) for a in dated_actions(text, seg, index, busy)]
    return out


#: Words of a vote count: a dated action about votes or seats ('X won 40% of the vote') is an election.
_ELECTORAL = re.compile(r"\b(?:votes?|electoral|ballots?|seats)\b", re.IGNORECASE)


def _action_event(text: str, seg: Segment, index: ActorIndex, action: DatedAction) -> EventInfo:
    """A dated action (see ``actions``) as an ``other`` event with its subject as agent, or an election."""
    location, region, country = event_place(text, seg, index, action.date.start)
    electoral = _ELECTORAL.search(text, action.clause.start, action.clause.end) is not None
    return EventInfo(
        type=_E.election if electoral else _E.other,
        evidence=[action.clause],
        date_text=action.date.text(text),
        location=location,
        admin_region=region,
        country=country,
        participants={} if action.actor is None else {action.actor: ParticipantRole.agent},
    )


def _extra_events(
    text: str,
    seg: Segment,
    index: ActorIndex,
    hits: list[Hit],
    main: Hit,
    ev: EventInfo | None,
) -> list[tuple[EventInfo, bool]]:
    """Other happenings in the same sentence: a visit or an arrest beside a strike, dated background events.

    Their evidence is the clause around their own trigger, so two events of
    one sentence never share a first evidence span (the pipeline keys
    duplicates on it).
    """
    out: list[tuple[EventInfo, bool]] = []
    beside = (*DIPLOMATIC, _E.arrest)  # a visit or an arrest beside a strike is a happening of its own
    other = next((h for h in hits if h[0] in beside), None) if main[0] in VIOLENT else None
    if other is not None and (extra := _event_at(text, seg, index, *other)) is not None:
        if ev is not None and extra.date_text == ev.date_text:
            extra.date_text = None
        definite = _DEFINITE.search(text, max(seg.start, other[1].start() - 20), other[1].start())
        extra.evidence = [clause_at(text, seg, other[1].start())]
        out.append((extra, definite is not None))
    out += _succession(text, seg, index, hits, main)
    main_clause = clause_at(text, seg, main[1].start())
    for etype, m in hits:
        clause = clause_at(text, seg, m.start())
        # A background type, or another clause with a time expression of its own ('X sold A in March;
        # and in 2015 sold B'), or a listed phrase with one ('via a May 2 meeting, and a June 9 visit').
        own = etype in NEEDS_DATE or (clause != main_clause and bool(time_expressions(text, clause)))
        if not own and clause == main_clause:
            phrase = _phrase_at(text, clause, m.start())
            own = not phrase.start <= main[1].start() < phrase.end and bool(time_expressions(text, phrase))
            clause = phrase if own else clause
        done = m is main[1] or (other is not None and m is other[1])
        extra = _event_at(text, seg, index, etype, m) if own and not done else None
        if extra is not None and extra.date_text != (ev.date_text if ev else None):
            extra.evidence = [clause]
            out.append((extra, False))
    return out


_SUCCESSION = {_E.resignation: _E.appointment, _E.appointment: _E.resignation}
_AND = re.compile(r",?\s+and\s+")


def _succession(
    text: str, seg: Segment, index: ActorIndex, hits: list[Hit], main: Hit
) -> list[tuple[EventInfo, bool]]:
    """'X resigned on Friday and Y was sworn in': the successor's appointment is an event of its own.

    The second act is the part of the clause after the 'and' that joins it
    to the first; it shares the sentence's date.
    """
    partner = _SUCCESSION.get(main[0])
    other = next((h for h in hits if h[0] is partner and h[1].start() > main[1].start()), None)
    if other is None:
        return []
    joins = list(_AND.finditer(text, main[1].end(), other[1].start()))
    extra = _event_at(text, seg, index, *other) if joins else None
    if extra is None:
        return []
    clause = clause_at(text, seg, other[1].start())
    extra.evidence = [Segment(joins[-1].end(), clause.end)]
    return [(extra, False)]


#: Where a listed phrase ends: a comma, with a following 'and', 'or' or 'then'; not the comma of a date
#: ('May 2, 2019').
_LIST_COMMA = re.compile(r",(?!\s*\d)\s*(?:(?:and|or|then)\s+)?")


def _phrase_at(text: str, clause: Segment, pos: int) -> Segment:
    """The comma-bounded part of a clause around ``pos``: one item of a list of happenings."""
    cuts = [m.end() for m in _LIST_COMMA.finditer(text, clause.start, pos)]
    after = _LIST_COMMA.search(text, pos, clause.end)
    return Segment(cuts[-1] if cuts else clause.start, after.start() if after else clause.end)


def find_events(article: ParsedArticle) -> list[EventInfo]:
    """Events of the article, one per happening, in order of first report.

    Triggers inside quoted words are not the writer's report. Evidence
    spans are segments of the article's text; participants are actor indexes.
    """
    text, index = article.text, article.index
    masked = mask_quotes(text, article.quotes)
    lowered = masked.translate(ASCII_LOWER)
    view = ActorIndex(index.actors, [m for m in index.mentions if masked[m.start] == text[m.start]])
    events: list[EventInfo] = []
    background: list[EventInfo] = []
    head_end = headline_end(text)
    headline: list[EventInfo] = []
    for seg in article.sents:
        found = _sentence_events(masked, lowered, seg, view)
        if not found:
            _fold_reference(masked, seg, view, events)
        for ev, anaphoric in found:
            if seg.end <= head_end:
                headline.append(ev)
            elif ev.background:
                background.append(ev)
            else:
                _add(events, ev, anaphoric)
    events = _fold_headline(events, headline)
    for ev in background:
        dated = next(
            (e for e in events if e.type is ev.type and set(e.participants) & set(ev.participants)), None
        )
        if dated is not None and len(dated.evidence) < 3:
            dated.evidence.append(ev.evidence[0])
    _add_named_dead(masked, view, events)
    return _legal_background(events)


def _fold_headline(events: list[EventInfo], headline: list[EventInfo]) -> list[EventInfo]:
    """The headline's events are the body's main events told in short: each joins the body's first of its kind.

    The body's report decides type, date and place (a headline's year or
    'kills' is less precise than the body's 'on Thursday' and 'fire'); a
    death toll of the headline ('fire kills 17') joins the body's first
    accident or violent event. A headline event the body never reports
    stands first, as before, when it is dated or of a type needing no date.
    """
    lead: list[EventInfo] = []
    for ev in headline:
        toll = ev.type is _E.killing
        body = next(
            (e for e in events if _family(e.type, ev.type) or (toll and e.type in (*_ACCIDENT_TYPES, *VIOLENT))),
            None,
        )
        if body is None:
            if not ev.background:
                lead.append(ev)
            continue
        body.evidence = [*ev.evidence[:1], *(e for e in body.evidence if e not in ev.evidence[:1])][:3]
        for actor, role in ev.participants.items():
            body.participants.setdefault(actor, role)
        body.date_text = body.date_text or ev.date_text
        if not body.location:
            body.location, body.admin_region, body.country = ev.location, ev.admin_region, ev.country
        body.fatalities = body.fatalities or ev.fatalities
    return lead + events


_ACCIDENT_TYPES = (_E.crash, _E.fire, _E.explosion, _E.natural_disaster)


def _legal_background(events: list[EventInfo]) -> list[EventInfo]:
    """Undated charges and trials of an article that reports a verdict are its background.

    A verdict story recalls what the defendants were charged with or how
    they were tried without a date of its own; those are stages leading to
    the verdict, told as its evidence, not events of their own.
    """
    verdict = next((e for e in events if e.type is _E.verdict), None)
    if verdict is None:
        return events
    stages = {id(e): e for e in events if e.type in (_E.charge, _E.trial) and not e.date_text}
    verdict.evidence += [e.evidence[0] for e in stages.values()][: max(0, 3 - len(verdict.evidence))]
    return [e for e in events if id(e) not in stages]


def _fold_reference(text: str, seg: Segment, index: ActorIndex, events: list[EventInfo]) -> None:
    """A sentence without a trigger that says 'the fire' of a reported fire adds its place and time to it."""
    ref = reference_back(text, seg)
    target = next((e for e in reversed(events) if ref and e.type is ref[0]), None)
    if ref is None or target is None:
        return
    ev = _event_at(text, seg, index, *ref)
    if ev is not None:
        _fold(target, ev, anaphoric=True)


_DEAD_AFTER = re.compile(
    r"(?:['\u2019]s\s+(?:death|killing|assassination|elimination|body)\b"
    r"|(?:,[^,.;]{1,80},)?\s+(?:was|has been|had been)\s+(?:\w+ly\s+)?(?:killed|slain|assassinated|executed)\b)"
)
_DEAD_BEFORE = re.compile(
    r"(?:\b(?:death|killing|assassination|elimination|body) of (?:the\s+)?|\bslain (?:[\w-]+\s+){0,2}?[\w-]+,\s+)$",
    re.IGNORECASE,
)


def _add_named_dead(text: str, index: ActorIndex, events: list[EventInfo]) -> None:
    """The person whose death the article states ("X's death", "the killing of X") is the main attack's victim.

    Reports often name the dead in a different sentence from the strike
    itself; only used when the first violent event has no victim yet and
    the article names exactly one dead person.
    """
    main = next((e for e in events if e.type in VIOLENT), None)
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
