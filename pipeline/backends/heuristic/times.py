"""Time expressions as the heuristic rules read them.

``pipeline.text.sentences.time_expressions`` is the one pattern of time
expressions: whole words only ("May" is no date in "Mayor"), the relative
days capitalised at a sentence start ("Yesterday, the minister said"), the
parts of the day ("last night", "this morning"), counted units back ("three
weeks ago") and years after a capitalised preposition ("In 2015, the
firm"), all of which ``pipeline.text.dates`` resolves. This module once
patched those gaps for the heuristic rules; it now only names the seam the
event, statement and agreement rules date through.
"""

from __future__ import annotations

from pipeline.text.sentences import Segment, time_expressions


def dates_in(text: str, seg: Segment) -> list[Segment]:
    """The time expressions inside ``seg``, in text order (see the module docstring)."""
    return time_expressions(text, seg)
