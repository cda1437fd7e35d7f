"""Clustering records into entities: union-find, blocked candidate pairs, one-article-apart unions.

Every entity kind of the merge (actors, events, quotes, agreements) is
clustered the same way: candidate pairs come only from blocks of records
sharing a key (so the cost follows the block sizes, not the square of the
record count), and the best pairs are unioned first. These primitives know
nothing of what a record is, so they live apart from the rules that decide
which records match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

#: Blocks with more distinct forms than this are compared by sorted neighbourhood.
MAX_BLOCK = 60
#: Neighbourhood width for big blocks.
NEIGHBOURHOOD = 12


class UnionFind:
    """Disjoint sets over 0..n-1; the smaller index is always the root (deterministic)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> int:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            ri, rj = min(ri, rj), max(ri, rj)
            self.parent[rj] = ri
        return ri

    def groups(self) -> list[list[int]]:
        """Members of each set, sets ordered by their smallest member."""
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return [out[r] for r in sorted(out)]


def candidate_pairs(keys_of: list[list[str]], sort_key: Callable[[int], str]) -> list[tuple[int, int]]:
    """Pairs of items sharing a blocking key; big blocks by sorted neighbourhood."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(keys_of):
        for k in keys:
            blocks[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for k in sorted(blocks):
        members = blocks[k]
        if len(members) <= MAX_BLOCK:
            pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1 :])
            continue
        ordered = sorted(members, key=lambda i: (sort_key(i), i))
        for n, a in enumerate(ordered):
            pairs.update((min(a, b), max(a, b)) for b in ordered[n + 1 : n + 1 + NEIGHBOURHOOD])
    return sorted(pairs)


def cluster_disjoint(
    n: int,
    pairs: Sequence[tuple[float, int, int]],
    articles: list[str],
    labels: list[str | None] | None = None,
) -> list[list[int]]:
    """Union best pairs first, never putting two records of one article together.

    Within one article the extractor (or labeller) already decided that two
    records are different happenings or different quotes. With ``labels``
    (quote speakers), a cluster also never holds two different known labels.
    """
    uf = UnionFind(n)
    seen: list[set[str]] = [{a} for a in articles]
    known: list[set[str]] = [{lab} if lab else set() for lab in (labels or [None] * n)]
    for _, a, b in sorted(pairs):
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb or seen[ra] & seen[rb] or len(known[ra] | known[rb]) > 1:
            continue
        root = uf.union(ra, rb)
        seen[root], known[root] = seen[ra] | seen[rb], known[ra] | known[rb]
    return uf.groups()
