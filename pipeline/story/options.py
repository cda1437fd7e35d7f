"""The options of ``newsfacts merge``, kept apart from the merger so the CLI builds its flags without importing it.

``source`` is what ``read_inputs`` reads (``-``: ``read_results`` on stdin)
before ``merge_articles``; ``output`` and ``jsonl`` say how the command writes
the result.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pipeline.core.options import option


class MergeOptions(BaseModel):
    """``newsfacts merge``: ``merge_articles(read_inputs(source))``, written to ``output`` (default: stdout)."""

    model_config = ConfigDict(extra="forbid")

    source: str = option(
        ...,
        "Extraction JSONL ('-' for stdin) or --engine ray folder, or a folder of GoldArticle JSON files.",
        argument=True,
    )
    output: Path | None = option(None, "Write here instead of stdout.", "-o", dir_okay=False)
    jsonl: bool = option(False, "One merged entity (or claim) per line instead of one JSON.")
