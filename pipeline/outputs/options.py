"""The options of ``newsfacts review`` and ``newsfacts export``, named as ``render_review`` and ``export`` name them.

Kept apart from the renderers so the CLI builds its flags (and ``--help``)
without importing Jinja or SQLAlchemy; each field is a keyword of the
function it feeds (``--batch-size`` is ``export(batch_size=...)``), except
where the command writes the result itself (``review -o``).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, model_validator

from pipeline.core.errors import OptionError
from pipeline.core.options import option

_EXTRACTION = "Extraction JSONL (or --engine ray folder) of 'newsfacts extract'"


class ReviewOptions(BaseModel):
    """``newsfacts review``: ``render_review(jsonl, story=, eval_report=)``, the page written to ``output``."""

    model_config = ConfigDict(extra="forbid")

    jsonl: Path = option(..., f"{_EXTRACTION}; - for stdin.", argument=True)
    story: Path | None = option(None, "Story JSON written by 'newsfacts merge'.", dir_okay=False)
    eval_report: Path | None = option(
        None, "JSON report of 'newsfacts eval': marks invented and missed records.", "--eval", dir_okay=False
    )
    output: Path | None = option(None, "Write the HTML here instead of stdout.", "-o", dir_okay=False)


class ExportOptions(BaseModel):
    """``newsfacts export``: ``export(jsonl, db=, story=, batch_size=)``, or ``ddl(db)`` with ``ddl``."""

    model_config = ConfigDict(extra="forbid")

    jsonl: Path | None = option(None, f"{_EXTRACTION}.", argument=True)
    story: Path | None = option(
        None, "Story JSON written by 'newsfacts merge'; replaces all stories.", dir_okay=False
    )
    db: str | None = option(None, "sqlite:///file.db (default: newsfacts.db here) or postgresql://user@host/dbname.")
    ddl: bool = option(False, "Print the CREATE TABLE/INDEX statements for --db's dialect; touch no database.")
    batch_size: int = option(500, "Articles per batch of inserts.", ge=1)

    @model_validator(mode="after")
    def _something_to_do(self) -> ExportOptions:
        if not self.ddl and self.jsonl is None and self.story is None:
            raise OptionError("JSONL", "give the extraction JSONL, --story FILE, or --ddl")
        return self
