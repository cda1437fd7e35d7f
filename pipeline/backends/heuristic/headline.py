"""The headline and sign-offs of an article, whose names prove no actor on their own.

A headline is written in title case ("Who Will Pay the Price", "New
Governor Elections"), so every word looks like a name and the capital-run
cues invent actors from it. An actor the headline names is named again in
the body; the headline may only give a fuller form of such a name ("X Group
A/S" for the body's "X Group"), so ``actors`` keeps a headline candidate
only when it contains a body candidate's name.

A reporter's sign-off ("X's Y reports from Z.") names the writer, who is
no actor of the story. So are the people a wire trailer credits ("(Reporting by
X; Editing by Y)") and a photo caption's credit ("Protesters at the march.
Image: X."), together with the names the caption line shows.
"""

from __future__ import annotations

import re

#: The first line, when it is headline-shaped: at most 20 words, no terminal punctuation but a question
#: mark ("Who Will Pay?"), then a blank line.
_HEADLINE = re.compile(r"\A[ \t]*(?P<line>[^\n]{1,200}?)(?<![.!\"\u201d'\u2019:;,])[ \t]*\n[ \t]*\n")
_MAX_WORDS = 20


def headline_end(text: str) -> int:
    """Where a headline-shaped first line ends; 0 when the article opens with prose."""
    m = _HEADLINE.match(text)
    if not m or len(m.group("line").split()) > _MAX_WORDS:
        return 0
    return m.end("line")


#: A reporter's sign-off closing a paragraph: "X's Y reports from Z."
_SIGN_OFF = re.compile(r"[^.!?\n]{1,80}\breports?[ \t]+from[ \t]+[^.!?\n]{1,40}\.[ \t]*$", re.MULTILINE)


#: A wire trailer crediting reporters and editors: "(Reporting by X; Editing by Y)", or the same on its own line.
_TRAILER = re.compile(
    r"\((?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled|Research)\s+by\b[^()\n]{0,300}\)"
    r"|^[ \t]*(?:Additional\s+)?(?:Reporting|Writing|Editing)\s+by\b[^\n]{0,300}$",
    re.MULTILINE | re.IGNORECASE,
)
#: A photo caption: one short line that ends with its credit ("Protesters at the march. Image: X.").
_CAPTION = re.compile(
    r"^[^\n]{0,200}?\b(?:Image|Photo|Photograph|Picture|Photo\s+credit|Credit)s?:[ \t]+[^\n]{1,80}$",
    re.MULTILINE,
)


def sign_off_spans(text: str) -> list[tuple[int, int]]:
    """Spans of reporters' sign-offs ('X reports from Y.' closing a paragraph), wire trailers and photo captions."""
    return [m.span() for rx in (_SIGN_OFF, _TRAILER, _CAPTION) for m in rx.finditer(text)]
