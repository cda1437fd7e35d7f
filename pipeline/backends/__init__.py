"""Extractors behind the ``Backend`` seam: the model client (``llm``) and the offline rules (``heuristic``).

``make_backend`` is the one place that chooses between them from the settings.
"""

from __future__ import annotations

from pipeline.backends.heuristic.backend import HeuristicBackend
from pipeline.backends.llm.cache import ResponseCache
from pipeline.backends.llm.client import LLMBackend
from pipeline.extract.backend import Backend
from pipeline.extract.settings import ExtractConfig


def make_backend(config: ExtractConfig) -> Backend:
    """Build the backend the config names (with its cache, for the model backend)."""
    if config.backend == "heuristic":
        return HeuristicBackend()
    cache = ResponseCache(config.cache_path) if config.cache_path else None
    return LLMBackend(config.llm, cache=cache)


__all__ = ["HeuristicBackend", "LLMBackend", "make_backend"]
