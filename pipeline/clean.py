"""Flag boilerplate lines (copyright, teasers, image credits, stray headlines) by named rules.

Scraped articles carry lines that are not the story: a "READ ALSO:" teaser
for another story, an image-rights disclaimer, a copyright footer, a source
credit. A model reading them invents events from the teaser or quotes the
disclaimer. Such lines are flagged, never deleted: ``mask`` blanks them with
spaces so offsets into the original text stay valid, and the output line keeps
the list so a reader sees what was left out and why. Every rule is generic
(shapes and stock phrases of web publishing), never words of particular stories.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from schemas import Boilerplate


class _Line(NamedTuple):
    start: int
    end: int
    text: str


_COPYRIGHT = re.compile(
    r"(\u00a9|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b|\bmay not be (re)?published\b"
    r"|\bwithout (the )?(prior )?written permission\b)",
    re.IGNORECASE,
)
_READ_ALSO = re.compile(
    r"^\s*[\[(*_]*\s*(read also|also read|read more|related( stories| articles| news)?|see also|more on this"
    r"|recommended( reading)?|you may also like|don'?t miss|also on|trending( now)?|latest news|watch)\s*[:\-|\u2013\u2014>]",
    re.IGNORECASE,
)
_IMAGE_RIGHTS = re.compile(
    r"(\bimages? (are|is) (for|used for) (reference|illustration|representation)|\b(photo|image|picture)s? "
    r"(credit|courtesy|source)\b|^\s*[\[(]?(photo|image|picture|file photo|photograph)\s*[:|/]"
    r"|\ball rights (on|to|in) the (images?|photos?|pictures?)|\bimages? and contents?\b"
    r"|\bgathered automatic(ally)? from\b|\brights on the images\b|^\s*\(?(getty images|reuters|ap photo|afp)\b.{0,40}\)?$)",
    re.IGNORECASE,
)
_SOURCE_CREDIT = re.compile(
    r"^\s*(original source|source|sources|via|originally (published|appeared) (on|in|at)|this (article|story) "
    r"(was )?(first|originally) (published|appeared))\s*[:\-\u2013\u2014]?\s*\S",
    re.IGNORECASE,
)
_SOCIAL = re.compile(
    r"^\s*(share (this|on)|share:|follow us|like us on|click here to|tweet\b|share via|share this article"
    r"|join (our|us on) (whatsapp|telegram))",
    re.IGNORECASE,
)
_SUBSCRIBE = re.compile(
    r"(\bsubscribe (to|now|for)\b|\bsign up (for|to) (our|the)\b.*\bnewsletter|\bnewsletter\b.*\bsign up\b"
    r"|\bdownload (our|the) app\b|\bsupport (our|independent) journalism\b)",
    re.IGNORECASE,
)


def find_boilerplate(text: str) -> list[Boilerplate]:
    """Flag whole lines of ``text`` that are boilerplate, each with the rule that fired.

    Args:
        text: The article text (offsets refer to it).

    Returns:
        Flagged lines in order; ``start``/``end`` span the line without its newline.
    """
    lines = _lines(text)
    flagged: list[Boilerplate] = []
    for index, line in enumerate(lines):
        if not line.text.strip():
            continue
        rule = _line_rule(line, index, lines)
        if rule is not None:
            flagged.append(Boilerplate(start=line.start, end=line.end, text=line.text, rule=rule))
    return flagged


def mask(text: str, boilerplate: list[Boilerplate]) -> str:
    """Blank the flagged characters with spaces, keeping newlines, so offsets stay valid.

    Args:
        text: The article text.
        boilerplate: Lines returned by ``find_boilerplate`` for this text.

    Returns:
        A string of the same length as ``text``.
    """
    chars = list(text)
    for item in boilerplate:
        for pos in range(item.start, min(item.end, len(chars))):
            if chars[pos] != "\n":
                chars[pos] = " "
    return "".join(chars)


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def _line_rule(line: _Line, index: int, lines: list[_Line]) -> str | None:
    """The first rule that fires on this line, or None."""
    checks: list[tuple[str, Callable[[_Line, int, list[_Line]], bool]]] = [
        ("read_also", lambda ln, i, ls: bool(_READ_ALSO.search(ln.text))),
        ("image_rights", lambda ln, i, ls: _short(ln, 400) and bool(_IMAGE_RIGHTS.search(ln.text))),
        ("copyright", lambda ln, i, ls: _short(ln, 300) and bool(_COPYRIGHT.search(ln.text))),
        ("source_credit", _is_source_credit),
        ("social_share", lambda ln, i, ls: _short(ln, 120) and bool(_SOCIAL.search(ln.text))),
        ("subscribe", lambda ln, i, ls: _short(ln, 250) and bool(_SUBSCRIBE.search(ln.text))),
    ]
    for name, check in checks:
        if check(line, index, lines):
            return name
    return None


def _short(line: _Line, limit: int) -> bool:
    """Boilerplate lines are short; a long paragraph mentioning "copyright" is content."""
    return len(line.text.strip()) <= limit


def _is_source_credit(line: _Line, index: int, lines: list[_Line]) -> bool:
    """A "Source: ..." line among the last lines: a credit, not a sentence of the story."""
    if not _short(line, 200) or not _SOURCE_CREDIT.search(line.text):
        return False
    later = [ln for ln in lines[index + 1 :] if ln.text.strip()]
    return len(later) <= 2
