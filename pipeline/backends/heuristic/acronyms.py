"""Where the name that a parenthesised abbreviation stands for begins.

"Notes from Poland (NFP)" or "Kestrian Mining Union (KMU)": the letters of
the abbreviation are the initials of the words just before it, so those
words are the whole name even when a lower-case word ("from", "of") or a
country inside it would end a capitalised run. Initials are matched either
over every word or over the capitalised words only ("Bank of the North
(BN)").
"""

from __future__ import annotations

import re

_WORDS_BEFORE = re.compile(r"[\w\u2019'&-]+")
_REACH = 120


def expansion_start(text: str, paren: int, abbreviation: str) -> int | None:
    """Start of the fewest words before ``paren`` whose initials spell ``abbreviation``; None if none do.

    Args:
        text: The article.
        paren: Offset of the opening parenthesis (whitespace before it is allowed).
        abbreviation: The letters inside the parentheses, e.g. "NFP".
    """
    letters = abbreviation.replace("-", "").replace("&", "").upper()
    window_start = max(0, paren - _REACH)
    words = list(_WORDS_BEFORE.finditer(text, window_start, paren))[-(2 * len(letters) + 2) :]
    for k in range(1, len(words) + 1):
        phrase = words[-k:]
        if not phrase[0].group()[0].isupper():
            continue
        every = "".join(w.group()[0] for w in phrase).upper()
        capitals = "".join(w.group()[0] for w in phrase if w.group()[0].isupper())
        if letters in (every, capitals):
            return phrase[0].start()
    return None
