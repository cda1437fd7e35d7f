"""Resolve time expressions against the article's publication date.

News is written in the past tense about the recent past, so a bare weekday
means the most recent such day on or before publication, a bare month the most
recent such month, and a day-and-month without a year the nearest such date not
(much) after publication. ``dateparser`` handles the long tail of formats; the
rules here come first because they encode that news convention, which
``dateparser`` does not know (it reads "Thursday" relative to *now*, drops the
granularity of "last year", and invents a day for "in December").
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, datetime, timedelta

import dateparser
from dateparser.date import DateDataParser

from schemas import Granularity, TimeExpression

#: A day-and-month more than this many days after publication belongs to the previous year.
_FUTURE_SLACK_DAYS = 7

_MONTHS: dict[str, int] = {}
for _num in range(1, 13):
    _MONTHS[calendar.month_name[_num].lower()] = _num
    _MONTHS[calendar.month_abbr[_num].lower()] = _num
_MONTHS["sept"] = 9

_WEEKDAYS: dict[str, int] = {}
for _num in range(7):
    _WEEKDAYS[calendar.day_name[_num].lower()] = _num
    _WEEKDAYS[calendar.day_abbr[_num].lower()] = _num
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_YEAR_RE = r"(?:1[5-9]\d\d|2[01]\d\d)"


def parse_publication_date(value: str | None) -> str | None:
    """Normalise a publication date given in any common format to ISO ``YYYY-MM-DD``.

    Publication dates come from manifests, JSONL fields, HTML metadata and a
    flag, in whatever format those sources use; everything downstream wants
    one ISO date. A timestamp keeps its own calendar day (no conversion to
    UTC), because that is the day the article's "today" refers to.

    Args:
        value: The date as given, e.g. ``2025-03-14``, ``2025-03-14T09:00:00Z``
            or ``March 14, 2025``.

    Returns:
        The ISO date, or None when the value is empty or cannot be read as a full date.
    """
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"},
    )
    return parsed.date().isoformat() if parsed else None


def resolve_time(expression: str, published_at: str | None) -> TimeExpression:
    """Resolve a time expression as written to an ISO value at its own granularity.

    Args:
        expression: The expression exactly as it appears in the article
            ("Thursday night", "in December", "by September 2025", "last week").
        published_at: The article's publication date (ISO), the anchor of
            every relative expression; None when unknown.

    Returns:
        A TimeExpression keeping ``expression`` verbatim; ``value`` is None
        (and ``granularity`` None) when the expression cannot be resolved, or
        when it is relative and there is no publication date.
    """
    anchor_iso, resolved = _resolve(expression, published_at)
    if resolved is None:
        return TimeExpression(text=expression, anchor=anchor_iso)
    value, end, granularity = resolved
    return TimeExpression(text=expression, value=value, end=end, granularity=granularity, anchor=anchor_iso)


@functools.lru_cache(maxsize=1024)
def _resolve(expression: str, published_at: str | None) -> tuple[str | None, _Resolved | None]:
    """The anchor and the resolution of one expression; cached, as one story repeats its dates."""
    anchor = _anchor_date(published_at)
    cleaned = _clean(expression)
    resolved = _resolve_rules(cleaned, anchor) or _resolve_with_dateparser(cleaned, anchor)
    return (anchor.isoformat() if anchor else None), resolved


_Resolved = tuple[str, str | None, Granularity]


def _anchor_date(published_at: str | None) -> date | None:
    iso = parse_publication_date(published_at)
    return date.fromisoformat(iso) if iso else None


def _clean(expression: str) -> str:
    """Lower-case and fold punctuation so the rules see words, not typography."""
    text = expression.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"(\d),(\d{3})\b", r"\1\2", text)
    text = re.sub(r"\b(\d{1,2})[.-](\d{1,2})[.-](\d{4})\b", r"\1/\2/\3", text)
    text = re.sub(r"[,.;:!?()\"]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _resolve_rules(text: str, anchor: date | None) -> _Resolved | None:
    """Try each news-convention rule in order of specificity; the first that matches wins."""
    for rule in (
        _full_date,
        _numeric_date,
        _year_range,
        _month_year,
        _relative_word,
        _units_ago,
        _relative_period,
        _weekend,
        _day_month,
        _weekday,
        _month_only,
        _decade,
        _year_only,
    ):
        result = rule(text, anchor)
        if result is not None:
            return result
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_date(text: str, anchor: date | None) -> _Resolved | None:
    """Full dates ("March 13, 2024", "13 March 2024", "2024-03-13") are absolute and need no anchor."""
    patterns = (
        (rf"\b({_MONTH_RE}) (\d{{1,2}}) ({_YEAR_RE})\b", (3, 1, 2)),
        (rf"\b(\d{{1,2}}) (?:of )?({_MONTH_RE}) ({_YEAR_RE})\b", (3, 2, 1)),
        (rf"\b({_YEAR_RE})-(\d{{1,2}})-(\d{{1,2}})\b", (1, 2, 3)),
    )
    for pattern, (yi, mi, di) in patterns:
        match = re.search(pattern, text)
        if match:
            month = _month_number(match.group(mi))
            found = _safe_date(int(match.group(yi)), month, int(match.group(di)))
            if found:
                return found.isoformat(), None, Granularity.day
    return None


def _month_number(token: str) -> int:
    return int(token) if token.isdigit() else _MONTHS[token]


def _numeric_date(text: str, anchor: date | None) -> _Resolved | None:
    """Numeric dates ("14/03/2025", "3/14/2025"): the order is read from values over 12, else from the anchor.

    When both orders are valid ("03/04/2025") the one nearest the publication
    date (and not after it) wins; without an anchor it stays unresolved rather
    than guessed.
    """
    match = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text)
    if not match:
        return None
    first, second, year = (int(group) for group in match.groups())
    candidates = {
        found for found in (_safe_date(year, second, first), _safe_date(year, first, second)) if found
    }
    if len(candidates) > 1 and anchor is not None:
        ordered = sorted(candidates, key=lambda d: (d > anchor, abs((d - anchor).days)))
        candidates = {ordered[0]}
    if len(candidates) != 1:
        return None
    return candidates.pop().isoformat(), None, Granularity.day


def _year_range(text: str, anchor: date | None) -> _Resolved | None:
    """Year spans ("2014-2017", "from 2014 to 2017") are ranges over the whole years."""
    match = re.search(rf"\b({_YEAR_RE}) ?(?:-|to|and|through|until) ?({_YEAR_RE})\b", text)
    if not match or int(match.group(2)) <= int(match.group(1)):
        return None
    return f"{match.group(1)}-01-01", f"{match.group(2)}-12-31", Granularity.range


def _month_year(text: str, anchor: date | None) -> _Resolved | None:
    """A month with its year ("by September of 2025"): future allowed since the year is explicit."""
    match = re.search(rf"\b({_MONTH_RE}) (?:of )?({_YEAR_RE})\b", text)
    if not match:
        return None
    return f"{int(match.group(2)):04d}-{_MONTHS[match.group(1)]:02d}", None, Granularity.month


def _relative_word(text: str, anchor: date | None) -> _Resolved | None:
    """Days back from publication: "today", "yesterday", "last night", "the day before yesterday"."""
    if anchor is None:
        return None
    offsets = (
        (r"\bday before yesterday\b", 2),
        (r"\b(yesterday|last night)\b", 1),
        (r"\b(today|tonight|this morning|this afternoon|this evening|earlier today)\b", 0),
    )
    for pattern, days in offsets:
        if re.search(pattern, text):
            return (anchor - timedelta(days=days)).isoformat(), None, Granularity.day
    return None


def _small_number(token: str) -> int:
    words = dict.fromkeys(("a", "an", "one"), 1) | {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    words |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10}
    return int(token) if token.isdigit() else words[token]


def _relative_period(text: str, anchor: date | None) -> _Resolved | None:
    """Periods around publication: "last week", "last month", "earlier this month", "last year"..."""
    if anchor is None:
        return None
    rolling = re.search(r"\b(past|last) (week|month|year)\b", text)
    if rolling and re.search(r"\b(over|in|during|within) the (past|last)\b|\bthe past\b", text):
        days = {"week": 7, "month": 30, "year": 365}[rolling.group(2)]
        return (anchor - timedelta(days=days)).isoformat(), anchor.isoformat(), Granularity.range
    if re.search(r"\b(end of (the|this) year|year-end|year's end)\b", text):
        return f"{anchor.year:04d}", None, Granularity.year
    if re.search(r"\b(last|past|previous) week\b", text):
        monday = anchor - timedelta(days=anchor.weekday() + 7)
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat(), Granularity.range
    if re.search(r"\b(earlier|this) week\b", text):
        monday = anchor - timedelta(days=anchor.weekday())
        return monday.isoformat(), anchor.isoformat(), Granularity.range
    if re.search(r"\b(earlier|so far) this year\b|\bthis year so far\b", text):
        return anchor.replace(month=1, day=1).isoformat(), anchor.isoformat(), Granularity.range
    if re.search(r"\bearlier this month\b", text):
        return anchor.replace(day=1).isoformat(), anchor.isoformat(), Granularity.range
    if re.search(r"\b(last|past|previous) month\b", text):
        first = anchor.replace(day=1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}", None, Granularity.month
    if re.search(r"\bthis month\b", text):
        return f"{anchor.year:04d}-{anchor.month:02d}", None, Granularity.month
    if re.search(r"\b(last|past|previous) year\b", text):
        return f"{anchor.year - 1:04d}", None, Granularity.year
    if re.search(r"\b(this|current) year\b", text) and not re.search(rf"\b({_MONTH_RE})\b", text):
        return f"{anchor.year:04d}", None, Granularity.year
    return None


def _weekday(text: str, anchor: date | None) -> _Resolved | None:
    """A weekday is the most recent such day on or before publication ("next Monday" looks ahead)."""
    match = re.search(rf"\b(?:(next|last|this|coming) )?({_WEEKDAY_RE})\b", text)
    if not match or anchor is None:
        return None
    target = _WEEKDAYS[match.group(2)]
    back = (anchor.weekday() - target) % 7
    modifier = match.group(1)
    if modifier in ("next", "coming"):
        ahead = (target - anchor.weekday()) % 7 or 7
        return (anchor + timedelta(days=ahead)).isoformat(), None, Granularity.day
    if modifier == "last" and back == 0:
        back = 7
    return (anchor - timedelta(days=back)).isoformat(), None, Granularity.day


def _day_month(text: str, anchor: date | None) -> _Resolved | None:
    """A day and month ("March 13"): the anchor's year, or the previous one if that lands well after it."""
    match = re.search(rf"\b({_MONTH_RE}) (\d{{1,2}})\b(?! ?\d{{3}})", text) or re.search(
        rf"\b(\d{{1,2}}) (?:of )?({_MONTH_RE})\b", text
    )
    if not match or anchor is None:
        return None
    first, second = match.group(1), match.group(2)
    month, day = (_MONTHS[first], int(second)) if first in _MONTHS else (_MONTHS[second], int(first))
    found = _safe_date(anchor.year, month, day)
    if found is None:
        return None
    if (found - anchor).days > _FUTURE_SLACK_DAYS and not _looks_ahead(text):
        found = _safe_date(found.year - 1, month, day)
    if found is None:
        return None
    last = (
        re.match(r" ?(?:-|to|and|through|until) ?(\d{1,2})\b", text[match.end() :])
        if first in _MONTHS
        else None
    )
    end = _safe_date(found.year, month, int(last.group(1))) if last else None
    if end is not None and end > found:
        return found.isoformat(), end.isoformat(), Granularity.range
    return found.isoformat(), None, Granularity.day


def _looks_ahead(text: str) -> bool:
    """Words that mark a deadline or plan, where a later date is meant, not last year's."""
    return bool(re.search(r"\b(by|until|till|before|next|deadline|due|scheduled|expected|from now)\b", text))


def _month_only(text: str, anchor: date | None) -> _Resolved | None:
    """A bare month ("in December"): the most recent such month, or this year's for a deadline."""
    match = re.search(rf"\b({_MONTH_RE})\b", text)
    if not match or anchor is None:
        return None
    if _modal(text):
        return None
    month = _MONTHS[match.group(1)]
    year = anchor.year
    forward = _looks_ahead(text) or "this year" in text or re.search(r"\bnext\b", text)
    if month > anchor.month and not forward:
        year -= 1
    if re.search(r"\bnext\b", text) and month <= anchor.month:
        year += 1
    if re.search(r"\blast\b", text) and month >= anchor.month:
        year = anchor.year - 1
    return f"{year:04d}-{month:02d}", None, Granularity.month


def _modal(text: str) -> bool:
    """Whether a bare "may" (or "mar") is a verb: without a preposition or number it rarely is a month."""
    found = re.search(rf"\b({_MONTH_RE})\b", text)
    if found is None or found.group(1) not in ("may", "mar"):
        return False
    return not re.search(r"\b(in|since|by|until|of|last|early|late|mid|next|this|\d+)\b", text)


def _year_only(text: str, anchor: date | None) -> _Resolved | None:
    """A year ("in late 2022", "the 2003 invasion") is absolute and needs no anchor."""
    match = re.search(rf"(?<!\d)(?<!\d-)({_YEAR_RE})(?!\d|-\d)", text)
    if not match:
        return None
    return match.group(1), None, Granularity.year


def _units_ago(text: str, anchor: date | None) -> _Resolved | None:
    """Counted units back: "three years ago" is a year, "two months ago" a month, "a week ago" that week."""
    match = re.search(
        r"\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten) (day|week|month|year)s? ago\b", text
    )
    if not match or anchor is None:
        return None
    count = _small_number(match.group(1))
    unit = match.group(2)
    if unit == "day":
        return (anchor - timedelta(days=count)).isoformat(), None, Granularity.day
    if unit == "week":
        return _week_of(anchor - timedelta(weeks=count))
    if unit == "month":
        months = anchor.year * 12 + anchor.month - 1 - count
        return f"{months // 12:04d}-{months % 12 + 1:02d}", None, Granularity.month
    return f"{anchor.year - count:04d}", None, Granularity.year


def _week_of(day: date) -> _Resolved:
    """The Monday-to-Sunday week containing ``day``, as a range."""
    monday = day - timedelta(days=day.weekday())
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat(), Granularity.range


def _weekend(text: str, anchor: date | None) -> _Resolved | None:
    """A weekend is the most recent Saturday-Sunday on or before publication."""
    if anchor is None or not re.search(r"\bweekend\b", text) or re.search(r"\b(next|coming)\b", text):
        return None
    saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
    if re.search(r"\blast weekend\b", text) and anchor.weekday() >= 5:
        saturday -= timedelta(days=7)
    return saturday.isoformat(), (saturday + timedelta(days=1)).isoformat(), Granularity.range


def _decade(text: str, anchor: date | None) -> _Resolved | None:
    """A decade ("the 1990s") is a range over ten years, not the year 1990."""
    match = re.search(r"\b(1[5-9]\d0|20[0-9]0)'?s\b", text)
    if not match:
        return None
    start = int(match.group(1))
    return f"{start:04d}-01-01", f"{start + 9:04d}-12-31", Granularity.range


#: Durations and compound adjectives ("a 20-year presence", "for 20 years") are not points in time.
_DURATION = re.compile(
    r"\b\d+-(year|month|week|day|hour)s?\b|\b(for|over|within|in) (the )?(\d+|\w+) "
    r"(years|months|weeks|days|decades)\b|\bdecades?\b|\bcentur(y|ies)\b"
)
_DATEISH = re.compile(rf"\d|\b({_MONTH_RE}|{_WEEKDAY_RE}|ago|week|month|year|day|tomorrow|tonight)\b")
_PERIODS = {
    "day": Granularity.day,
    "month": Granularity.month,
    "year": Granularity.year,
    "week": Granularity.range,
}


def _resolve_with_dateparser(text: str, anchor: date | None) -> _Resolved | None:
    """The long tail of formats, read against the anchor; durations and far-future answers are refused."""
    if anchor is None or not _DATEISH.search(text) or _DURATION.search(text) or _modal(text):
        return None
    if re.fullmatch(r"\d{1,2}/\d{1,2}", text):
        return None  # "9/11" names an event far more often than a date of this year
    base = datetime(anchor.year, anchor.month, anchor.day, 12, 0)
    parser = DateDataParser(
        languages=["en"],
        settings={"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base, "RETURN_TIME_AS_PERIOD": True},
    )
    data = parser.get_date_data(text)
    granularity = _PERIODS.get(data.period or "")
    if data.date_obj is None or granularity is None:
        return None
    found = data.date_obj.date()
    if (found - anchor).days > _FUTURE_SLACK_DAYS and not _looks_ahead(text):
        return None
    if granularity is Granularity.range:
        return _week_of(found)
    if granularity is Granularity.month:
        return f"{found.year:04d}-{found.month:02d}", None, granularity
    if granularity is Granularity.year:
        return f"{found.year:04d}", None, granularity
    return found.isoformat(), None, granularity
