"""Trigger phrases the word list cannot express: the measure named before its verb, a ruling on a case.

The trigger list (``triggers``) knows active phrases ("introduced a ban",
"passed a law", "convicted"). News also names the measure first and gives
the act as a passive ("a curfew was imposed on Friday") or as a participle
after a comma ("the trade ban, introduced in 2018, hurt sales"): both are
legislation. And a judge who dismisses, throws out, rejects or upholds a
case has ruled on it: the happening is the ruling (a ``verdict``), not the
lawsuit, charge or appeal it is about; the phrase must name the legal
object, so "dismissed the criticism" is no ruling.
"""

from __future__ import annotations

import re

from pipeline.backends.heuristic.triggers import Hit
from pipeline.text.sentences import Segment
from schemas import EventType

#: On ASCII-lower-cased text, like the trigger list.
_MEASURE_THEN_ACT = re.compile(
    r"\b(?:bans?|laws?|bills?|curfews?|taxe?s?|regulations?|restrictions?)\b,?\s+"
    r"(?:(?:which|that)\s+)?(?:(?:was|were|has been|have been|had been|is|are)\s+)?"
    r"(?:first\s+)?(?:introduced|imposed|passed|enacted|adopted|approved|lifted)\b"
)
_RULED = re.compile(
    r"\b(?:dismissed|threw out|thrown out|rejected|upheld|overturned|struck down|quashed)\s+"
    r"(?:(?:a|an|the|his|her|its|their)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:lawsuits?|suits?|case|cases|charges?|appeals?|convictions?|claims?|petitions?|indictments?)\b"
)

#: A court's or judge's ruling: 'ruled' with a legal body earlier in the sentence ('a federal judge in
#: Texas ruled the practice unconstitutional'); not 'ruled out', not a ruler's 'ruled the country'.
_RULED_VERB = re.compile(
    r"\bruled\b(?!\s+out\b)|\breconsidered\s+(?:a|the|his|her|its|their)\s+(?:\w+\s+)?(?:ruling|decision|verdict)\b"
)
_LEGAL_BODY = re.compile(r"\b(?:court|courts|judges?|justices?|tribunal|magistrates?)\b")
_REACH = 120


def _court_rulings(lowered: str, seg: Segment) -> list[Hit]:
    return [
        (EventType.verdict, m)
        for m in _RULED_VERB.finditer(lowered, seg.start, seg.end)
        if _LEGAL_BODY.search(lowered, max(seg.start, m.start() - _REACH), m.start())
    ]


#: Each phrase with the type of the happening it reports, in the order their hits are listed.
_PHRASES: tuple[tuple[EventType, re.Pattern[str]], ...] = (
    (EventType.legislation, _MEASURE_THEN_ACT),
    (EventType.verdict, _RULED),
)


def phrase_hits(lowered: str, seg: Segment) -> list[Hit]:
    """Legislation named before its verb and rulings on a legal object, as trigger hits of the sentence."""
    hits = [(etype, m) for etype, pattern in _PHRASES for m in pattern.finditer(lowered, seg.start, seg.end)]
    return hits + _court_rulings(lowered, seg)
