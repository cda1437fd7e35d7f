"""The ids the inputs give, surveyed before any article is read.

One id given to two articles would have one replace the other downstream,
so the loader reads every given id first (JSONL ``id`` fields, manifest
``id`` entries) and refuses or renames duplicates by the ``dedupe`` rule.
The survey keeps one int per place, so a million-line input stays small;
it is its own module because it is a pass of its own, before the load.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class IdSurvey:
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


def jsonl_id(raw: bytes) -> str | None:
    """The id a JSONL line gives, read as :meth:`_Loader._jsonl_line` reads it; None for an unusable line."""
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return str_or_none(obj.get("id")) if isinstance(obj, dict) else None


def str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
