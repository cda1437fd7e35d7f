"""Locate verbatim evidence in an article: exact, then normalised, then fuzzy.

Models copy text imperfectly: straight quotes for curly ones, a hyphen for
an em dash, a line break folded into a space. The aligner forgives exactly
those differences (the normalised pass, which keeps a character map back to
the original offsets), then, for evidence but never for quotes, accepts a
close fuzzy alignment above a threshold. Every result satisfies
``text[span.start:span.end] == span.text`` by construction.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz

from schemas import MatchKind, Span

#: Minimum rapidfuzz score (0-100) for a fuzzy match of evidence.
DEFAULT_FUZZY_THRESHOLD = 90.0
#: Evidence shorter than this (after normalising) is too ambiguous to fuzzy-match.
_MIN_FUZZY_LEN = 12

_CHAR_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
}
_QUOTE_MARKS = frozenset("\"'")
#: The folds that keep one character.
_ONE_TO_ONE = {k: v for k, v in _CHAR_FOLD.items() if len(v) == 1}
#: Any character of ``_ONE_TO_ONE``: substituted where it occurs, since ``str.translate`` with a table
#: takes a slow path over the whole of any text that is not ASCII (most articles, for their quotes).
_FOLDABLE = re.compile("[" + "".join(map(re.escape, _ONE_TO_ONE)) + "]")
#: Whitespace inside the text to rewrite as one space: a run of two or more, or one character that is not
#: a plain space. Leading and trailing white space is cut apart, and each alternative opens on a
#: character or class the regex engine can skip ahead to (``\s{2,}`` first was tried at every position).
_SPACE_RUN = re.compile(r"[^\S ]\s*| \s+")


@dataclass(frozen=True)
class NormalizedText:
    """A normalised copy of a text, mapped back to the original offsets run by run.

    The map is a list of runs: normalised character ``runs[k] + i`` comes from
    original offset ``origins[k] + i`` until the next run begins. A table of one
    offset per character costs an integer object per character of the article
    (most of the time of normalising it); articles have a run per collapsed
    white space, a few dozen.
    """

    text: str
    runs: tuple[int, ...]  # where each run starts in the normalised text, ascending from 0
    origins: tuple[int, ...]  # the original offset of each run's first character

    def offset(self, pos: int) -> int:
        """The original offset of normalised character ``pos``."""
        k = bisect.bisect_right(self.runs, pos) - 1
        return self.origins[k] + pos - self.runs[k]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of the normalised text back to the original."""
        return self.offset(start), self.offset(end - 1) + 1

    def first_at_or_after(self, offset: int) -> int:
        """Index of the first normalised character whose original offset is >= ``offset``."""
        k = bisect.bisect_left(self.origins, offset)  # the first run that starts at or after it
        if k > 0:
            end = self.runs[k] if k < len(self.runs) else len(self.text)
            inside = self.runs[k - 1] + offset - self.origins[k - 1]
            if inside < end:
                return inside
        return self.runs[k] if k < len(self.runs) else len(self.text)


class _RunMap:
    """Builds a ``NormalizedText`` map, joining pieces that carry on the previous run (one canonical form)."""

    def __init__(self) -> None:
        self.runs: list[int] = []
        self.origins: list[int] = []
        self.size = 0  # normalised characters so far

    def add(self, origin: int, length: int) -> None:
        """``length`` normalised characters copied from ``origin`` onwards."""
        if length <= 0:
            return
        if not self.runs or self.origins[-1] + self.size - self.runs[-1] != origin:
            self.runs.append(self.size)
            self.origins.append(origin)
        self.size += length

    def done(self, text: str) -> NormalizedText:
        return NormalizedText(text, tuple(self.runs), tuple(self.origins))


def normalize(text: str) -> NormalizedText:
    """Fold typographic quotes and dashes, collapse whitespace, lower-case.

    Case is folded one character at a time (only where that keeps one
    character, see :func:`_fold_case`) so the offset map stays exact for any script.
    Most articles fold character for character (no ellipsis character, no
    letter whose case-fold is longer): those take a path done by ``str``
    methods and a regex over whitespace runs, without a Python loop per
    character; the others go through the loop, which defines the result.
    """
    folded = _FOLDABLE.sub(lambda m: _ONE_TO_ONE[m.group()], text)
    cased = folded.casefold()
    if "\u2026" in text or len(cased) != len(folded):
        return _normalize_by_character(text)
    out: list[str] = []
    runs = _RunMap()
    pos, last = len(cased) - len(cased.lstrip()), len(cased.rstrip())  # str.strip's white space is \s
    for run in _SPACE_RUN.finditer(cased, pos, last):
        start, end = run.span()
        out += (cased[pos:start], " ")
        runs.add(pos, start + 1 - pos)  # the space stands where the run began
        pos = end
    out.append(cased[pos:last])
    runs.add(pos, last - pos)
    return runs.done("".join(out))


def _normalize_by_character(text: str) -> NormalizedText:
    """``normalize``, one character at a time: for texts where a character folds to several."""
    out: list[str] = []
    origin: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space and out:
                out.append(" ")
                origin.append(i)
            in_space = True
            continue
        in_space = False
        folded = _CHAR_FOLD.get(ch, ch)
        if len(folded) == 1:
            folded = _fold_case(folded)
        for c in folded:
            out.append(c)
            origin.append(i)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    runs = _RunMap()
    for i in origin:
        runs.add(i, 1)
    return runs.done("".join(out))


def _fold_case(ch: str) -> str:
    """Case-fold one character to one character, or leave it as it is.

    ``casefold`` first, because ``lower`` leaves apart what readers see as one
    letter ("\u03c2" and "\u03a3", "\u00b5" and "\u039c"); ``lower`` when casefold
    would expand ("\u1e9e" to "ss"), so both sides of a match still meet at "\u00df".
    """
    for fold in (ch.casefold(), ch.lower()):
        if len(fold) == 1:
            return fold
    low = ch.lower()
    # "\u0130" lowers to "i" + a combining dot; the base letter is what people type.
    if low[0].isalpha() and all(unicodedata.combining(c) for c in low[1:]):
        return low[0]
    return ch


class Aligner:
    """Finds evidence strings in one article; builds the normalised index once."""

    def __init__(
        self, text: str, fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD, original: str | None = None
    ) -> None:
        """Index ``text`` for searching.

        Args:
            text: What evidence may match: the article with boilerplate masked
                out (same length, masked characters turned to spaces).
            fuzzy_threshold: Minimum rapidfuzz score for a fuzzy match.
            original: The unmasked article the spans must quote; a match that
                reaches into masked boilerplate is refused.
        """
        self.text = text
        self.original = text if original is None else original
        self.fuzzy_threshold = fuzzy_threshold
        self._found: dict[tuple[str, bool, int], Span | None] = {}

    @cached_property
    def norm(self) -> NormalizedText:
        """The normalised article, built on first use (most evidence matches exactly)."""
        return normalize(self.text)

    def locate(self, needle: str, *, allow_fuzzy: bool = True, after: int = 0) -> Span | None:
        """Return the span of ``needle`` in the article, or None when it is not there.

        Args:
            needle: The evidence as the model or heuristic wrote it.
            allow_fuzzy: False for quotes, whose words must be verbatim.
            after: Prefer an occurrence starting at or after this offset.

        Returns:
            A span whose text is exactly the article's characters at its offsets.
            The same call returns the same (frozen) span: the check instructor
            runs and the build that follows ask for the same evidence, and the
            answer depends only on the article.
        """
        key = (needle, allow_fuzzy, after)
        if key not in self._found:
            self._found[key] = self._search(needle, allow_fuzzy, after)
        return self._found[key]

    def _search(self, needle: str, allow_fuzzy: bool, after: int) -> Span | None:
        """Exact, then normalised (each composition form), then fuzzy when allowed."""
        stripped = needle.strip().strip("\"'\u201c\u201d\u2018\u2019").strip()
        if not stripped:
            return None
        for candidate in (needle.strip(), stripped):
            pos = self.text.find(candidate, after)
            if pos < 0 and after:
                pos = self.text.find(candidate)
            if pos >= 0:
                return self._span(pos, pos + len(candidate), MatchKind.exact)
        norm_needle = normalize(stripped).text
        if not norm_needle:
            return None
        norm_after = self.norm.first_at_or_after(after)
        for form in _composition_forms(stripped, norm_needle):
            span = self._normalized(form, norm_after)
            if span is not None:
                return span
        if allow_fuzzy and len(norm_needle) >= _MIN_FUZZY_LEN:
            return self._fuzzy(norm_needle)
        return None

    def _normalized(self, form: str, norm_after: int) -> Span | None:
        """The first occurrence of ``form`` from ``norm_after`` (else from the start) clear of boilerplate.

        An occurrence may be refused because it bridges a masked line (the
        mask collapses to one space); a later, clean one must still be found.
        """
        hay = self.norm
        for begin in (norm_after, 0) if norm_after else (0,):
            pos = hay.text.find(form, begin)
            while pos >= 0:
                span = self._span(*hay.to_original(pos, pos + len(form)), MatchKind.normalized)
                if span is not None:
                    return span
                pos = hay.text.find(form, pos + 1)
        return None

    def _fuzzy(self, norm_needle: str) -> Span | None:
        hay = self.norm
        if len(norm_needle) > len(hay.text):
            return None
        res = fuzz.partial_ratio_alignment(norm_needle, hay.text, score_cutoff=self.fuzzy_threshold)
        if res is None or res.dest_end <= res.dest_start:
            return None
        start, end = hay.to_original(res.dest_start, res.dest_end)
        return self._span(*self._whole_words(start, end), MatchKind.fuzzy)

    def _whole_words(self, start: int, end: int) -> tuple[int, int]:
        """Widen a fuzzy alignment to whole words, then drop quote marks at its edges.

        rapidfuzz aligns a window as long as the needle, so a needle that lost
        or gained a character ends inside a word ("addin") or starts on an
        opening quote mark the needle did not have (its own were stripped).
        """
        text = self.text
        while start > 0 and _in_word(text[start - 1]) and _in_word(text[start]):
            start -= 1
        while end < len(text) and _in_word(text[end]) and _in_word(text[end - 1]):
            end += 1
        while start < end and _CHAR_FOLD.get(text[start], text[start]) in _QUOTE_MARKS:
            start += 1
        while end > start and _CHAR_FOLD.get(text[end - 1], text[end - 1]) in _QUOTE_MARKS:
            end -= 1
        return start, end

    def _span(self, start: int, end: int, match: MatchKind) -> Span | None:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start >= end or self.text[start:end] != self.original[start:end]:
            return None
        return Span(start=start, end=end, text=self.original[start:end], match=match)


def _in_word(ch: str) -> bool:
    """Letters, digits and combining marks: what a span must not be cut inside."""
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def _composition_forms(needle: str, norm_needle: str) -> Iterator[str]:
    """The normalised needle as written, then precomposed (NFC) and decomposed (NFD).

    An article may spell "\u00e9" as one character or as "e" plus a combining
    accent, and a model usually writes the former; trying each form finds the
    passage whichever the article uses. The extra forms are built only on a miss.
    """
    yield norm_needle
    seen = {norm_needle}
    for form in ("NFC", "NFD"):
        other = normalize(unicodedata.normalize(form, needle)).text
        if other and other not in seen:
            seen.add(other)
            yield other


def locate(text: str, needle: str, *, allow_fuzzy: bool = True) -> Span | None:
    """One-off convenience over :class:`Aligner` for a single needle."""
    return Aligner(text).locate(needle, allow_fuzzy=allow_fuzzy)
