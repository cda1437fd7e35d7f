"""Users named only by a social-media handle ("@kestrel_fan", "rosa1987") who post or respond.

Stories about online reactions quote users by their handle: "@name wrote",
"'...,' posted name42", "name42 responded". A handle carries no capital run
and no given name, so the name cues miss it; it is taken as a person only
in speaker position (next to a speech or posting verb) and outside
quotation marks, where a handle is only mentioned ("... @name will order").
A word of letters and digits is a handle only with three lower-case letters
or more, so codes such as "H1N1", "MH17" or "A300s" never are.
"""

from __future__ import annotations

import re

from pipeline.backends.heuristic.vocab import SPEECH_VERBS

_HANDLE = r"(?:@[A-Za-z0-9_]{2,30}|[A-Za-z][A-Za-z_]*\d+[A-Za-z0-9_]*)"
_VERBS = rf"(?:{SPEECH_VERBS}|expressed|responded|commented|replied|reacted)"
_BEFORE_VERB = re.compile(rf"(?<![\w@.-])(?P<handle>{_HANDLE})(?=\s+{_VERBS}\b)")
_AFTER_VERB = re.compile(rf"[\"\u201d],?\s+{_VERBS}\s+(?P<handle>{_HANDLE})(?![\w@-])")
_QUOTE_MARKS = re.compile(r"[\"\u201c\u201d]")


def _is_handle(word: str) -> bool:
    return word.startswith("@") or sum(ch.islower() for ch in word) >= 3


def _inside_quotes(text: str, pos: int) -> bool:
    """Whether ``pos`` lies between quotation marks of its paragraph (an odd number of marks before it)."""
    paragraph_start = text.rfind("\n", 0, pos) + 1
    return len(_QUOTE_MARKS.findall(text, paragraph_start, pos)) % 2 == 1


def handle_speakers(text: str) -> list[tuple[int, int]]:
    """(start, end) of each handle in speaker position outside quotation marks."""
    out: list[tuple[int, int]] = []
    for rx in (_BEFORE_VERB, _AFTER_VERB):
        for m in rx.finditer(text):
            start, end = m.span("handle")
            if _is_handle(m.group("handle")) and not _inside_quotes(text, start):
                out.append((start, end))
    return out
