"""Time expressions resolve against the publication date the way news readers read them."""

from __future__ import annotations

import pytest

from pipeline.text.dates import parse_publication_date, resolve_time
from schemas import Granularity

FRI = "2025-03-14"  # a Friday
MON = "2025-03-03"  # a Monday
NEW_YEAR = "2025-01-02"  # a Thursday, just after a year boundary
D, M, Y, R = Granularity.day, Granularity.month, Granularity.year, Granularity.range

CASES = [
    # weekdays: the most recent such day on or before publication, the same day included
    ("Thursday", FRI, "2025-03-13", None, D),
    ("on Friday", FRI, "2025-03-14", None, D),
    ("Thursday night", FRI, "2025-03-13", None, D),
    ("late Thursday", FRI, "2025-03-13", None, D),
    ("Saturday", FRI, "2025-03-08", None, D),
    ("last Friday", FRI, "2025-03-07", None, D),
    ("next Monday", FRI, "2025-03-17", None, D),
    ("Tuesday", MON, "2025-02-25", None, D),
    ("Sunday", MON, "2025-03-02", None, D),
    ("Monday", MON, "2025-03-03", None, D),
    ("Tuesday", NEW_YEAR, "2024-12-31", None, D),
    # days relative to publication
    ("yesterday", FRI, "2025-03-13", None, D),
    ("today", FRI, "2025-03-14", None, D),
    ("last night", FRI, "2025-03-13", None, D),
    ("five days ago", FRI, "2025-03-09", None, D),
    ("yesterday", "2025-03-01", "2025-02-28", None, D),
    # day and month: the year from the anchor, the previous one if well after it
    ("March 13", FRI, "2025-03-13", None, D),
    ("13 March", FRI, "2025-03-13", None, D),
    ("Mar. 13th", FRI, "2025-03-13", None, D),
    ("April 2", FRI, "2024-04-02", None, D),
    ("by April 2", FRI, "2025-04-02", None, D),
    ("December 30", NEW_YEAR, "2024-12-30", None, D),
    ("Thursday, March 6", FRI, "2025-03-06", None, D),
    # full dates are absolute
    ("March 13, 2024", FRI, "2024-03-13", None, D),
    ("13 March 2024", FRI, "2024-03-13", None, D),
    ("2025-03-10", FRI, "2025-03-10", None, D),
    # months: the most recent such month, never an invented day
    ("in December", FRI, "2024-12", None, M),
    ("in December", NEW_YEAR, "2024-12", None, M),
    ("in March", FRI, "2025-03", None, M),
    ("mid-December", FRI, "2024-12", None, M),
    ("September 2025", FRI, "2025-09", None, M),
    ("by September 2025", FRI, "2025-09", None, M),
    ("by September of this year", FRI, "2025-09", None, M),
    ("by September", FRI, "2025-09", None, M),
    ("last month", FRI, "2025-02", None, M),
    ("last month", NEW_YEAR, "2024-12", None, M),
    ("two months ago", FRI, "2025-01", None, M),
    # years
    ("last year", FRI, "2024", None, Y),
    ("last year", NEW_YEAR, "2024", None, Y),
    ("this year", FRI, "2025", None, Y),
    ("2003", FRI, "2003", None, Y),
    ("in late 2022", FRI, "2022", None, Y),
    ("the 2003 U.S. invasion", FRI, "2003", None, Y),
    ("late last year", FRI, "2024", None, Y),
    ("ten years ago", FRI, "2015", None, Y),
    # ranges
    ("last week", FRI, "2025-03-03", "2025-03-09", R),
    ("last week", NEW_YEAR, "2024-12-23", "2024-12-29", R),
    ("last week", MON, "2025-02-24", "2025-03-02", R),
    ("earlier this month", FRI, "2025-03-01", "2025-03-14", R),
    ("earlier this year", FRI, "2025-01-01", "2025-03-14", R),
    ("over the weekend", FRI, "2025-03-08", "2025-03-09", R),
    ("the 1990s", FRI, "1990-01-01", "1999-12-31", R),
    ("2014-2017", FRI, "2014-01-01", "2017-12-31", R),
    ("March 13-14", FRI, "2025-03-13", "2025-03-14", R),
    ("December 30-31", FRI, "2024-12-30", "2024-12-31", R),
    ("over the past year", FRI, "2024-03-14", "2025-03-14", R),
    # numeric dates: order from values over 12, else the reading nearest publication
    ("14/03/2025", FRI, "2025-03-14", None, D),
    ("03/14/2025", FRI, "2025-03-14", None, D),
    ("03/04/2025", FRI, "2025-03-04", None, D),
    ("13.03.2025", FRI, "2025-03-13", None, D),
    ("mid-2024", FRI, "2024", None, Y),
    ("by the end of the year", FRI, "2025", None, Y),
    ("in May", FRI, "2024-05", None, M),
]


@pytest.mark.parametrize(("expression", "published", "value", "end", "granularity"), CASES)
def test_resolves_against_publication_date(
    expression: str, published: str, value: str, end: str | None, granularity: Granularity
) -> None:
    result = resolve_time(expression, published)
    assert (result.value, result.end, result.granularity) == (value, end, granularity)
    assert result.text == expression
    assert result.anchor == published


@pytest.mark.parametrize(
    ("expression", "value", "granularity"),
    [
        ("Thursday", None, None),
        ("yesterday", None, None),
        ("in December", None, None),
        ("last year", None, None),
        ("March 13, 2024", "2024-03-13", D),
        ("September 2025", "2025-09", M),
        ("2003", "2003", Y),
    ],
)
def test_without_publication_date_only_absolute_expressions_resolve(
    expression: str, value: str | None, granularity: Granularity | None
) -> None:
    result = resolve_time(expression, None)
    assert (result.value, result.granularity, result.anchor) == (value, granularity, None)
    assert result.text == expression


@pytest.mark.parametrize(
    "expression",
    [
        "recently",
        "soon",
        "a 20-year military presence",
        "for two decades",
        "",
        "the operation",
        "may",
        "9/11",
        "in 1,000 years",
        "the following day",
    ],
)
def test_unresolvable_expressions_keep_text_and_no_value(expression: str) -> None:
    result = resolve_time(expression, FRI)
    assert (result.value, result.end, result.granularity) == (None, None, None)
    assert result.text == expression


def test_timestamp_anchor_uses_its_own_calendar_day() -> None:
    assert resolve_time("yesterday", "2025-03-14T23:30:00-05:00").value == "2025-03-13"
    assert resolve_time("yesterday", "2025-03-14T23:30:00-05:00").anchor == "2025-03-14"


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2025-03-14", "2025-03-14"),
        ("2025-03-14T09:00:00Z", "2025-03-14"),
        ("March 14, 2025", "2025-03-14"),
        ("14 March 2025", "2025-03-14"),
        ("not a date", None),
        ("", None),
        (None, None),
        ("March 2025", None),
    ],
)
def test_publication_dates_normalise_to_iso(raw: str | None, iso: str | None) -> None:
    assert parse_publication_date(raw) == iso
