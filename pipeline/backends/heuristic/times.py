"""Time expressions as the heuristic rules read them: whole words only, sentence-initial "Today" too.

``pipeline.text.sentences.time_expressions`` finds the time expressions of
a span; two of its matches are not ones for these rules: a month name that
is only the start of a longer word ("May" of "Mayor", "March" of
"Marches"), and it misses the capitalised relative days that open a
sentence ("Yesterday, the minister said"). This adds the one and drops the
other, so an event or statement is dated by words that are really dates.
"""

from __future__ import annotations

import re

from pipeline.text.sentences import Segment, time_expressions

_OPENING_DAY = re.compile(r"[\s\"'\u201c\u2018(]*(?P<day>Yesterday|Today|Tonight)\b")


def dates_in(text: str, seg: Segment) -> list[Segment]:
    """The time expressions inside ``seg``, in text order (see the module docstring)."""
    found = [e for e in time_expressions(text, seg) if not text[e.end : e.end + 1].isalpha()]
    opening = _OPENING_DAY.match(text, seg.start, seg.end)
    if opening:
        found.append(Segment(opening.start("day"), opening.end("day")))
    return sorted(found, key=lambda e: e.start)
