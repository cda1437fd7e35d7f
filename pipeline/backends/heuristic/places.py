"""Where an event happened: location, administrative region and country as written.

Looked for within the trigger's clause, nearest the trigger: a capitalised
name after "in/at/near" or "the city of", a "X Province"/"region of X"
phrase, and a country written where a place goes ("in X", "X's western
province") rather than as an actor. A place after the trigger ("killed in
X") beats one before it. Names of the article's actors and time
expressions are not places.
"""

from __future__ import annotations

import re

from pipeline.backends.heuristic.actors import ActorIndex
from pipeline.backends.heuristic.triggers import clause_at
from pipeline.backends.heuristic.vocab import COUNTRY_FORMS, COUNTRY_RE, STOPWORDS, place_names
from pipeline.text.sentences import Segment, time_expressions

_AT_PLACE = re.compile(
    r"\b(?:(?:in|at|near|outside|inside)\s+(?:the\s+)?|(?:city|town|village|port|capital|suburb) of\s+)"
    r"([A-Z][\w-]+(?:\s[A-Z][\w-]+){0,2})"
)
_REGION = re.compile(
    r"\b((?:[A-Z][\w'\u2019-]+\s){1,3}(?:[Pp]rovince|[Rr]egion|[Gg]overnorate|[Dd]istrict|[Cc]ounty|[Oo]blast))\b"
    r"|\b((?:[Pp]rovince|[Gg]overnorate|[Rr]egion|[Dd]istrict) of [A-Z][\w'\u2019-]+)"
)
_LOCATIVE = re.compile(
    r"\b(?:in|inside|within|across|into|to|from|near|throughout|over|of|on)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?\w+|south-?\w+)\s+)?"
    r"(?:[A-Z][\w.'\u2019-]*(?:\s[A-Z][\w.'\u2019-]*)*(?:,\s*(?:and\s+)?|\s+and\s+))*$"
)
_POSSESSIVE_PLACE = re.compile(
    r"[\w.]+['\u2019]s\s+(?:[a-z]+\s+)?[A-Z]?[\w-]+\s+(?:province|region|territory|border|governorate|district)"
)
#: A possessive ending ("X's"): a country so marked is an actor, unless a place noun follows.
POSSESSIVE = re.compile(r"['\u2019]s\b")


def event_place(
    text: str, sentence: Segment, index: ActorIndex, anchor: int
) -> tuple[str | None, str | None, str | None]:
    """(location, admin region, country) as written, nearest the trigger within its clause."""
    clause = clause_at(text, sentence, anchor)
    seg = Segment(max(clause.start, anchor - 120), min(clause.end, anchor + 120))
    regions = sorted(_REGION.finditer(text, seg.start, seg.end), key=lambda m: abs(m.start() - anchor))
    region = (regions[0].group(1) or regions[0].group(2)).strip() if regions else None
    countries = [
        m
        for m in COUNTRY_RE.finditer(text, seg.start, seg.end)
        if is_locative(text, m.start(), seg)
        and not (POSSESSIVE.match(text, m.end()) and not _POSSESSIVE_PLACE.match(text, m.start(), seg.end))
    ]
    # A place after the trigger ('killed in X') beats one before it ('the leader in X was killed').
    after = [m for m in countries if m.start() > anchor or m.start() - seg.start < 4] or countries
    country = min(after, key=lambda m: abs(m.start() - anchor)).group() if after else None
    named = {text[m.start : m.end] for m in index.mentions}
    spots = [
        m
        for m in _AT_PLACE.finditer(text, seg.start, seg.end)
        if _is_place_name(m.group(1), named) and (region is None or m.group(1) not in region)
    ]
    spot = min(spots, key=lambda m: abs(m.start() - anchor)).group(1) if spots else None
    return spot or _place_before(text, seg, anchor, named) or region or country, region, country


#: A place named right before the trigger noun ('the Bolotnaya Square protests', 'the Dorval Bridge crash').
_NAME_BEFORE = re.compile(r"(?<![\w'\u2019-])((?:[A-Z][\w'\u2019-]*\s){1,3})$")
_PLACE_NOUNS = frozenset(
    "Square Street Road Avenue Park Bridge Airport Station Stadium Market Harbour Harbor Port Beach "
    "Highway Motorway Mine Dam Field".split()
)


def _place_before(text: str, seg: Segment, anchor: int, named: set[str]) -> str | None:
    """The place that modifies the trigger noun: a name ending in a place noun, or a city name."""
    m = _NAME_BEFORE.search(text, max(seg.start, anchor - 60), anchor)
    name = m.group(1).strip() if m else ""
    if not name or not _is_place_name(name, named):
        return None
    return name if name.split()[-1] in _PLACE_NOUNS or name in place_names() else None


def _is_place_name(name: str, named: set[str]) -> bool:
    first = name.split()[0]
    return (
        first not in STOPWORDS
        and name not in COUNTRY_FORMS
        and name not in named
        and not time_expressions(name, Segment(0, len(name)))
    )


def is_locative(text: str, pos: int, seg: Segment) -> bool:
    """True when a name sits where a place goes ('in X', "X's western province")."""
    if _LOCATIVE.search(text, max(seg.start, pos - 80), pos):
        return True
    return _POSSESSIVE_PLACE.match(text, pos, min(seg.end, pos + 60)) is not None
