"""The options of ``newsfacts eval`` and ``newsfacts bench``, named as the scorer and the benchmark name them.

Kept apart from ``evals.score`` and ``evals.bench`` so the CLI builds its
flags (and ``--help``) without importing either: ``--fail-under`` is the
field ``fail_under``. ``EvalOptions`` checks what cannot be scored before any
file is read; ``BenchOptions`` is what ``run_bench`` takes and what its JSON
report repeats.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from pipeline.core.errors import OptionError
from pipeline.core.options import option

if TYPE_CHECKING:
    from pipeline.io.articles import Article

#: Where ``--check-gold`` finds the article texts when ``--articles`` is not given.
SEEDS = Path("seeds")


class EvalOptions(BaseModel):
    """``newsfacts eval``: ``evaluate(predictions, gold, ...)``, ``check_gold`` or ``evaluate_merge``."""

    model_config = ConfigDict(extra="forbid")

    predictions: Path | None = option(None, "Extraction JSONL (or --engine ray folder) to score.", argument=True)
    gold: list[Path] = option(
        [Path("evals/gold")], "Folder of <article_id>.json gold files; repeat to score several sets together."
    )
    json_out: Path | None = option(None, "Write the full report as JSON here.", "--json", dir_okay=False)
    markdown: Path | None = option(None, "Write the full Markdown report here.", dir_okay=False)
    fail_under: float | None = option(None, "Exit 1 when overall F1 is below this.", ge=0, le=1)
    compare: Path | None = option(None, "Another extraction JSONL (or folder) to score side by side.")
    threshold: float = option(0.5, "Minimum pair similarity (0-1] for a match.")
    check_gold: bool = option(False, "Only check the gold files: spans, references, ids, texts.")
    articles: Path | None = option(
        None,
        "Folder with manifest.jsonl: scores per domain and per story; for --check-gold, "
        "the texts to check against (default: seeds/).",
    )
    merged: Path | None = option(
        None,
        "Score this story JSON from 'newsfacts merge' against <gold>/merge/; PREDICTIONS = the JSONL "
        "it was merged from (not needed when merged from gold).",
        dir_okay=False,
    )

    @field_validator("threshold")
    @classmethod
    def _similarity(cls, value: float) -> float:
        if not 0 < value <= 1:
            raise ValueError("use a value above 0 and at most 1, such as 0.5")
        return value

    @model_validator(mode="after")
    def _one_task(self) -> EvalOptions:
        """Refuse what names no task, or two gold folders where one is read; give --check-gold its texts."""
        if len(self.gold) > 1 and (self.check_gold or self.merged is not None):
            raise OptionError("--gold", "--check-gold and --merged take one gold folder")
        if self.predictions is None and not self.check_gold and self.merged is None:
            raise OptionError("PREDICTIONS", "give the extraction JSONL to score, or --check-gold")
        if self.check_gold and self.articles is None and (SEEDS / "manifest.jsonl").is_file():
            self.articles = SEEDS
        return self


#: Paragraphs of a realistic article: about 3,000 characters, a typical news story's length.
REALISTIC_PARAGRAPHS = 36


class BenchOptions(BaseModel):
    """What one benchmark run (``evals.bench.run_bench``) measures; ``newsfacts bench`` takes these as flags."""

    model_config = ConfigDict(extra="forbid")

    # Enough articles that start-up (about a second) is a small share.
    articles: int = option(10_000, "Synthetic articles through the pipeline.", ge=1)
    concurrency: int = option(64, "Articles in flight at once.", ge=1)
    latency: float = option(0.2, "Seconds the mock model waits before each answer.", ge=0)
    sequential_articles: int = option(50, "Articles for the sequential loop.", ge=1)
    workers: int = option(2, "Processes for the pipeline's second row (1: no second row).", ge=1)
    baselines: bool = option(True, "Also time plain instructor and openai loops.")
    # Off: the mock serves answers computed before the clock starts (see evals.bench).
    live_answers: bool = option(False, "The mock runs the heuristic per request (costs its CPU).")
    realistic: bool = option(False, "3 KB articles and flawed answers: re-asks, drops, tokens.")
    memory_check: bool = option(False, "Peak memory at 1,000 vs 20,000 articles instead.")
    json_out: Path | None = option(None, "Also write the results as JSON here.", "--json", exclude=True)
    seed: int = option(0, "Seed of the synthetic articles and of the realistic answers' flaws.")

    def make_articles(self, n: int) -> Iterator[Article]:
        """The workload's articles: about 530 characters each, or about 3 KB when realistic."""
        from evals.synth import generate_articles

        return generate_articles(n, self.seed, paragraphs=REALISTIC_PARAGRAPHS if self.realistic else 6)
