"""Definite references back to an accident the article already reports ('the fast-moving fire').

Reports of a fire or a crash go on about it with plain nouns that are no
trigger on their own ("the fire near the town of X has burned 34 square
kilometres", "the cause of the accident"): "fire" alone may be gunfire and
"accident" a figure of speech. After a definite article, and only when the
article already has an event of that type, such a noun refers back to it
and may add its place and time.
"""

from __future__ import annotations

import re

from pipeline.text.sentences import Segment
from schemas import EventType

_BACK = re.compile(
    r"\b(?:the|this|that)\s+(?:[\w-]+\s+){0,2}?(?:(?P<fire>fires?|flames)|(?P<crash>accident|wreckage))\b",
    re.IGNORECASE,
)


def reference_back(text: str, seg: Segment) -> tuple[EventType, re.Match[str]] | None:
    """The accident type a definite noun of the sentence refers back to, with the match."""
    m = _BACK.search(text, seg.start, seg.end)
    return (EventType(m.lastgroup), m) if m and m.lastgroup else None
