"""The heuristic extractor as a ``Backend``: generic rules, no model, no network."""

from __future__ import annotations

from pipeline.backends.heuristic.extractor import extract_drafts
from pipeline.extract.backend import BackendResult, ExtractRequest


class HeuristicBackend:
    """The offline default: generic rules, no model, no network."""

    name = "heuristic"

    async def extract(self, request: ExtractRequest) -> BackendResult:
        """Run the rules; their records are grounded like a model's."""
        return BackendResult(extract_drafts(request.text))

    async def aclose(self) -> None:
        """Nothing to release."""
