"""Passive and reduced-relative triggers: the measure named before its verb ('the ban, introduced in 2018').

The trigger list (``triggers``) knows active phrases ("introduced a ban",
"passed a law"). News also names the measure first and gives the act as a
passive ("a curfew was imposed on Friday") or as a participle after a comma
("the trade ban, introduced in 2018, hurt sales"). Both are legislation.
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
    r"(?:first\s+)?(?:introduced|imposed|passed|enacted|adopted|approved)\b"
)


def postnominal_hits(lowered: str, seg: Segment) -> list[Hit]:
    """Legislation named before its passive or participle verb, as trigger hits of the sentence."""
    return [(EventType.legislation, m) for m in _MEASURE_THEN_ACT.finditer(lowered, seg.start, seg.end)]
