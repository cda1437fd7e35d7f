"""Text primitives for the heuristic extractor: sentences, quotation spans, time expressions.

Everything here works on character offsets into the original article so the
extractor can slice verbatim evidence; nothing normalises or rewrites text.
The rules are generic English news-writing conventions (abbreviations that do
not end sentences, quotation marks that keep multi-sentence quotes together,
weekday/month time expressions), never keyed to any particular story.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

#: Abbreviations whose trailing full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "maj",
        "adm",
        "gov",
        "sen",
        "rep",
        "st",
        "jr",
        "sr",
        "rev",
        "no",
        "nos",
        "vs",
        "inc",
        "co",
        "corp",
        "ltd",
        "bros",
        "mt",
        "ft",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "dept",
        "est",
        "fig",
        "brig",
        "cmdr",
        "cpl",
        "pvt",
        "supt",
        "insp",
    ]
)

_CURLY_MARK = re.compile("[\u201c\u201e\u201d]")
_STRAIGHT_MARK = re.compile('"')
_SINGLE_OPEN = re.compile("['\u2018]")
_SINGLE_CLOSE = re.compile("['\u2019]")
#: Any quotation mark or apostrophe: a line without one holds no quotation.
_ANY_MARK = re.compile("[\"'\u2018\u2019\u201c\u201d\u201e]")
_OPEN_DOUBLE = "\u201c\u201e"
_CLOSE_DOUBLE = "\u201d"
#: A sentence ends before a capital, which may follow an opening mark and a bracketed insertion ('"[T]he').
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]{0,2}[A-Z0-9\u00C0-\u00DE])")

WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan\\.|Feb\\.|Aug\\.|Sept\\.|Sep\\.|Oct\\.|Nov\\.|Dec\\."
)
_DAY_PART = r"(?:\s+(?:morning|afternoon|evening|night))"
_YEAR = r"(?:19|20)\d{2}"
_RELATIVE = r"(?:last|this|next|earlier this|later this)\s+(?:year|month|week|weekend|spring|summer|autumn|fall|winter)"
_COUNT = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
#: A capitalised preposition opens a sentence ("In 2015, the firm"); each lookbehind must have one width.
_YEAR_AFTER = "|".join(f"(?<=\\b{w} )" for w in ("in", "by", "since", "until", "In", "By", "Since", "Until"))
_TIME_PATTERNS = (
    rf"\b(?:{WEEKDAYS}){_DAY_PART}?(?:,?\s+(?:{MONTHS})\s+\d{{1,2}}\b(?:,\s+{_YEAR})?)?",
    rf"\b(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,\s+{_YEAR}\b)?",
    rf"\b\d{{1,2}}\s+(?:{MONTHS})(?:\s+{_YEAR}\b)?",
    rf"\b(?:(?:early|mid|late)[-\s])?(?:{MONTHS})(?:\s+(?:of\s+)?(?:{_YEAR}\b|{_RELATIVE}|this year|last year|next year))?",
    rf"\b{_RELATIVE}\b",
    r"\b(?:last night|this (?:morning|afternoon|evening)|earlier today)\b",
    rf"\b{_COUNT} (?:day|week|month|year)s? ago\b",
    # Capitalised, a relative day opens a sentence; after a word it is a title ("the Today programme").
    r"\b(?:yesterday|today|tonight|(?<!\w )(?:Yesterday|Today|Tonight))\b",
    rf"(?:{_YEAR_AFTER})(?:(?:early|mid|late)[-\s])?{_YEAR}\b",
    rf"\b(?:early|mid|late)[-\s]{_YEAR}\b",
    rf"(?<=\bthe ){_YEAR}\b",
)
#: The lookahead in front lets the engine skip every position that cannot start a time expression; the one
#: at the end keeps a month or weekday from matching the start of a longer word ("May" of "Mayor").
_TIME_RE = re.compile(
    r"\b(?=[MTWFSJADNOYaefilmnosty\d])(?:" + "|".join(f"(?:{p})" for p in _TIME_PATTERNS) + r")(?![^\W\d_])"
)
_DEADLINE_PREFIX = re.compile(
    r"\b(?:by|until|before|no later than|through)\s+(?:the\s+(?:end|middle|start)\s+of\s+)?$"
)


class Segment(NamedTuple):
    """A half-open character range [start, end) of the article.

    A named tuple, not a frozen dataclass: segmenting builds one per line,
    sentence and quotation of every article, and a tuple is built about
    three times faster.
    """

    start: int
    end: int

    def text(self, source: str) -> str:
        """The verbatim characters of this range."""
        return source[self.start : self.end]

    def contains(self, pos: int) -> bool:
        """True when ``pos`` falls inside the range."""
        return self.start <= pos < self.end


class QuoteSpan(NamedTuple):
    """A quotation: ``open`` and ``close`` index the marks, the words lie between them."""

    open: int
    close: int

    @property
    def inner(self) -> Segment:
        """The quoted words without the marks."""
        return Segment(self.open + 1, self.close)


def lines(text: str) -> list[Segment]:
    """Non-blank lines, trimmed, as segments (masked boilerplate lines are all spaces)."""
    out: list[Segment] = []
    pos = 0
    for raw in text.split("\n"):
        body = raw.strip()  # str.strip drops exactly what str.isspace calls white space
        if body:
            start = pos + len(raw) - len(raw.lstrip())
            out.append(Segment(start, start + len(body)))
        pos += len(raw) + 1
    return out


def find_quotes(text: str, paragraphs: list[Segment] | None = None) -> list[QuoteSpan]:
    """Pair quotation marks within each line: curly double, straight double, single.

    Quotes are paired per line because an unbalanced mark in one paragraph
    must not swallow the rest of the article. ``paragraphs`` are the text's
    :func:`lines` when the caller has them already.
    """
    found: list[QuoteSpan] = []
    for line in lines(text) if paragraphs is None else paragraphs:
        if _ANY_MARK.search(text, line.start, line.end) is None:
            continue  # most lines of an article quote nobody
        doubles = _curly_pairs(text, line) + _straight_pairs(text, line)
        # A single mark inside this line's double quotation is a quote within the quote, not a quote.
        found += doubles
        found += [q for q in _single_pairs(text, line) if not any(d.open <= q.open <= d.close for d in doubles)]
    return sorted(found, key=lambda q: q.open)


def _curly_pairs(text: str, line: Segment) -> list[QuoteSpan]:
    out: list[QuoteSpan] = []
    opened: int | None = None
    for mark in _CURLY_MARK.finditer(text, line.start, line.end):
        i, ch = mark.start(), mark.group()
        if ch in _OPEN_DOUBLE:
            opened = i
        elif ch == _CLOSE_DOUBLE and opened is not None:
            out.append(QuoteSpan(opened, i))
            opened = None
    return out


def _straight_pairs(text: str, line: Segment) -> list[QuoteSpan]:
    """Straight double quotes: an opening mark precedes a word, a closing one follows one."""
    out: list[QuoteSpan] = []
    opened: int | None = None
    for mark in _STRAIGHT_MARK.finditer(text, line.start, line.end):
        i = mark.start()
        before = text[i - 1] if i > line.start else " "
        after = text[i + 1] if i + 1 < line.end else " "
        if opened is None:
            if not after.isspace() and (before.isspace() or before in "([{\u2014\u2013-:/"):
                opened = i
        elif not before.isspace():
            out.append(QuoteSpan(opened, i))
            opened = None
    return out


def _single_pairs(text: str, line: Segment) -> list[QuoteSpan]:
    """Single quotes, told apart from apostrophes by what surrounds them."""
    out: list[QuoteSpan] = []
    done = line.start
    for mark in _SINGLE_OPEN.finditer(text, line.start, line.end):
        i = mark.start()
        if i < done or not _opens_single(text, i, line.start):
            continue
        close = _closing_single(text, i + 1, line.end)
        if close is not None and len(text[i + 1 : close].split()) >= 2:
            out.append(QuoteSpan(i, close))
            done = close + 1
    return out


def _opens_single(text: str, i: int, line_start: int) -> bool:
    before = text[i - 1] if i > line_start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "(:[\u2014-") and after.isalnum()


def _closing_single(text: str, start: int, end: int) -> int | None:
    for mark in _SINGLE_CLOSE.finditer(text, start, end):
        j = mark.start()
        if not text[j - 1].isspace():
            after = text[j + 1] if j + 1 < end else " "
            if not after.isalpha() and not (
                text[j - 1] == "s" and after == " " and j + 1 < end and text[j + 2 : j + 3].islower()
            ):
                return j
    return None


def sentences(
    text: str, quotes: list[QuoteSpan] | None = None, paragraphs: list[Segment] | None = None
) -> list[Segment]:
    """Split the article into sentences without breaking abbreviations or quotations.

    Args:
        text: The article (masked boilerplate lines are skipped as blank).
        quotes: Quotation spans from :func:`find_quotes`; computed when omitted.
        paragraphs: The text's :func:`lines`; computed when omitted.

    Returns:
        Trimmed sentence segments in article order.
    """
    paragraphs = lines(text) if paragraphs is None else paragraphs
    spans = find_quotes(text, paragraphs) if quotes is None else quotes
    inside = [Segment(q.open + 1, q.close) for q in sorted(spans, key=lambda q: q.open)]
    opens = [s.start for s in inside]
    out: list[Segment] = []
    for line in paragraphs:
        start = line.start
        # Quotes are paired within a line, so only this line's can hold one of its full stops.
        own = inside[bisect.bisect_left(opens, line.start) : bisect.bisect_left(opens, line.end)]
        for m in _SENTENCE_END.finditer(text, line.start, line.end):
            stop = m.end()
            if any(s.start <= stop - 1 < s.end for s in own):
                continue
            if _is_abbreviation(text, m.start(), line.start):
                continue
            out.append(_trimmed(text, start, stop))
            start = stop
        if start < line.end:
            out.append(_trimmed(text, start, line.end))
    return [s for s in out if s.end > s.start]


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation, an initial or 'U.S.'."""
    if text[dot] != ".":
        return False
    k = dot
    while k > floor and not text[k - 1].isspace() and text[k - 1] not in '("\u201c':
        k -= 1
    word = text[k:dot]
    if not word:
        return False
    if word.lower() in _ABBREVIATIONS:
        return True
    letters = word.replace(".", "")
    return (len(word) == 1 and word.isupper()) or ("." in word and len(letters) <= 4 and letters.isalpha())


def _trimmed(text: str, start: int, end: int) -> Segment:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Segment(start, end)


def time_expressions(text: str, within: Segment) -> list[Segment]:
    """Time expressions inside ``within``, longest match first at each position."""
    return [Segment(m.start(), m.end()) for m in _TIME_RE.finditer(text, within.start, within.end)]


def deadline_start(text: str, expr: Segment, floor: int) -> int | None:
    """Where a deadline preposition ('by', 'until') before ``expr`` starts, if there is one."""
    m = _DEADLINE_PREFIX.search(text, max(floor, expr.start - 36), expr.start)
    return m.start() if m else None


def word_count(s: str) -> int:
    """Number of whitespace-separated words."""
    return len(s.split())


def mask_quotes(text: str, quotes: list[QuoteSpan]) -> str:
    """The text with quoted words blanked (same length): what the writer reports, not what was said."""
    chars = list(text)
    for q in quotes:
        chars[q.open + 1 : q.close] = " " * (q.close - q.open - 1)
    return "".join(chars)
