"""Countries named in an article, and a compass-led place ('Northern X') that acts as a country.

A country's abbreviation ("US", "UK") is a noun only before punctuation, a
possessive or a verb ("the US said"); before another word it is a modifier
("US troops") and names no actor there. A compass word before a country
names another place: it is an actor only as the subject of a verb
("Southern X has banned ..."); where it only locates, neither it nor the
country inside it is a candidate.
"""

from __future__ import annotations

import re

from pipeline.backends.heuristic.vocab import COUNTRY_ABBREVIATIONS, COUNTRY_RE

ABBREVIATION_AS_NOUN = re.compile(
    r"(?:[,.;:)]|-[A-Z]|['\u2019]s\b|\s+(?:and|had|has|have|is|was|were|will|would|said|says|announced|agreed|"
    r"signed)\b|\s*$)"
)
_COMPASS_BEFORE = re.compile(
    r"(?<![\w-])(?:North|South|East|West|Northern|Southern|Eastern|Western|Central)\s$"
)
_PLACE_ACTS = re.compile(r"\s+(?:\w+ly\s+)?(?:has|had|have|is|was|will|would|said|says|\w{3,}ed)\b")


def country_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every country named as a possible actor, a compass-led acting place named whole."""
    out: list[tuple[int, int]] = []
    for m in COUNTRY_RE.finditer(text):
        if m.group() in COUNTRY_ABBREVIATIONS and not ABBREVIATION_AS_NOUN.match(text, m.end()):
            continue
        compass = _COMPASS_BEFORE.search(text, max(0, m.start() - 10), m.start())
        if compass is None:
            out.append(m.span())
        elif _PLACE_ACTS.match(text, m.end()):
            out.append((compass.start(), m.end()))
    return out
