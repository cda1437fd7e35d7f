"""Dated actions: earlier happenings an article states with a time expression of their own.

News reports background as dated past-tense clauses without any trigger
word of the event vocabulary ("X entered the market in 1995", "on January 10
X emailed Y", "X was registered on August 6"). Such a clause is an event of
type ``other`` when a named actor is the subject of a past-tense verb (a
regular "-ed" form or a common irregular past) and the clause carries its
own time expression. Subjects are names, not pronouns; a possessive name
("X's son") is not the subject; present-perfect and progressive verbs
("has cut", "is cutting") are states, not dated events; verbs of saying or
reacting ("X commented on Monday") report words, not happenings. "And
again on <date>" repeats the clause's action at another time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.backends.heuristic.actors import ActorIndex
from pipeline.backends.heuristic.triggers import clause_at
from pipeline.backends.heuristic.vocab import ADVERB, SPEECH_VERBS
from pipeline.text.sentences import Segment, time_expressions
from pipeline.text.wordlists import alternatives

#: Common irregular past forms of English (the regular ones end in "-ed").
_IRREGULAR_PAST = alternatives(
    (
        "began", "became", "bought", "broke", "brought", "built", "came", "caught", "chose", "died", "drew",
        "drove", "fell", "fled", "flew", "forbade", "forgot", "fought", "found", "froze", "gave", "got",
        "grew", "held", "hid", "hit", "hung", "kept", "knew", "laid", "led", "left", "lent", "lost", "made",
        "meant", "met", "paid", "put", "quit", "ran", "rang", "rode", "rose", "sank", "sat", "saw", "sent",
        "set", "shook", "shot", "shut", "sold", "sought", "spent", "split", "spoke", "spread", "stole",
        "stood", "struck", "swore", "swam", "took", "taught", "threw", "tore", "underwent", "undertook",
        "went", "withdrew", "won", "wore", "wrote",
    )
)
#: Irregular past participles of happenings ('was stolen', 'were taken'), read after 'was' or 'were'.
_PARTICIPLES = alternatives(
    (
        "stolen", "taken", "given", "shown", "written", "chosen", "driven", "broken", "frozen", "hidden",
        "sworn", "thrown", "torn", "beaten", "fallen", "forgiven", "ridden", "shaken", "spoken", "begun",
        "sunk", "flown", "grown", "drawn", "blown", "sold", "built", "won", "lost", "shot", "struck",
    )
)
#: A weekday between the subject and its verb ('X on Sunday renamed its ship').
_WEEKDAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
#: After a subject name: an optional apposition, adverb and auxiliary, then the past-tense verb.
_SUBJECT_VERB = re.compile(
    rf"(?:,[^,.;]{{1,60}},)?,?\s+(?:(?:on|last|this)\s+{_WEEKDAY}\s+)?{ADVERB}(?:(?:was|were|had)\s+{ADVERB})?"
    rf"(?P<verb>[a-z]{{2,}}ed|born|{_IRREGULAR_PAST})\b"
)
_POSSESSIVE = re.compile(r"['\u2019]s?\b")
#: Saying and reacting: a dated comment ('X commented on Monday') is a quote or a statement, not an event.
_COMMENT_VERBS = (
    SPEECH_VERBS, "commented", "responded", "reacted", "critici[sz]ed", "welcomed", "questioned", "suggested",
    "complained", "lamented", "applauded", "slammed", "blasted", "indicated", "estimated", "predicted",
    "expected", "believed", "feared", "hoped",
)
_COMMENTS = re.compile(f"(?:{alternatives(_COMMENT_VERBS)})")


@dataclass(frozen=True)
class DatedAction:
    """A dated clause with its subject: the clause, its time expression and the acting actor's index."""

    clause: Segment
    date: Segment
    actor: int | None


def dated_actions(text: str, seg: Segment, index: ActorIndex, busy: list[int]) -> list[DatedAction]:
    """The sentence's dated actions, in text order, one per clause.

    Args:
        text: The article (quoted words blanked).
        seg: The sentence.
        index: The article's actors and mentions.
        busy: Positions of the sentence's other events (triggers, statements):
            a clause holding one of them is already reported.
    """
    out: list[DatedAction] = []
    clauses = dict.fromkeys(clause_at(text, seg, e.start) for e in time_expressions(text, seg))
    for clause in clauses:
        dates = [e for e in time_expressions(text, clause) if _dates_the_verb(text, clause, e)]
        if not dates or any(clause.start <= pos < clause.end for pos in busy):
            continue
        found = False
        for m in index.within(clause.start, clause.end):
            verb = (
                None
                if m.demonym or _POSSESSIVE.match(text, m.end)
                else _SUBJECT_VERB.match(text, m.end, clause.end)
            )
            if verb is not None and not _COMMENTS.fullmatch(verb.group("verb")):
                date = min(dates, key=lambda e: abs(e.start - verb.start("verb")))
                out.append(DatedAction(clause, date, m.actor))
                out += _repeats(text, clause, dates, m.actor)
                found = True
                break
        if not found and clause.start == seg.start:
            generic = _GENERIC_SUBJECT_VERB.match(text, clause.start, clause.end) or _GENERIC_PASSIVE.match(
                text, clause.start, clause.end
            )
            if generic is not None and not _COMMENTS.fullmatch(generic.group("verb")):
                date = min(dates, key=lambda e: abs(e.start - generic.start("verb")))
                out.append(DatedAction(clause, date, None))
    return out


#: A sentence opening on a common noun phrase and its past-tense verb ('The toilet was stolen on
#: Saturday', 'On Sunday, the capsule docked with the station'), after an optional opening adverbial.
_GENERIC_SUBJECT_VERB = re.compile(
    rf"\s*(?:(?:On|In|At|Last|Early|Late|Then|Back in)\b[^,]{{1,40}},\s*)?"
    rf"(?:The|the|A|An)\s+(?:[\w'\u2019-]+\s+){{0,4}}?(?:,[^,.;]{{1,60}},\s+)?{ADVERB}"
    rf"(?:(?:was|were|had)\s+{ADVERB})?(?P<verb>[a-z]{{2,}}ed|{_IRREGULAR_PAST})\b(?!\s+(?:by|to)\b)"
)
#: The same opening with a passive of an irregular participle ('The statue was stolen on Saturday').
_GENERIC_PASSIVE = re.compile(
    rf"\s*(?:(?:On|In|At|Last|Early|Late|Then|Back in)\b[^,]{{1,40}},\s*)?"
    rf"(?:The|the|A|An)\s+(?:[\w'\u2019-]+\s+){{0,4}}?(?:,[^,.;]{{1,60}},\s+)?(?:was|were)\s+{ADVERB}"
    rf"(?P<verb>{_PARTICIPLES})\b"
)


#: 'and again on January 14': the same action once more, at another time.
_AGAIN = re.compile(r"\b(?:and|then)\s+again\s+(?:on|in)\s+$", re.IGNORECASE)


def _repeats(text: str, clause: Segment, dates: list[Segment], actor: int) -> list[DatedAction]:
    """The clause's repetitions of its action ('X emailed Y on May 2, and again on May 9')."""
    out: list[DatedAction] = []
    for date in dates:
        again = _AGAIN.search(text, max(clause.start, date.start - 20), date.start)
        if again is not None:
            out.append(DatedAction(Segment(again.start(), date.end), date, actor))
    return out


_BOUNDS = re.compile(r"\b(?:by|until|till|from|since)\s+(?:the\s+)?$", re.IGNORECASE)
_ARTICLE = re.compile(r"\b(?:a|an|the)\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+[A-Za-z]")


def _dates_the_verb(text: str, clause: Segment, expr: Segment) -> bool:
    """A time expression can date the clause's verb unless it bounds a period or modifies a noun.

    'by 2010', 'until May' bound a period; 'a March 2 press release', 'the
    1959 film' name a thing.
    """
    if _BOUNDS.search(text, max(clause.start, expr.start - 8), expr.start):
        return False
    return not (
        _ARTICLE.search(text, max(clause.start, expr.start - 6), expr.start)
        and _NOUN_AFTER.match(text, expr.end)
    )
