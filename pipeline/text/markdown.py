"""Read Markdown as the text it shows, so extraction sees words, not asterisks.

A Markdown article writes ``**Ada Brook**`` or ``[the ministry](https://...)``;
read as plain text, the name starts with ``**`` and the link target looks like
words of the story. Like HTML, a Markdown file is turned into its plain text
(the output line's ``text``, which every offset refers to), keeping its lines.
``markdown-it-py`` (the CommonMark parser) decides what is markup; this module
only aligns the text it yields back onto the source, character by character,
because the parser reports lines, not character offsets, for inline content.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Token types whose ``content`` is the text as shown (inline children and code blocks).
_TEXT_TOKENS = frozenset({"text", "code_inline", "code_block", "fence"})
# Raw HTML passes through untouched: it is the article's own text, cleaned elsewhere if at all.
_RAW_TOKENS = frozenset({"html_block"})


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def strip_markup(text: str) -> str:
    """Return ``text`` without its Markdown markup, newlines kept.

    Args:
        text: A Markdown document.

    Returns:
        The characters Markdown shows as text, and everything outside any
        block (blank lines), in their order.
    """
    line_starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            line_starts.append(i + 1)
    line_starts.append(len(text))
    keep = bytearray(b"\x02") * len(text)  # 1 = shown text, 0 = markup, 2 = outside every block
    block: tuple[int, int] | None = None
    for token in _parser().parse(text):
        if token.map is not None:
            block = (line_starts[token.map[0]], line_starts[min(token.map[1], len(line_starts) - 1)])
            for i in range(*block):
                if keep[i] == 2:
                    keep[i] = 1 if token.type in _RAW_TOKENS else 0
        if block is not None:
            _align(text, _shown(token), block, keep)
    return "".join(ch for i, ch in enumerate(text) if keep[i] or ch == "\n")


def _shown(token: Token) -> list[str]:
    """The pieces of text a block token shows, in reading order."""
    if token.type in _TEXT_TOKENS:
        return [token.content]
    pieces: list[str] = []
    for child in token.children or []:
        pieces += _shown(child)
    return pieces


def _align(text: str, pieces: list[str], block: tuple[int, int], keep: bytearray) -> None:
    """Mark as shown the source characters that spell ``pieces``, leftmost first.

    The shown text is a subsequence of the source (markup only adds characters;
    an entity such as ``&amp;`` keeps its first character), so a greedy scan
    finds it. A character that cannot be found leaves the rest of the block as
    it was: better some stray markup than lost words.
    """
    cursor, end = block
    for piece in pieces:
        for ch in piece:
            if ch == "\n":
                continue
            at = text.find(ch, cursor, end)
            if at < 0:
                for i in range(cursor, end):
                    keep[i] = 1
                return
            keep[at] = 1
            cursor = at + 1

