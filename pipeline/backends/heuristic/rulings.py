"""Court rulings in words the trigger list lacks: 'dismissed the lawsuit', 'upheld the conviction'.

A judge who dismisses, throws out, rejects or upholds a case has ruled on
it: the happening is the ruling (a ``verdict``), not the lawsuit, charge or
appeal the ruling is about. The phrase must name the legal object, so
"dismissed the criticism" is no ruling.
"""

from __future__ import annotations

import re

from pipeline.backends.heuristic.triggers import Hit
from pipeline.text.sentences import Segment
from schemas import EventType

#: On ASCII-lower-cased text, like the trigger list.
_RULED = re.compile(
    r"\b(?:dismissed|threw out|thrown out|rejected|upheld|overturned|struck down|quashed)\s+"
    r"(?:(?:a|an|the|his|her|its|their)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:lawsuits?|suits?|case|cases|charges?|appeals?|convictions?|claims?|petitions?|indictments?)\b"
)


def ruling_hits(lowered: str, seg: Segment) -> list[Hit]:
    """A ruling on a legal object, as verdict trigger hits of the sentence."""
    return [(EventType.verdict, m) for m in _RULED.finditer(lowered, seg.start, seg.end)]
