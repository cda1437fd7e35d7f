"""The one reader of extraction output: ``ArticleResult`` lines from a JSONL file, a Ray folder or a stream.

Export, review, merge and evaluation all read extraction lines through
:func:`read_results` (evaluation through :func:`result_lines`, because it
also counts the broken spans of hand-edited lines), so a format change is
made in one place and every command names a bad line the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError

from pipeline.core.errors import InputError
from pipeline.io.shards import extraction_files
from schemas import ArticleResult, Records

_HINT = "pass the JSONL written by 'newsfacts extract', not its errors file"


def result_lines(source: Path | BinaryIO | Iterable[str | bytes], name: str = "<stream>") -> Iterator[tuple[str, bytes | str]]:
    """Every non-blank line of an extraction output, with ``file:line`` naming it.

    Raises:
        InputError: the path is missing or unreadable.
    """
    if isinstance(source, Path):
        for file in extraction_files(source):
            try:
                handle = file.open("rb")
            except OSError as exc:
                raise InputError(f"cannot read {file}: {exc.strerror}; {_HINT}") from exc
            with handle:
                yield from _numbered(handle, str(file))
        return
    yield from _numbered(source, getattr(source, "name", name))


def _numbered(lines: Iterable[str | bytes], name: str) -> Iterator[tuple[str, bytes | str]]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield f"{name}:{number}", line


def parse_result(line: str | bytes, where: str, *, keep_broken_spans: bool = False) -> ArticleResult:
    """One extraction line; bytes let pydantic report bad UTF-8 as an error of that line.

    ``keep_broken_spans`` is for the scorer: the output model refuses a line
    whose spans no longer match its text, but a hand-edited file that breaks
    them is exactly what the grounding rate measures, so such a line is
    loaded with its records checked on their own and its broken spans kept.

    Raises:
        InputError: the line is not JSON or not an ``ArticleResult``.
    """
    try:
        return ArticleResult.model_validate_json(line)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        reason = f"{field}: {first['msg']}" if field else first["msg"]
        strict = InputError(f"{where}: not an extraction line ({reason}); {_HINT}")
    if not keep_broken_spans:
        raise strict
    try:
        data = json.loads(line)
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a JSON object; {_HINT}")
        records = Records.model_validate(data.get("records", {}))
        shell = ArticleResult.model_validate({**data, "records": {}})
    except ValueError as exc:
        raise strict from exc
    return shell.model_copy(update={"records": records})


def read_results(source: Path | BinaryIO | Iterable[str | bytes], name: str = "<stream>") -> Iterator[ArticleResult]:
    """Stream the ``ArticleResult`` lines of an extraction output (file, Ray folder, stream or lines).

    Raises:
        InputError: the path is missing or a line is not an extraction line.
    """
    for where, line in result_lines(source, name):
        yield parse_result(line, where)
