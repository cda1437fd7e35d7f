"""Statements: the formal announcements an article reports as events of their own.

A statement is a speech act of a named actor that the article dates or
presents as a formal act, not every quoted comment: "X announced that",
"X issued a press release", "a report by X", "X told reporters", and any
speech verb whose clause carries its own time expression ("X said on
Friday", "on Monday X wrote"). The announcer is the actor named right
before the verb, or after "by"; words inside quotation marks are already
blanked by the caller, so a quoted sentence never makes a statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.backends.heuristic.actors import ActorIndex, Mention
from pipeline.backends.heuristic.triggers import clause_at
from pipeline.backends.heuristic.vocab import ADVERB, SPEECH_VERBS
from pipeline.text.sentences import Segment, time_expressions


@dataclass(frozen=True)
class Statement:
    """Where a statement is reported: its verb or noun, and who made it (an actor index, or None)."""

    anchor: int
    announcer: int | None


#: Verbs of a formal announcement: an event whether dated or not.
_ANNOUNCES = re.compile(r"\b(?:announced|declared|announcing|claimed responsibility)\b")
#: Issuing a document ("issued a press release", "sent a letter to").
_ISSUES = re.compile(
    r"\b(?:issued|released|published|sent|put out)\s+(?:a|an|the|its|his|her|their)\s+"
    r"(?:[\w\"\u201c\u201d-]+\s+){0,2}?(?:statement|press release|bulletin|communiqu\w+|letter|report|warnings?)\b"
    r"|\bissued\s+(?:(?:a|new|further|several|repeated)\s+)?warnings?\b"
    # delivering a speech or an address ('delivered her annual policy speech')
    r"|\b(?:delivered|gave)\s+(?:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:speech|address)\b"
)
#: A document named with its author after it ("a statement by X", "a report on Wednesday by X").
_DOCUMENT = re.compile(
    r"\b(?:statement|announcement|report|investigation|press release|bulletin)"
    r"(?:\s+(?:on|last|this)\s+\w+)?\s*,?\s*(?:(?:made|issued|released|published)\s+)?by\s+(?:the\s+)?"
)
#: Telling the press ("told reporters", "told the state news agency").
_TELLS_PRESS = re.compile(
    r"\b(?:told|telling|briefed)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:reporters|journalists|press|media|news agency"
    r"|news conference|press conference)\b"
)
#: Speech verbs, and verbs that restate a position ('reaffirmed', 'reiterated'), which speak as well.
#: ('called off the search' calls nothing: it ends something.)
_SPEECH = re.compile(
    rf"\b(?:{SPEECH_VERBS}|reaffirmed|reasserted|reiterated|affirmed|restated|underlined)\b(?!\s+off\b)"
)
#: What may stand between a speaker and the verb: an apposition, an adverb, an auxiliary.
_GAP_BEFORE = re.compile(rf"(?:,[^,]{{1,60}})?,?\s*{ADVERB}(?:(?:has|have|had)\s+)?")
#: A time expression after these bounds a period ('from June 15', 'since 2005'); it does not date the act.
_SPAN_START = re.compile(
    r"\b(?:from|since|until|till|by|before|after|starting|beginning)\s+(?:the\s+)?$", re.IGNORECASE
)
_CLOSING = re.compile(r"\w+[\s.,;!?\"'\u201d\u2019]*")
_COMPLEMENT = re.compile(r"\bthat\b|:")
_TIME_GAP = re.compile(r"[\s,]*(?:on\s+)?")


def find_statement(text: str, seg: Segment, index: ActorIndex) -> Statement | None:
    """The sentence's statement, if it reports one (see the module docstring)."""
    for m in _DOCUMENT.finditer(text, seg.start, seg.end):
        after = [x for x in index.within(m.end(), min(seg.end, m.end() + 60)) if not x.demonym]
        if after:
            return Statement(m.start(), after[0].actor)
    for m in _ISSUES.finditer(text, seg.start, seg.end):
        who = _speaker_before(text, seg, index, m.start())
        return Statement(m.start(), who.actor if who else None)
    for rx, needs_date in ((_ANNOUNCES, False), (_TELLS_PRESS, True), (_SPEECH, True)):
        for m in rx.finditer(text, seg.start, seg.end):
            who = _speaker_before(text, seg, index, m.start())
            if who is not None and (not needs_date or statement_dates(text, seg, m.start())):
                return Statement(m.start(), who.actor)
            if who is None and needs_date and statement_dates(text, seg, m.start()):
                return Statement(m.start(), None)
    return None


def _speaker_before(text: str, seg: Segment, index: ActorIndex, verb: int) -> Mention | None:
    """The actor right before the verb ('X said', 'X, the minister, said', 'X on Monday told')."""
    before = [x for x in index.within(seg.start, verb) if index.can_speak(x)]
    if not before:
        return None
    last = before[-1]
    gap = text[last.end : verb]
    if _GAP_BEFORE.fullmatch(gap) or _is_time_gap(text, last.end, verb):
        return last
    return None


def _is_time_gap(text: str, start: int, end: int) -> bool:
    """Whether only a time expression stands between the name and the verb ('X on Monday said')."""
    exprs = time_expressions(text, Segment(start, end))
    if len(exprs) != 1:
        return False
    return bool(
        _TIME_GAP.fullmatch(text, start, exprs[0].start) and _TIME_GAP.fullmatch(text, exprs[0].end, end)
    )


#: A bare month name after a capitalised word that is no preposition ('Theresa May'): a surname, no date.
_MONTH_WORD = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_NAME_BEFORE = re.compile(r"\b(?!(?:In|On|By|Since|Until|Before|After|From|Last|Next|Early|Late|Mid|Through|During|Of|And|Or|The|This|That)\b)[A-Z][a-z]+\s+$")


def surname_month(text: str, expr: Segment) -> bool:
    """Whether a time expression is only a month name written after a name ('Prime Minister Theresa May')."""
    return bool(
        _MONTH_WORD.fullmatch(text, expr.start, expr.end)
        and _NAME_BEFORE.search(text, max(0, expr.start - 30), expr.start)
    )


def statement_dates(text: str, seg: Segment, verb: int) -> list[Segment]:
    """The time expressions of the verb's own clause, not those of what was said.

    What was said starts at 'that' or a colon after the verb ('X said on
    Friday that ... in May'), or is all that comes before a closing
    attribution ('Two died on Monday, officials said.').
    """
    clause = clause_at(text, seg, verb)
    said = _COMPLEMENT.search(text, verb, clause.end)
    end = said.start() if said else clause.end
    closing = _CLOSING.match(text, verb, clause.end)
    start = verb if closing and closing.end() == clause.end else clause.start
    return [
        e
        for e in time_expressions(text, Segment(start, end))
        if not _SPAN_START.search(text, max(clause.start, e.start - 12), e.start) and not surname_month(text, e)
    ]
