"""Merged values with their sources, and the ids merged entities get.

A merged entity keeps every value the articles stated (names, dates,
statuses) grouped by normalised value with the records that stated it,
most-stated first, and entities are numbered in a stable order. These rules
are the same for every entity kind, and keeping them in one place is what
makes the merge output sorted throughout: the same input gives the same
bytes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from schemas.story import MergedActor, MergedAgreement, MergedEvent, MergedQuote, SourcedValue

_M = TypeVar("_M", MergedActor, MergedEvent, MergedQuote, MergedAgreement)


def sourced(items: Iterable[tuple[str, str]], key: Callable[[str], str]) -> list[SourcedValue]:
    """Group (value, ref) pairs by normalised value; most-stated first, then by value."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for value, ref in sorted(items, key=lambda vr: (vr[1], vr[0])):
        groups[key(value)].append((value, ref))
    out = [
        SourcedValue(
            value=members[0][0],
            articles=sorted({ref.rpartition(":")[0] for _, ref in members}),
            sources=sorted({ref for _, ref in members}),
        )
        for members in groups.values()
    ]
    return sorted(out, key=lambda v: (-len(v.articles), key(v.value), v.value))


def numbered(prefix: str, items: list[_M], order: Callable[[_M], tuple[Any, ...]]) -> list[_M]:
    """Give ids P1, P2... in the caller's order (ties broken by sources) and return them so sorted."""
    ranked = sorted(items, key=lambda item: (order(item), item.sources))
    for n, item in enumerate(ranked, 1):
        item.id = f"{prefix}{n}"
    return ranked


def most_common(values: list[str]) -> str:
    """The most frequent value, ties broken alphabetically so the output never depends on order."""
    counts: dict[str, int] = defaultdict(int)
    for v in values:
        counts[v] += 1
    return min(counts, key=lambda v: (-counts[v], v))
