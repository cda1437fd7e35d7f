"""Load articles from files, directories, JSONL and stdin, one at a time.

Loading is where bad input is met, so nothing here raises on a bad file or
line: each becomes a one-line ``LoadFailure`` naming the file (and line) and
the batch goes on. Two things are refused before any article is read,
because no run can be right with them: a folder with nothing to read, and
one id given to two articles (one would replace the other downstream), unless
a ``dedupe`` rule says which to keep. Articles stream out of a generator so
memory stays flat in the number of articles; only 16-byte text hashes and the
given ids are kept, to extract a text seen twice only once and to keep ids
unique. The text stored is the text every record's
offsets refer to, so it is decoded faithfully (encoding detected, not assumed)
and otherwise left alone except for newlines folded to ``\\n``.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Literal, cast

from charset_normalizer import from_bytes
from pydantic import BaseModel, ConfigDict

from pipeline.core.errors import InputError
from pipeline.text.dates import parse_publication_date
from pipeline.text.markdown import strip_markup
from schemas import ArticleMeta, LineWarning, WarningCode

#: File name of the per-directory metadata file (never itself articles when met in a directory).
MANIFEST_NAME = "manifest.jsonl"
TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".markdown"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: Share of control characters above which decoded bytes are taken for binary, not text.
_MAX_CONTROL_SHARE = 0.01
_META_FIELDS = ("url", "title", "outlet")
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
#: What to do with an article whose given id an earlier one already has (``--dedupe``).
Dedupe = Literal["error", "first", "last", "suffix"]
DEDUPE_RULES: tuple[str, ...] = ("error", "first", "last", "suffix")
_READ_SUFFIXES = ".txt, .md, .html, .htm, .jsonl"


class Article(BaseModel):
    """One article ready for cleaning and extraction."""

    model_config = ConfigDict(extra="forbid")

    id: str
    source: str
    text: str
    metadata: ArticleMeta
    warnings: list[LineWarning] = []
    """What the loader noticed (an unreadable date) that the output line must carry."""


class LoadFailure(BaseModel):
    """An input (file or line) that yields no article, with a one-line reason."""

    model_config = ConfigDict(extra="forbid")

    source: str
    error: str
    article_id: str | None = None


def load_articles(
    inputs: Sequence[str | Path],
    *,
    published_at: str | None = None,
    max_chars: int = 1_000_000,
    dedupe: Dedupe = "error",
) -> Iterator[Article | LoadFailure]:
    """Stream articles (and failures) from files, directories, JSONL files and stdin.

    Arguments are checked at once (so a bad flag fails before any work), and
    so are the inputs' given ids and folders: one quick pass reads the ids of
    the JSONL lines and manifests, because two articles under one id would
    have one replace the other downstream. The articles themselves are read
    lazily as the returned iterator is consumed.

    Args:
        inputs: Paths in the order to read them; a directory is walked
            recursively in sorted path order, ``-`` reads JSONL from stdin.
        published_at: Publication date for articles that do not carry their
            own (the ``--published-at`` flag); any common date format.
        max_chars: Articles longer than this are refused (LoadFailure), to
            keep one huge input from exhausting memory or a model budget.
        dedupe: What to do when a given id (JSONL ``id``, manifest ``id``)
            comes again with another text: ``error`` refuses the inputs,
            ``first`` or ``last`` keeps that one and turns the others into
            LoadFailures, ``suffix`` renames the later ones ``<id>~2``,
            ``<id>~3`` and so on. On stdin, which is read once, a duplicate
            under ``error`` becomes a LoadFailure naming the first.

    Returns:
        An iterator of an Article per loaded article and a LoadFailure per
        input (file or line) that yields none, in input order.

    Raises:
        InputError: If ``inputs`` is a bare string, ``max_chars`` is not
            positive, ``published_at`` is not a date, a folder holds no
            article files, or (``dedupe="error"``) two inputs give one id.
    """
    if isinstance(inputs, (str, Path)):
        raise InputError("load_articles takes a list of inputs; wrap a single path in a list")
    if max_chars <= 0:
        raise InputError(
            f"max_chars must be positive, got {max_chars}; pass the largest article size to accept"
        )
    if dedupe not in DEDUPE_RULES:
        raise InputError(f"unknown dedupe rule {dedupe!r}; use one of {', '.join(DEDUPE_RULES)}")
    flag_date = parse_publication_date(published_at)
    if published_at is not None and flag_date is None:
        raise InputError(f"cannot read {published_at!r} as a publication date; use YYYY-MM-DD")
    names = [str(item) for item in inputs]
    if dedupe == "last" and "-" in names:
        raise InputError("--dedupe last must read the input twice, which stdin (-) cannot be; "
                         "save it to a file, or use --dedupe first or suffix")
    loader = _Loader(flag_date, max_chars, dedupe)
    loader.survey(names)
    return loader.load_all(names)


class _Loader:
    """Per-call state: the flag date, the size limit, manifests read so far, texts and ids seen."""

    def __init__(self, flag_date: str | None, max_chars: int, dedupe: Dedupe = "error") -> None:
        self.flag_date = flag_date
        self.max_chars = max_chars
        self.dedupe = dedupe
        self.manifests: dict[Path, dict[Path, dict[str, Any]]] = {}
        self.seen: dict[bytes, str | None] = {}
        #: Given id -> source of the article that has it, as articles are made.
        self.given: dict[str, str] = {}
        #: Every id the inputs give (kept for ``suffix``, so a new name never takes an existing one).
        self.taken: set[str] = set()
        #: Duplicated id -> the source that keeps it (for ``last``).
        self.keep_at: dict[str, str] = {}
        self.walked: dict[str, list[Path]] = {}

    def survey(self, inputs: list[str]) -> None:
        """Before any article is read: refuse folders with nothing to read, and find duplicated ids.

        Raises:
            InputError: A folder holds no article files, or (``error`` rule)
                an id is given more than once.
        """
        ids = _IdSurvey()
        for item in inputs:
            path = Path(item)
            if item == "-" or not path.exists():
                continue
            if not path.is_dir():
                self._survey_file(path, path.parent, ids, explicit=True)
                continue
            files = self.walked[item] = _walk(path)
            readable = [f for f in files if _kind(f, explicit=False) in ("jsonl", "single")]
            if not readable:
                raise InputError(_no_articles(path, files))
            for file in readable:
                self._survey_file(file, path, ids, explicit=False)
        if ids.dups and self.dedupe == "error":
            raise InputError(ids.message())
        if ids.dups and self.dedupe == "suffix":
            self.taken = set(ids.where)
        if self.dedupe == "last":
            self.keep_at = {given: ids.source(codes[-1]) for given, codes in ids.dups.items()}

    def _survey_file(self, path: Path, root: Path, ids: _IdSurvey, *, explicit: bool) -> None:
        """Record the ids ``path`` gives, reading only what :meth:`_load_file` would read."""
        kind = _kind(path, explicit=explicit)
        if kind == "manifest":
            for file in self._manifest_for(path.parent):
                self._survey_file(file, path.parent, ids, explicit=True)
        elif kind == "jsonl":
            try:
                with path.open("rb") as handle:
                    for number, raw in enumerate(handle, start=1):
                        if b'"id"' in raw:  # lines giving no id need no parsing
                            ids.add(_jsonl_id(raw), path, number)
            except OSError:
                return  # the load itself reports the file
        elif kind == "single" and path.is_file():
            ids.add(_str_or_none(self._manifest_entry(path, root).get("id")), path, 0)

    def load_all(self, inputs: list[str]) -> Iterator[Article | LoadFailure]:
        """The stream itself: a generator, so nothing is read before the caller asks for it."""
        for item in inputs:
            yield from self.load_input(item)

    def load_input(self, item: str) -> Iterator[Article | LoadFailure]:
        """Dispatch one command-line input to stdin, a directory walk or a single file."""
        if item == "-":
            yield from self._jsonl_stream(getattr(sys.stdin, "buffer", sys.stdin), "-")
            return
        path = Path(item)
        if path.is_dir():
            for file in self.walked.pop(item, None) or _walk(path):
                yield from self._load_file(file, root=path, explicit=False)
        elif path.exists():
            yield from self._load_file(path, root=path.parent, explicit=True)
        else:
            yield LoadFailure(source=item, error="no such file or directory")

    def _load_file(self, path: Path, *, root: Path, explicit: bool) -> Iterator[Article | LoadFailure]:
        kind = _kind(path, explicit=explicit)
        if kind == "manifest":
            yield from self._manifest_files(path)
        elif kind == "jsonl":
            yield from self._jsonl_file(path)
        elif kind == "single":
            yield self._single_file(path, root, is_html=path.suffix.lower() in HTML_SUFFIXES)

    def _manifest_files(self, manifest: Path) -> Iterator[Article | LoadFailure]:
        """A manifest named explicitly means: the articles it lists, in its order."""
        entries = self._manifest_for(manifest.parent)
        if not entries:
            yield LoadFailure(source=str(manifest), error="manifest lists no files; give it lines {id, file}")
        for file in entries:
            yield from self._load_file(file, root=manifest.parent, explicit=True)

    def _single_file(self, path: Path, root: Path, *, is_html: bool) -> Article | LoadFailure:
        source = str(path)
        entry = self._manifest_entry(path, root)
        try:
            data = _read_limited(path, self.max_chars)
            text, encoding = decode_bytes(data, declared=_declared_charset(data) if is_html else None)
            html_meta: dict[str, Any] = {}
            if is_html:
                text, html_meta = html_to_text(text)
            elif path.suffix.lower() in MARKDOWN_SUFFIXES:
                text = strip_markup(text)
        except InputError as exc:
            return LoadFailure(source=source, error=str(exc), article_id=_str_or_none(entry.get("id")))
        fields = {**html_meta, **{k: v for k, v in entry.items() if v is not None}}
        origin = "manifest" if entry.get("published_at") else "html"
        return self._finish(text, fields, source, encoding, origin)

    def _finish(
        self, text: str, fields: dict[str, Any], source: str, encoding: str, date_origin: str
    ) -> Article | LoadFailure:
        """Apply the checks every article passes (empty, size, duplicate) and build it."""
        text = normalize_newlines(text)
        given_id = _str_or_none(fields.get("id"))
        if not text.strip():
            return LoadFailure(
                source=source, error="empty file" if ":" not in source else "empty text", article_id=given_id
            )
        if len(text) > self.max_chars:
            return LoadFailure(source=source, error=_too_long(len(text), self.max_chars), article_id=given_id)
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        article_id = given_id or digest.hex()[:16]
        key = digest[:16]
        if key in self.seen:
            first_id = self.seen[key] or key.hex()[:16]
            return LoadFailure(
                source=source,
                error=f"duplicate of article {first_id} (same text); extracted once",
                article_id=article_id,
            )
        if given_id is not None:
            claimed = self._claim(given_id, source)
            if isinstance(claimed, LoadFailure):
                return claimed
            given_id = article_id = claimed
        self.seen[key] = given_id
        metadata = self._metadata(fields, encoding, date_origin)
        own = fields.get("published_at")
        warnings: list[LineWarning] = []
        if own not in (None, "") and metadata.published_at is None:
            # The article's own date wins over --published-at even when unreadable (the batch
            # default may be wrong for it), so its relative dates stay unresolved; say so.
            warnings.append(
                LineWarning(
                    code=WarningCode.published_at_unreadable,
                    message=f"published_at {str(own)[:40]!r} is not a date; relative dates left unresolved",
                )
            )
        return Article(id=article_id, source=source, text=text, metadata=metadata, warnings=warnings)

    def _claim(self, given: str, source: str) -> str | LoadFailure:
        """The id this article gets under the dedupe rule, or why it is not extracted.

        A refused duplicate carries no article id, so a resumed run keys it
        by its source and never mistakes the kept article for done.
        """
        keeper = self.keep_at.get(given)
        if keeper is not None and keeper != source:
            return LoadFailure(
                source=source, error=f"article id {given!r} is given again at {keeper}; skipped (--dedupe last)"
            )
        first = self.given.get(given)
        if first is None:
            self.given[given] = source
            return given
        if self.dedupe == "suffix":
            n = 2
            while f"{given}~{n}" in self.given or f"{given}~{n}" in self.taken:
                n += 1
            self.given[f"{given}~{n}"] = source
            return f"{given}~{n}"
        rule = "skipped (--dedupe first)" if self.dedupe == "first" else (
            "not extracted; give each article its own id, or use --dedupe first, last or suffix"
        )
        return LoadFailure(source=source, error=f"duplicate article id {given!r} (first at {first}); {rule}")

    def _metadata(self, fields: dict[str, Any], encoding: str, date_origin: str) -> ArticleMeta:
        own = fields.get("published_at")
        if own not in (None, ""):
            published, origin = parse_publication_date(str(own)), date_origin
        elif self.flag_date:
            published, origin = self.flag_date, "flag"
        else:
            published, origin = None, None
        meta = {name: _str_or_none(fields.get(name)) for name in _META_FIELDS}
        return ArticleMeta(
            **meta,
            published_at=published,
            published_at_source=origin if published else None,
            encoding=encoding,
        )

    def _jsonl_file(self, path: Path) -> Iterator[Article | LoadFailure]:
        try:
            handle = path.open("rb")
        except OSError as exc:
            yield LoadFailure(source=str(path), error=_os_error(exc))
            return
        with handle:
            yield from self._jsonl_stream(handle, str(path))

    def _jsonl_stream(self, handle: IO[bytes] | IO[str], name: str) -> Iterator[Article | LoadFailure]:
        """One article per non-blank line; a bad line is a failure and the stream goes on."""
        lines = _safe_lines(handle)
        for number, line in lines:
            source = f"{name}:{number}"
            if line is None:
                yield LoadFailure(
                    source=source, error=f"line {number}: not UTF-8 text; re-save the file as UTF-8"
                )
                continue
            if not line.strip():
                continue
            yield self._jsonl_line(line, number, source)

    def _jsonl_line(self, line: str, number: int, source: str) -> Article | LoadFailure:
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            return LoadFailure(source=source, error=f"line {number}: not JSON ({exc.msg})")
        except (ValueError, RecursionError) as exc:  # over-long integers, absurd nesting
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
            return LoadFailure(source=source, error=f"line {number}: unusable JSON ({reason})")
        if _has_lone_surrogate(obj):
            return LoadFailure(source=source, error=f"line {number}: text holds an unpaired UTF-16 surrogate escape")
        if not isinstance(obj, dict):
            return LoadFailure(source=source, error=f"line {number}: not a JSON object")
        given_id = _str_or_none(obj.get("id"))
        text, html = obj.get("text"), obj.get("html")
        if "text" in obj and not isinstance(text, str):
            return LoadFailure(
                source=source, error=f"line {number}: 'text' must be a string", article_id=given_id
            )
        if not isinstance(text, str) and not isinstance(html, str):
            return LoadFailure(
                source=source, error=f"line {number}: no 'text' or 'html' field", article_id=given_id
            )
        fields = dict(obj)
        if not isinstance(text, str):
            try:
                text, html_meta = html_to_text(str(html))
            except InputError as exc:
                return LoadFailure(source=source, error=f"line {number}: {exc}", article_id=given_id)
            fields = {**html_meta, **{k: v for k, v in obj.items() if v is not None}}
        origin = "jsonl" if obj.get("published_at") else "html"
        return self._finish(text, fields, source, "utf-8", origin)

    def _manifest_entry(self, path: Path, root: Path) -> dict[str, Any]:
        """Metadata for ``path`` from the nearest manifest between its directory and ``root``."""
        resolved = path.resolve()
        for directory in _dirs_up_to(path.parent, root):
            entry = self._manifest_for(directory).get(resolved)
            if entry is not None:
                return entry
        return {}

    def _manifest_for(self, directory: Path) -> dict[Path, dict[str, Any]]:
        key = directory.resolve()
        if key not in self.manifests:
            self.manifests[key] = read_manifest(key / MANIFEST_NAME)
        return self.manifests[key]


class _IdSurvey:
    """The ids the inputs give, where each was last seen, and every place of the duplicated ones.

    A place is one int (file number << 32 | line, line 0 for a whole file)
    so the survey of a million-line input stays small.
    """

    def __init__(self) -> None:
        self.files: list[str] = []
        self._numbers: dict[Path, int] = {}
        self.where: dict[str, int] = {}
        self.dups: dict[str, list[int]] = {}

    def add(self, given: str | None, path: Path, line: int) -> None:
        """Note that ``path`` (at ``line``; 0 for a whole file) gives the id ``given``."""
        if given is None:
            return
        number = self._numbers.setdefault(path.resolve(), len(self.files))
        if number == len(self.files):
            self.files.append(str(path))
        code = number << 32 | line
        before = self.where.get(given)
        self.where[given] = code
        if before is None or before == code or code in self.dups.get(given, ()):
            return  # new, or the same place reached twice (one file given twice)
        self.dups.setdefault(given, [before]).append(code)

    def source(self, code: int) -> str:
        """The ``source`` the loader gives the article at this place."""
        name, line = self.files[code >> 32], code & 0xFFFFFFFF
        return f"{name}:{line}" if line else name

    def message(self) -> str:
        """One line naming the first duplicated id, its files and lines, and how many more there are."""
        given, codes = next(iter(self.dups.items()))
        parts: dict[str, list[str]] = {}
        for code in codes:
            parts.setdefault(self.files[code >> 32], []).append(str(code & 0xFFFFFFFF))
        places = " and ".join(
            f"{name} line{'s' if len(lines) > 1 else ''} {_and(lines)}" if lines != ["0"] else name
            for name, lines in parts.items()
        )
        more = len(self.dups) - 1
        return (
            f"duplicate article id {given!r}: {places}"
            + (f" (and {more} more id{'s' if more > 1 else ''} given twice)" if more else "")
            + "; give each article its own id, or choose which to keep with --dedupe first, last or suffix"
        )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _kind(path: Path, *, explicit: bool) -> Literal["manifest", "jsonl", "single"] | None:
    """How a file is read: a manifest named on the command line, JSONL, one article, or not at all.

    Files met in a folder walk are read only by their suffix; a file named
    on the command line is always tried as one article.
    """
    suffix = path.suffix.lower()
    if path.name == MANIFEST_NAME:
        return "manifest" if explicit else None
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES or suffix in TEXT_SUFFIXES or explicit:
        return "single"
    return None


def _jsonl_id(raw: bytes) -> str | None:
    """The id a JSONL line gives, read as :meth:`_Loader._jsonl_line` reads it; None for an unusable line."""
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return _str_or_none(obj.get("id")) if isinstance(obj, dict) else None


def _no_articles(folder: Path, files: list[Path]) -> str:
    """Why a folder gives no article: it is empty, or what it holds is not read."""
    if not files:
        return f"{folder} holds no files; give a folder of articles ({_READ_SUFFIXES})"
    names = [str(f.relative_to(folder)) for f in files]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    noun = "file" if len(names) == 1 else "files"
    return (
        f"{folder} holds no article files newsfacts reads ({_READ_SUFFIXES}); "
        f"skipped {len(names)} {noun}: {shown}"
    )


def read_manifest(manifest: Path) -> dict[Path, dict[str, Any]]:
    """Read a manifest's ``{id, file, published_at?, url?, title?, outlet?}`` lines, keyed by resolved file path.

    A missing manifest is simply no metadata; a malformed line is skipped
    because the files themselves still load (with hash ids).

    Args:
        manifest: Path of the ``manifest.jsonl`` file.

    Returns:
        Metadata per file, the file paths resolved against the manifest's directory.
    """
    entries: dict[Path, dict[str, Any]] = {}
    if not manifest.is_file():
        return entries
    with manifest.open("r", encoding="utf-8-sig", errors="replace") as handle:
        for line in handle:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("file"), str):
                fields = {k: obj.get(k) for k in ("id", "published_at", *_META_FIELDS)}
                entries[(manifest.parent / obj["file"]).resolve()] = fields
    return entries


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


def _declared_charset(data: bytes) -> str | None:
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


def _walk(directory: Path) -> list[Path]:
    """All files under ``directory``, recursively, in sorted path order (hidden entries skipped).

    Only the paths are held, never the contents, so memory stays small.
    """
    paths = [p for p in directory.rglob("*") if p.is_file() and not _hidden(p, directory)]
    return sorted(paths)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _dirs_up_to(start: Path, root: Path) -> Iterable[Path]:
    """``start`` and its parents up to and including ``root`` (just ``start`` if root is not above it)."""
    start_r, root_r = start.resolve(), root.resolve()
    yield start_r
    if root_r in start_r.parents:
        for parent in start_r.parents:
            yield parent
            if parent == root_r:
                return


def _read_limited(path: Path, max_chars: int) -> bytes:
    """Read a file's bytes, refusing before reading one that must exceed ``max_chars`` characters."""
    try:
        size = path.stat().st_size
        if size > 4 * max_chars + 4:
            raise InputError(f"file has {size:,} bytes, over the {max_chars:,}-character limit (--max-article-chars)")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(_os_error(exc)) from exc


def _safe_lines(handle: IO[bytes] | IO[str]) -> Iterator[tuple[int, str | None]]:
    """Number the lines of a stream, decoding bytes per line so one bad line spoils only itself."""
    raw: bytes | str
    for number, raw in enumerate(cast("Iterable[bytes | str]", handle), start=1):
        if isinstance(raw, str):
            yield number, raw
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, None


def _too_long(length: int, max_chars: int) -> str:
    return f"article has {length:,} characters, over the {max_chars:,} limit (--max-article-chars)"


def _os_error(exc: OSError) -> str:
    reason = exc.strerror or exc.__class__.__name__
    return reason[0].lower() + reason[1:] if reason else "cannot be read"


def _has_lone_surrogate(value: Any) -> bool:
    """True when a JSON value holds a string that cannot be written back as UTF-8 ("\\ud800")."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
