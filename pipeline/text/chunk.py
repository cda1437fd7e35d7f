"""Split an over-long article into overlapping chunks whose offsets map back exactly.

Most articles fit the model's budget and stay whole. A long one is cut at
paragraph boundaries (then sentences, then whitespace, then anywhere) so
that a record's evidence rarely straddles a cut, and consecutive chunks
share about ``overlap_chars`` of whole sentences so an event described
across a boundary is seen whole by at least one call. Every chunk carries its
start offset in the article, so spans found inside it translate back by
addition.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

#: Default per-call budget in characters (~6k tokens): fits an 8k context with room for prompt and answer.
DEFAULT_MAX_CHARS = 24_000

_PARAGRAPH_END = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile("[.!?][\"'\u201d\u2019)\\]]*[ \t]+(?=[\"'\u201c\u2018(\\[]?[A-Z0-9])")
_WHITESPACE = re.compile(r"\s+")


class Chunk(NamedTuple):
    """A piece of the article: ``text == whole[start:end]``."""

    start: int
    end: int
    text: str


def split_text(text: str, max_chars: int, overlap_chars: int = 400) -> list[Chunk]:
    """Cut ``text`` into chunks of at most ``max_chars`` characters that together cover it.

    Args:
        text: The whole article text.
        max_chars: The most characters one chunk may hold (must be positive).
        overlap_chars: About how many characters of whole sentences consecutive
            chunks share; capped at half of ``max_chars`` so chunks always advance.

    Returns:
        Chunks in order; a single chunk when the text is within budget.

    Raises:
        ValueError: If ``max_chars`` is not positive or ``overlap_chars`` is negative.
    """
    if max_chars <= 0:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    if overlap_chars < 0:
        raise ValueError(f"overlap_chars must not be negative, got {overlap_chars}")
    if len(text) <= max_chars:
        return [Chunk(0, len(text), text)]
    overlap = min(overlap_chars, max_chars // 2)
    units = _units(text, max_chars)
    return _pack(text, units, max_chars, overlap)


class _Unit(NamedTuple):
    """A sentence-sized piece; ``para_end`` marks the last piece of a paragraph, the preferred cut."""

    start: int
    end: int
    para_end: bool


def _boundaries(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[int]:
    """Offsets in (start, end) just after each separator match: where a piece may begin."""
    return [m.end() for m in pattern.finditer(text, start, end) if start < m.end() < end]


def _split_at(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    cuts = [start, *_boundaries(text, start, end, pattern), end]
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _units(text: str, max_chars: int) -> list[_Unit]:
    """Sentences of every paragraph, each <= max_chars, in order and without gaps."""
    units: list[_Unit] = []
    for para_start, para_end in _split_at(text, 0, len(text), _PARAGRAPH_END):
        pieces: list[tuple[int, int]] = []
        for start, end in _split_at(text, para_start, para_end, _SENTENCE_END):
            pieces.extend(_fit(text, start, end, max_chars))
        units.extend(_Unit(s, e, e == para_end) for s, e in pieces)
    return units


def _fit(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Break an over-long sentence at whitespace, and a run without any at hard cuts."""
    if end - start <= max_chars:
        return [(start, end)]
    pieces = _split_at(text, start, end, _WHITESPACE)
    if len(pieces) == 1:
        return [(pos, min(pos + max_chars, end)) for pos in range(start, end, max_chars)]
    fitted: list[tuple[int, int]] = []
    for piece_start, piece_end in pieces:
        if fitted and piece_end - fitted[-1][0] <= max_chars:
            fitted[-1] = (fitted[-1][0], piece_end)
        else:
            fitted.extend(_fit(text, piece_start, piece_end, max_chars))
    return fitted


def _pack(text: str, units: list[_Unit], max_chars: int, overlap: int) -> list[Chunk]:
    """Fill chunks with whole units, ending at a paragraph when one is near, overlapping by sentences."""
    chunks: list[Chunk] = []
    first = 0
    while first < len(units):
        chunk_start = units[first].start
        last = first
        while last + 1 < len(units) and units[last + 1].end - chunk_start <= max_chars:
            last += 1
        if last + 1 < len(units):
            last = _paragraph_cut(units, first, last, chunk_start, max_chars)
        chunk_end = units[last].end
        chunks.append(Chunk(chunk_start, chunk_end, text[chunk_start:chunk_end]))
        if last + 1 >= len(units):
            break
        first = _overlap_start(units, first, last, overlap)
    return chunks


def _paragraph_cut(units: list[_Unit], first: int, last: int, chunk_start: int, max_chars: int) -> int:
    """Move the end back to the last paragraph end, unless that would waste over half the budget."""
    for index in range(last, first - 1, -1):
        if units[index].end - chunk_start < max_chars // 2:
            break
        if units[index].para_end:
            return index
    return last


def _overlap_start(units: list[_Unit], first: int, last: int, overlap: int) -> int:
    """The first unit of the next chunk: back from ``last`` while the shared part stays within ``overlap``.

    When the last sentence alone is longer than ``overlap`` (but at most twice
    it) it is shared anyway: a little more overlap beats none at all.
    """
    nxt = last + 1
    while nxt - 1 > first and units[last].end - units[nxt - 1].start <= overlap:
        nxt -= 1
    if nxt == last + 1 and last > first and 0 < units[last].end - units[last].start <= 2 * overlap:
        nxt = last
    return nxt
