"""Time expressions as the heuristic rules read them: whole words, and the day's parts too.

``pipeline.text.sentences.time_expressions`` finds the time expressions of
a span, but it also matches a month name that only starts a longer word
("May" of "Mayor", "March" of "Marches"), and it misses the capitalised
relative days and years that open a sentence ("Yesterday, the minister
said", "In 2015, the firm") and the parts of the day ("last night", "this
morning"). ``dates_in`` drops the one and adds the others, so an event or
statement is dated by words that are really dates (all of which
``pipeline.text.dates`` resolves).
"""

from __future__ import annotations

import re

from pipeline.text.sentences import Segment, time_expressions

#: Parts of the publication day and the night before ('stabbed last night'); the shared pattern lacks them.
_DAY_PART = re.compile(r"\b(?:last night|this (?:morning|afternoon|evening)|earlier today)\b")
#: A year after a capitalised preposition ('In 2015, the firm ...'); the shared pattern has lower case only.
_CAPITAL_YEAR = re.compile(
    r"(?:(?<=\bIn )|(?<=\bBy )|(?<=\bSince )|(?<=\bUntil ))(?:(?:early|mid|late)[-\s])?(?:19|20)\d{2}\b"
)
_OPENING_DAY = re.compile(r"[\s\"'\u201c\u2018(]*(?P<day>Yesterday|Today|Tonight)\b")


def dates_in(text: str, seg: Segment) -> list[Segment]:
    """The time expressions inside ``seg``, in text order (see the module docstring)."""
    found = [e for e in time_expressions(text, seg) if not text[e.end : e.end + 1].isalpha()]
    opening = _OPENING_DAY.match(text, seg.start, seg.end)
    if opening:
        found.append(Segment(opening.start("day"), opening.end("day")))
    found += [
        Segment(m.start(), m.end())
        for rx in (_DAY_PART, _CAPITAL_YEAR)
        for m in rx.finditer(text, seg.start, seg.end)
        if not any(e.start <= m.start() < e.end for e in found)
    ]
    return sorted(found, key=lambda e: e.start)
