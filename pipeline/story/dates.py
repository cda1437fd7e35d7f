"""Dates as the merge compares them: the days a time expression can denote, and the event date window.

Two reports of one happening often give its date at different precision
("2024", "March 2024", "12 March") or a day apart; the merge treats a date
as an interval of days and lets unknown dates never block a match. Story
grouping and event matching both use these rules, so they live here.
"""

from __future__ import annotations

from datetime import date, timedelta

from schemas import ArticleResult, TimeExpression

#: Event dates this many days apart can still be the same happening.
EVENT_DATE_WINDOW_DAYS = 2


def _parse_iso(value: str) -> date | None:
    """A date from ISO text, or None for text that is not one."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def date_interval(expr: TimeExpression | None) -> tuple[date, date] | None:
    """First and last day a resolved time expression can denote, or None when unknown."""
    if expr is None or not expr.value:
        return None
    v = expr.value
    if len(v) == 4 and v.isdigit():
        return date(int(v), 1, 1), date(int(v), 12, 31)
    if len(v) == 7:
        first = _parse_iso(v + "-01")
        if first is None:
            return None
        nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        return first, nxt - timedelta(days=1)
    day = _parse_iso(v[:10])
    if day is None:
        return None
    last = _parse_iso(expr.end[:10]) if expr.end else None
    return day, max(day, last) if last else day


def dates_compatible(a: TimeExpression | None, b: TimeExpression | None) -> bool:
    """Unknown dates never block; known ones must come within the event date window."""
    ia, ib = date_interval(a), date_interval(b)
    if ia is None or ib is None:
        return True
    gap = max((ib[0] - ia[1]).days, (ia[0] - ib[1]).days, 0)
    return gap <= EVENT_DATE_WINDOW_DAYS


def published_day(line: ArticleResult) -> date | None:
    """The line's publication day, or None when unknown (unknown never blocks a link)."""
    return _parse_iso((line.metadata.published_at or "")[:10])
