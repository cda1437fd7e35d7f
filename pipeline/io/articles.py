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
and otherwise left alone except for newlines folded to ``\\n``
(``pipeline.io.decode``); which files are read is ``pipeline.io.files``, the
id survey ``pipeline.io.ids``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict

from pipeline.core.errors import InputError
from pipeline.io.decode import declared_charset, decode_bytes, html_to_text, normalize_newlines
from pipeline.io.files import (
    HTML_SUFFIXES,
    MANIFEST_NAME,
    MARKDOWN_SUFFIXES,
    META_FIELDS,
    dirs_up_to,
    file_kind,
    no_articles,
    os_error,
    read_limited,
    read_manifest,
    safe_lines,
    walk,
)
from pipeline.io.ids import IdSurvey, jsonl_id, str_or_none
from pipeline.text.dates import parse_publication_date
from pipeline.text.markdown import strip_markup
from schemas import ArticleMeta, LineWarning, WarningCode

#: What to do with an article whose given id an earlier one already has (``--dedupe``).
Dedupe = Literal["error", "first", "last", "suffix"]
DEDUPE_RULES: tuple[str, ...] = ("error", "first", "last", "suffix")
READ_SUFFIXES = ".txt, .md, .html, .htm, .jsonl"


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
        ids = IdSurvey()
        for item in inputs:
            path = Path(item)
            if item == "-" or not path.exists():
                continue
            if not path.is_dir():
                self._survey_file(path, path.parent, ids, explicit=True)
                continue
            files = self.walked[item] = walk(path)
            readable = [f for f in files if file_kind(f, explicit=False) in ("jsonl", "single")]
            if not readable:
                raise InputError(no_articles(path, files))
            for file in readable:
                self._survey_file(file, path, ids, explicit=False)
        if ids.dups and self.dedupe == "error":
            raise InputError(ids.message())
        if ids.dups and self.dedupe == "suffix":
            self.taken = set(ids.where)
        if self.dedupe == "last":
            self.keep_at = {given: ids.source(codes[-1]) for given, codes in ids.dups.items()}

    def _survey_file(self, path: Path, root: Path, ids: IdSurvey, *, explicit: bool) -> None:
        """Record the ids ``path`` gives, reading only what :meth:`_load_file` would read."""
        kind = file_kind(path, explicit=explicit)
        if kind == "manifest":
            for file in self._manifest_for(path.parent):
                self._survey_file(file, path.parent, ids, explicit=True)
        elif kind == "jsonl":
            try:
                with path.open("rb") as handle:
                    for number, raw in enumerate(handle, start=1):
                        if b'"id"' in raw:  # lines giving no id need no parsing
                            ids.add(jsonl_id(raw), path, number)
            except OSError:
                return  # the load itself reports the file
        elif kind == "single" and path.is_file():
            ids.add(str_or_none(self._manifest_entry(path, root).get("id")), path, 0)

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
            for file in self.walked.pop(item, None) or walk(path):
                yield from self._load_file(file, root=path, explicit=False)
        elif path.exists():
            yield from self._load_file(path, root=path.parent, explicit=True)
        else:
            yield LoadFailure(source=item, error="no such file or directory")

    def _load_file(self, path: Path, *, root: Path, explicit: bool) -> Iterator[Article | LoadFailure]:
        kind = file_kind(path, explicit=explicit)
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
            data = read_limited(path, self.max_chars)
            text, encoding = decode_bytes(data, declared=declared_charset(data) if is_html else None)
            html_meta: dict[str, Any] = {}
            if is_html:
                text, html_meta = html_to_text(text)
            elif path.suffix.lower() in MARKDOWN_SUFFIXES:
                text = strip_markup(text)
        except InputError as exc:
            return LoadFailure(source=source, error=str(exc), article_id=str_or_none(entry.get("id")))
        fields = {**html_meta, **{k: v for k, v in entry.items() if v is not None}}
        origin = "manifest" if entry.get("published_at") else "html"
        return self._finish(text, fields, source, encoding, origin)

    def _finish(
        self, text: str, fields: dict[str, Any], source: str, encoding: str, date_origin: str
    ) -> Article | LoadFailure:
        """Apply the checks every article passes (empty, size, duplicate) and build it."""
        text = normalize_newlines(text)
        given_id = str_or_none(fields.get("id"))
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
        meta = {name: str_or_none(fields.get(name)) for name in META_FIELDS}
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
            yield LoadFailure(source=str(path), error=os_error(exc))
            return
        with handle:
            yield from self._jsonl_stream(handle, str(path))

    def _jsonl_stream(self, handle: IO[bytes] | IO[str], name: str) -> Iterator[Article | LoadFailure]:
        """One article per non-blank line; a bad line is a failure and the stream goes on."""
        lines = safe_lines(handle)
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
        given_id = str_or_none(obj.get("id"))
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
        for directory in dirs_up_to(path.parent, root):
            entry = self._manifest_for(directory).get(resolved)
            if entry is not None:
                return entry
        return {}

    def _manifest_for(self, directory: Path) -> dict[Path, dict[str, Any]]:
        key = directory.resolve()
        if key not in self.manifests:
            self.manifests[key] = read_manifest(key / MANIFEST_NAME)
        return self.manifests[key]


def _too_long(length: int, max_chars: int) -> str:
    return f"article has {length:,} characters, over the {max_chars:,} limit (--max-article-chars)"


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
