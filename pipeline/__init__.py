"""newsfacts: grounded Event, Actor, Quote and Agreement records from news articles.

The library API (the CLI is a thin layer over it)::

    from pipeline import ExtractConfig, extract_all, load_articles

    for line in extract_all(load_articles(["seeds/"]), ExtractConfig()):
        print(line.article_id, line.records.count())

Names are resolved lazily so that importing one stage (say ``pipeline.extract.ground``)
does not pull in the model client and everything else.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Article": "pipeline.io.articles",
    "LoadFailure": "pipeline.io.articles",
    "load_articles": "pipeline.io.articles",
    "ExtractConfig": "pipeline.extract.settings",
    "LLMSettings": "pipeline.extract.settings",
    "Summary": "pipeline.engines.summary",
    "extract_all": "pipeline.engines.local",
    "extract_stream": "pipeline.engines.local",
    "run_batch": "pipeline.engines.local",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
