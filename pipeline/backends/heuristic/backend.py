"""The heuristic extractor as a ``Backend``: generic rules, no model, no network."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.backends.heuristic.extractor import extract_drafts
from pipeline.extract.backend import BackendResult
from schemas import Extraction


class HeuristicBackend:
    """The offline default: generic rules, no model, no network."""

    name = "heuristic"

    async def extract(
        self,
        article_id: str,
        text: str,
        published_at: str | None,
        check: Callable[[Extraction], list[str]] | None = None,
    ) -> BackendResult:
        """Run the rules; their records are grounded like a model's."""
        return BackendResult(extract_drafts(text))

    async def aclose(self) -> None:
        """Nothing to release."""
