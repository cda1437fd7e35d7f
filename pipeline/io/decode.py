"""Bytes to article text: the encoding detected, not assumed, and HTML reduced to its main text.

The text stored is the text every record's offsets refer to, so it must be
decoded faithfully: a byte-order mark, strict UTF-8, a charset the page
declares, a Western legacy check, then charset-normalizer's best guess, and
binary files refused rather than decoded by luck. Otherwise the text is
left alone except for newlines folded to ``\\n``. These rules are about
bytes, not about which inputs are read, so they live apart from the loader.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Any

from charset_normalizer import from_bytes

from pipeline.core.errors import InputError

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: Share of control characters above which decoded bytes are taken for binary, not text.
_MAX_CONTROL_SHARE = 0.01
_CP1252_LETTERS = frozenset(
    "".join(chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7))
    + "\u0152\u0153\u0160\u0161\u017d\u017e\u0178"
)
_CP1252_PUNCTUATION = frozenset(
    "\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u20ac\u2122\u00ab\u00bb\u00b0\u00a3\u00a7"
    "\u00a2\u00a5\u00a9\u00ae\u00b7\u00b4\u00a0\u00a1\u00bf\u00aa\u00ba\u00bd\u00bc\u00be\u00b1\u00d7"
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: In Western text accented letters are a minority; a Cyrillic or Greek file read as cp1252 is nearly all of them.
_MAX_ACCENTED_SHARE = 0.5


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode file bytes, detecting the encoding: BOM, strict UTF-8, a declared charset, then a best guess.

    Args:
        data: The raw file content.
        declared: The charset the file declares (an HTML ``<meta charset>``),
            trusted only after the BOM and UTF-8 checks, because pages often lie.

    Returns:
        The decoded text (BOM removed) and the name of the encoding used.

    Raises:
        InputError: If the bytes are empty, binary, or no encoding fits.
    """
    if not data.strip():
        raise InputError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom) :].decode(encoding.replace("-sig", ""))), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {encoding} despite its byte-order mark ({exc.reason})") from exc
    if b"\x00" in data:
        raise InputError("binary file (NUL bytes), not an article")
    try:
        return _check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared is not None:
        try:
            return _check_text(data.decode(declared)), declared
        except UnicodeDecodeError:
            pass
    western = _as_western(data)
    if western is not None:
        return _check_text(western), "cp1252"
    guess = from_bytes(data).best()
    if guess is None:
        raise InputError("binary file (no text encoding fits), not an article")
    return _check_text(str(guess)), guess.encoding


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its head, as a Python codec name (latin-1 read as cp1252, like browsers)."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _as_western(data: bytes) -> str | None:
    """The bytes as cp1252 when that reads as Western text, else None.

    Legacy Western files are by far the most common non-UTF-8 news input, and
    charset-normalizer misjudges short ones (a cp1252 "café" comes back as
    cp1250 or mac_latin2). cp1252 is accepted when every non-ASCII character
    is an accented Latin letter or typographic punctuation and such letters
    are a minority of the letters, which a Cyrillic or Greek legacy file read
    as cp1252 never satisfies.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(1 for ch in text if ch.isalpha())
    accented = 0
    for ch in text:
        if ord(ch) < 128:
            continue
        if ch.isalpha() and ch in _CP1252_LETTERS:
            accented += 1
        elif ch not in _CP1252_PUNCTUATION:
            return None
    return text if letters and accented / letters <= _MAX_ACCENTED_SHARE else None


def _check_text(text: str) -> str:
    """Refuse decoded bytes that are mostly control characters: a binary file decoded by luck."""
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if text and controls / len(text) > _MAX_CONTROL_SHARE:
        raise InputError("binary file (control characters), not an article")
    if not text.strip():
        raise InputError("empty file")
    return text


def normalize_newlines(text: str) -> str:
    """Fold CRLF and lone CR to LF: the stored text is what offsets refer to, so it must be stable."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def html_to_text(html: str) -> tuple[str, dict[str, Any]]:
    """Reduce an HTML page to its main text and metadata with trafilatura (offline).

    Args:
        html: The page's HTML.

    Returns:
        The main text and the metadata found (url, title, outlet, published_at).

    Raises:
        InputError: If no article text can be found in the page.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    meta: dict[str, Any] = doc.as_dict() if doc is not None and not isinstance(doc, dict) else (doc or {})
    text = meta.get("text") or ""
    if not text.strip():
        text = (
            trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True) or ""
        )
    if not text.strip():
        raise InputError("no article text found in the HTML")
    fields = {
        "url": meta.get("url"),
        "title": meta.get("title"),
        "outlet": meta.get("sitename"),
        "published_at": meta.get("date"),
    }
    return text, {k: v for k, v in fields.items() if v}
