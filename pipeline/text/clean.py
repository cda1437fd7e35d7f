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

import bisect
import functools
import re
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from schemas import Boilerplate


class _Line(NamedTuple):
    start: int
    end: int
    text: str


_COPYRIGHT = re.compile(
    r"(\u00a9|\(c\)\s*\d{4}|\bcopyright\s*(\(c\)\s*)?(\d{4}|\u00a9)|\ball rights reserved\b"
    r"|\bmay not be (re)?published\b|\bwithout (the )?(prior )?written permission\b)",
    re.IGNORECASE,
)
_READ_ALSO = re.compile(
    r"^\s*[\[(*_]*\s*(read also|also read|read more|related( stories| articles| news)?|see also|more on this"
    r"|recommended( reading)?|you may also like|don'?t miss|also on|trending( now)?|latest news|watch)\s*[:\-|\u2013\u2014>]",
    re.IGNORECASE,
)
_IMAGE_RIGHTS = re.compile(
    r"(\bimages? (are|is) (for|used for) (reference|illustration|representation)|\ball rights (on|to|in) the "
    r"(images?|photos?|pictures?)|\bimages? and contents?\b.*\b(gathered|sources?|owners?)\b"
    r"|\bgathered automatic(ally)? from\b|^\s*[\[(]?((file )?(photo|image|picture|photograph)s?"
    r"( (credit|courtesy|source)s?)?|credit)\s*[:|/]|^\s*[\[(]?(getty images|reuters|ap photo|afp)\b.{0,40}$)",
    re.IGNORECASE,
)
_SOURCE_CREDIT = re.compile(
    r"^\s*((original source|source|sources|via|credits?)\s*[:|\-\u2013\u2014]|originally (published|appeared) "
    r"(on|in|at)\b|this (article|story) (was )?(first|originally) (published|appeared)\b)\s*\S",
    re.IGNORECASE,
)
_SOCIAL = re.compile(
    r"^\s*(share (this|on)|share:|follow us|like us on|click here to|tweet\b|share via|share this article"
    r"|join (our|us on) (whatsapp|telegram))",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\s*(?i:by|written by|reporting by|edited by)\s+[A-Z][\w.'\-]+(\s+[A-Z][\w.'\-]+){0,4}"
    r"(\s*(,|and|&)\s*[A-Z][\w.'\s\-]+)*\s*$"
)
_TIMESTAMP = re.compile(
    r"^\s*(published|updated|last updated|posted|first published)\s*(on|at)?\s*:?.*\d", re.IGNORECASE
)
_NOT_NEWLINE = re.compile(r"[^\n]")
_WORD = re.compile(r"[^\W\d_][\w'\u2019\-]*")
_FUNCTION_WORDS = (
    "a an the and or but nor of in on at to for from by with without about as into onto over under after "
    "before is are was were be been being has have had do does did will would shall should can could may "
    "might must this that these those it its he she they them his her their we our you your i me my not "
    "no yes so than then there here who whom whose which what when where why how all any some more most "
    "new says said amid despite during while also against among between including per via just only "
    "still even up down out off again once very such other another each every both own same too "
)
#: Function words ignored when judging whether a line shares vocabulary with the article.
_STOPWORDS = frozenset(_FUNCTION_WORDS.split())
#: A stray headline shares at most this share of its content words with the neighbouring paragraphs...
_STRAY_MAX_SHARED_NEAR = 0.2
#: ... and at most this share with the whole rest of the article.
_STRAY_MAX_SHARED_REST = 0.34
#: Headlines carry a handful of content words; generic headings ("What happens next") carry fewer.
_STRAY_MIN_WORDS = 4
#: How many non-empty lines on each side count as the neighbourhood of a line.
_NEIGHBOURS = 2


class _Keywords(NamedTuple):
    """A rule's keywords (case-folded): the words, and one pattern that scans a line for all of them."""

    words: tuple[str, ...]
    pattern: re.Pattern[str]


def _keywords(*words: str) -> _Keywords:
    """A rule's keywords: a single scan of the line instead of one per word."""
    return _Keywords(words, re.compile("|".join(map(re.escape, words))))


#: Words one of which each unanchored rule's every alternative contains (case-folded): a line holding
#: none of them cannot match, so the regex, which scans the whole line, is not run on it.
_COPYRIGHT_WORDS = _keywords("\u00a9", "(c)", "copyright", "all rights reserved", "published", "written permission")
_IMAGE_WORDS = _keywords("image", "all rights", "gathered", "photo", "picture", "credit", "getty", "reuters", "afp")
_SUBSCRIBE_WORDS = _keywords("subscribe", "newsletter", "download", "journalism")

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
    page = _Page(_lines(text))
    flagged: list[Boilerplate] = []
    for index in page.nonempty:
        line = page.lines[index]
        rule = _line_rule(line, index, page)
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
    pieces: list[str] = []
    pos = 0
    for item in sorted(boilerplate, key=lambda b: b.start):
        start, end = max(item.start, pos), min(item.end, len(text))
        if start >= end:
            continue
        pieces.append(text[pos:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


class _Page:
    """The article's lines with what the rules ask of them, computed once so rules stay linear in the text.

    ``stem_lines`` counts, per content stem, the lines it occurs in: the rest of
    the article shares a stem with a line exactly when that count exceeds the
    line's own share.
    """

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.sizes = [len(line.text.strip()) for line in lines]
        self.nonempty = [i for i, size in enumerate(self.sizes) if size]
        self.folded = {i: lines[i].text.casefold() for i in self.nonempty}
        self._whole = "\n".join(self.folded.values())
        self._present: dict[tuple[str, ...], bool] = {}

    @functools.cached_property
    def stems(self) -> dict[int, set[str]]:
        """Content stems of each non-empty line; only a headline-shaped line asks, so on first use."""
        return {i: _content_stems(self.lines[i].text) for i in self.nonempty}

    @functools.cached_property
    def stem_lines(self) -> Counter[str]:
        """Per content stem, how many lines it occurs in."""
        return Counter(stem for stems in self.stems.values() for stem in stems)

    def mentions(self, index: int, keywords: _Keywords) -> bool:
        """Whether line ``index`` holds one of a rule's keywords (case-folded): the cheap test before its regex.

        Most articles hold none of a rule's keywords anywhere, which a few
        substring tests of the whole page tell at once; only then are lines scanned.
        """
        present = self._present.get(keywords.words)
        if present is None:
            present = self._present[keywords.words] = any(w in self._whole for w in keywords.words)
        return present and keywords.pattern.search(self.folded[index]) is not None

    def short(self, index: int, limit: int) -> bool:
        """Boilerplate lines are short; a long paragraph mentioning "copyright" is content."""
        return self.sizes[index] <= limit

    def later_lines(self, index: int) -> int:
        """How many non-empty lines follow line ``index``."""
        return len(self.nonempty) - bisect.bisect_right(self.nonempty, index)

    def neighbours(self, index: int, count: int) -> set[str]:
        """Content stems of up to ``count`` non-empty lines on each side of line ``index``."""
        pos = bisect.bisect_left(self.nonempty, index)
        near = self.nonempty[max(0, pos - count) : pos] + self.nonempty[pos + 1 : pos + 1 + count]
        return set().union(*(self.stems[i] for i in near))

    def shared_with_rest(self, index: int) -> set[str]:
        """The stems of line ``index`` that occur on some other line."""
        return {stem for stem in self.stems[index] if self.stem_lines[stem] > 1}


def _line_rule(line: _Line, index: int, page: _Page) -> str | None:
    """The first rule that fires on this line, or None."""
    for name, check in _CHECKS:
        if check(line, index, page):
            return name
    return None


def _is_source_credit(line: _Line, index: int, page: _Page) -> bool:
    """A "Source: ..." line among the last lines: a credit, not a sentence of the story."""
    return page.short(index, 200) and bool(_SOURCE_CREDIT.search(line.text)) and page.later_lines(index) <= 2


def _content_stems(text: str) -> set[str]:
    """Crude stems of the content words: enough to see "regional" and "region" as shared vocabulary."""
    return {low[:5] for w in _WORD.findall(text) if len(w) > 2 and (low := w.lower()) not in _STOPWORDS}


def _headline_shaped(text: str) -> bool:
    """3-20 words, capital first letter, no terminal punctuation: a headline, title or section heading."""
    stripped = text.strip()
    if not stripped[0].isupper() or stripped[-1] in ".!?,;:\"\u201d'\u2019)":
        return False
    return 3 <= len(_WORD.findall(stripped)) <= 20


def _is_stray_headline(line: _Line, index: int, page: _Page) -> bool:
    """A headline-shaped line about something else: it shares almost no content words with the article.

    A real section heading ("Regional Reactions" in a story about a region)
    shares vocabulary with the paragraphs around it and is kept. Scraped pages
    drop links to other stories into the body as bare lines, and their words
    appear nowhere near them.
    """
    if not _headline_shaped(line.text):
        return False
    own = page.stems[index]
    if len(own) < _STRAY_MIN_WORDS or len(page.stem_lines) - len(own) < 2 * len(own):
        return False
    near = page.neighbours(index, _NEIGHBOURS)
    return (
        len(own & near) / len(own) <= _STRAY_MAX_SHARED_NEAR
        and len(page.shared_with_rest(index)) / len(own) <= _STRAY_MAX_SHARED_REST
    )


#: The line rules in the order they are tried; built once, as they run on every line of every article.
_CHECKS: tuple[tuple[str, Callable[[_Line, int, _Page], bool]], ...] = (
    ("read_also", lambda ln, i, pg: bool(_READ_ALSO.search(ln.text))),
    ("image_rights", lambda ln, i, pg: pg.short(i, 400) and pg.mentions(i, _IMAGE_WORDS) and bool(_IMAGE_RIGHTS.search(ln.text))),
    ("copyright", lambda ln, i, pg: pg.short(i, 300) and pg.mentions(i, _COPYRIGHT_WORDS) and bool(_COPYRIGHT.search(ln.text))),
    ("source_credit", _is_source_credit),
    ("social_share", lambda ln, i, pg: pg.short(i, 120) and bool(_SOCIAL.search(ln.text))),
    ("subscribe", lambda ln, i, pg: pg.short(i, 250) and pg.mentions(i, _SUBSCRIBE_WORDS) and bool(_SUBSCRIBE.search(ln.text))),
    ("byline", lambda ln, i, pg: pg.short(i, 80) and bool(_BYLINE.match(ln.text))),
    ("timestamp", lambda ln, i, pg: pg.short(i, 80) and bool(_TIMESTAMP.match(ln.text))),
    ("stray_headline", _is_stray_headline),
)
