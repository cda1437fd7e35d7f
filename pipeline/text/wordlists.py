"""Word tables written as tuples of words, and the regular expressions built from them.

The heuristic rules recognise the stock words of news writing: trigger words
of an event type, cue words of a status, nouns of a kind of body. Written as
one long regex alternation each, every table repeated the same scaffolding
(``re.compile(r"\\b(?:...|...)\\b", re.IGNORECASE)``) and hid its words in
it; as a tuple, a table reads as a list of words and gains or loses one
without touching the pattern around it. Each word is itself a regex fragment
("bombings?", "pledg\\w+"), so a table keeps the word forms it had.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternatives(words: Iterable[str]) -> str:
    """The bare alternation ``a|b|c`` of the words, for a group of a larger pattern."""
    return "|".join(words)


def word_regex(words: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """Any one of the words as a whole word: ``\\b(?:a|b|c)\\b`` compiled with ``flags``."""
    return re.compile(rf"\b(?:{alternatives(words)})\b", flags)
