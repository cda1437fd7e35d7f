"""What the heuristic backend finds in an invented text: the event and actor views its rule tests assert on."""

from __future__ import annotations

from pipeline.backends.heuristic.events import EventInfo, find_events
from pipeline.backends.heuristic.extractor import extract_drafts
from pipeline.backends.heuristic.parsed import ParsedArticle


def heuristic_events(text: str) -> list[EventInfo]:
    """The events the heuristic finds in ``text``."""
    return find_events(ParsedArticle.parse(text))


def event_types(text: str) -> list[str]:
    """The type of each event the heuristic finds in ``text``, in order."""
    return [e.type.value for e in heuristic_events(text)]


def actor_names(text: str) -> list[str]:
    """The name of each actor the heuristic drafts from ``text``."""
    return [a.name for a in extract_drafts(text).actors]
