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


@dataclass
class BackendResult:
    """What a backend returns for one text: the drafts and what they cost."""

    extraction: Extraction
    usage: Usage = field(default_factory=Usage)
    model_s: float = 0.0


class Backend(Protocol):
    """What the pipeline needs from an extractor."""

    name: str

    async def extract(
        self,
        article_id: str,
        text: str,
        published_at: str | None,
        check: Callable[[Extraction], list[str]] | None = None,
    ) -> BackendResult:
        """Drafts for ``text``."""
        ...

    async def aclose(self) -> None:
        """Release resources."""
        ...
