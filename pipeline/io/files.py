"""Which input files are articles, and reading them safely: folder walks, manifests, bounded reads.

A folder is walked in sorted path order with hidden entries skipped; a file
is read by its suffix (or, named on the command line, always tried as one
article); ``manifest.jsonl`` files give per-file metadata; and reads are
bounded and per-line so one huge or undecodable input fails alone. These
are facts about the file system, kept apart from what the loader makes of
the contents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Literal, cast

from pipeline.core.errors import InputError

#: File name of the per-directory metadata file (never itself articles when met in a directory).
MANIFEST_NAME = "manifest.jsonl"
TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".markdown"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
META_FIELDS = ("url", "title", "outlet")
READ_SUFFIXES = ".txt, .md, .html, .htm, .jsonl"


def file_kind(path: Path, *, explicit: bool) -> Literal["manifest", "jsonl", "single"] | None:
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


def no_articles(folder: Path, files: list[Path]) -> str:
    """Why a folder gives no article: it is empty, or what it holds is not read."""
    if not files:
        return f"{folder} holds no files; give a folder of articles ({READ_SUFFIXES})"
    names = [str(f.relative_to(folder)) for f in files]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    noun = "file" if len(names) == 1 else "files"
    return (
        f"{folder} holds no article files newsfacts reads ({READ_SUFFIXES}); "
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
                fields = {k: obj.get(k) for k in ("id", "published_at", *META_FIELDS)}
                entries[(manifest.parent / obj["file"]).resolve()] = fields
    return entries


def walk(directory: Path) -> list[Path]:
    """All files under ``directory``, recursively, in sorted path order (hidden entries skipped).

    Only the paths are held, never the contents, so memory stays small.
    """
    paths = [p for p in directory.rglob("*") if p.is_file() and not _hidden(p, directory)]
    return sorted(paths)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def dirs_up_to(start: Path, root: Path) -> Iterable[Path]:
    """``start`` and its parents up to and including ``root`` (just ``start`` if root is not above it)."""
    start_r, root_r = start.resolve(), root.resolve()
    yield start_r
    if root_r in start_r.parents:
        for parent in start_r.parents:
            yield parent
            if parent == root_r:
                return


def read_limited(path: Path, max_chars: int) -> bytes:
    """Read a file's bytes, refusing before reading one that must exceed ``max_chars`` characters."""
    try:
        size = path.stat().st_size
        if size > 4 * max_chars + 4:
            raise InputError(f"file has {size:,} bytes, over the {max_chars:,}-character limit (--max-article-chars)")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(os_error(exc)) from exc


def safe_lines(handle: IO[bytes] | IO[str]) -> Iterator[tuple[int, str | None]]:
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


def os_error(exc: OSError) -> str:
    reason = exc.strerror or exc.__class__.__name__
    return reason[0].lower() + reason[1:] if reason else "cannot be read"


def read_json_file(path: Path, flag: str, producer: str) -> Any:
    """A whole JSON file another newsfacts command wrote, with a one-line error naming the file and its maker.

    Raises:
        InputError: the file cannot be read, is not UTF-8, or is not JSON.
    """
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}; check the {flag} path") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        reason = f"{exc.msg} at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        raise InputError(f"{path} is not JSON ({reason}); pass the file written by '{producer}'") from None
