"""The seam between the per-article core and whatever extracts: the ``Backend`` protocol and its result.

A backend (the model client, the heuristic rules, a test fake) turns one
text into drafts; the core grounds them. Backends import this module,
never the other way round, so a new backend needs no change here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from schemas import Extraction, Usage

#: The grounding check a backend may run on a candidate answer: its problems, none when it holds.
Check = Callable[[Extraction], list[str]]


@dataclass(frozen=True)
class ExtractRequest:
    """One text to extract from, with what a backend may need besides the text.

    ``published_at`` lets a model resolve relative dates; ``check`` is the
    article's grounding check, which a model backend runs on each answer so
    it can re-ask with the problems found.
    """

    article_id: str
    text: str
    published_at: str | None = None
    check: Check | None = None


@dataclass
class BackendResult:
    """What a backend returns for one text: the drafts and what they cost."""

    extraction: Extraction
    usage: Usage = field(default_factory=Usage)
    model_s: float = 0.0


class Backend(Protocol):
    """What the pipeline needs from an extractor."""

    name: str

    async def extract(self, request: ExtractRequest) -> BackendResult:
        """Drafts for ``request.text``."""
        ...

    async def aclose(self) -> None:
        """Release resources."""
        ...
