"""Story grouping: which articles report the same story.

Two articles are linked when they were published within a week and share at
least two strong links: merged non-country actors, or one such actor plus
events of one type family within the event date window. Stories are the
connected components. Candidate pairs come from shared actors only, and an
actor named in more than ``MAX_LINK_ARTICLES`` articles is too common to be
evidence, so the cost stays far from all pairs of articles.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from pipeline.story.actors import resolve_actors
from pipeline.story.clustering import UnionFind
from pipeline.story.dates import EVENT_DATE_WINDOW_DAYS, date_interval, published_day
from pipeline.story.events import event_family
from schemas import ArticleResult

#: A story link key carried by more articles than this is too common to be evidence.
MAX_LINK_ARTICLES = 400
#: Articles published further apart than this are never put in one story.
PUBLISH_WINDOW_DAYS = 7


def _event_days(line: ArticleResult) -> dict[str, list[int]]:
    """Family -> day ordinals of the line's day-dated events: the event half of story links."""
    days: dict[str, set[int]] = defaultdict(set)
    for event in line.records.events:
        interval = date_interval(event.date)
        if interval is not None and interval[0] == interval[1]:
            days[event_family(event.type)].add(interval[0].toordinal())
    return {family: sorted(v) for family, v in days.items()}


def _shared_event_families(a: dict[str, list[int]], b: dict[str, list[int]]) -> int:
    """Number of event families in which the two articles have events within the date window."""
    return sum(
        any(abs(x - y) <= EVENT_DATE_WINDOW_DAYS for x in a[family] for y in b[family])
        for family in sorted(a.keys() & b.keys())
    )


def _published_close(a: date | None, b: date | None) -> bool:
    """Within the publication window, or unknown on either side."""
    return a is None or b is None or abs((a - b).days) <= PUBLISH_WINDOW_DAYS


def _actor_links(lines: list[ArticleResult]) -> dict[tuple[int, int], int]:
    """Article pairs -> number of non-country actor clusters they share (common clusters skipped)."""
    position = {line.article_id: i for i, line in enumerate(lines)}
    published = [published_day(line) for line in lines]
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for cluster in resolve_actors(lines, countries=False):
        members = sorted({position[ref.rpartition(":")[0]] for ref in cluster})
        if len(members) > MAX_LINK_ARTICLES:
            continue
        for n, a in enumerate(members):
            for b in members[n + 1 :]:
                if _published_close(published[a], published[b]):
                    shared[(a, b)] += 1
    return shared


def group_stories(lines: list[ArticleResult]) -> list[list[int]]:
    """Connected components of articles sharing two or more strong links.

    Candidate pairs come from shared merged actors only (so the cost follows
    the actors' spread, not the square of the article count); a shared event
    family within the date window then counts as a further link. Two
    articles whose only common ground is a busy news day stay apart.
    """
    days = [_event_days(line) for line in lines]
    uf = UnionFind(len(lines))
    for (a, b), count in sorted(_actor_links(lines).items()):
        if count >= 2 or count + _shared_event_families(days[a], days[b]) >= 2:
            uf.union(a, b)
    return uf.groups()
