"""What the scorer reports: TP/FP/FN tallies, their precision, recall and F1, and the report models.

The conventions for empty sides (nothing to find and nothing predicted
scores 1.0; one side empty scores 0.0) are defined once, in ``prf``, and
every tally computes its scores from its counts, so micro-averaging adds
counts and never scores. These are plain data shared by the scorer, the
report renderer and the CLI, kept apart from the matching that fills them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from evals.similarity import KINDS
from schemas import GroundingCounts

#: Record types in report order, named like the fields of ``Records``.
TYPES: tuple[str, ...] = tuple(k.name for k in KINDS)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 with the module's conventions for empty sides."""
    if tp + fp + fn == 0:
        return 1.0, 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


class Counts(BaseModel):
    """TP/FP/FN of one record type (or of all types) and the scores they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float:
        """TP / (TP + FP), see the module docstring for empty sides."""
        return prf(self.tp, self.fp, self.fn)[0]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float:
        """TP / (TP + FN), see the module docstring for empty sides."""
        return prf(self.tp, self.fp, self.fn)[1]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        return prf(self.tp, self.fp, self.fn)[2]

    def __add__(self, other: Counts) -> Counts:
        """Sum two tallies (micro-averaging adds counts, never scores)."""
        return Counts(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)


def total_counts(counts: Iterable[Counts]) -> Counts:
    out = Counts()
    for c in counts:
        out = out + c
    return out


class FieldScore(BaseModel):
    """How often one field agrees on matched pairs."""

    correct: int = 0
    total: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def accuracy(self) -> float | None:
        """correct / total, None when no pair was matched."""
        return self.correct / self.total if self.total else None


class Grounding(BaseModel):
    """Predicted spans whose offsets still give their text."""

    spans: int = 0
    grounded: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rate(self) -> float | None:
        """grounded / spans, None when there are no spans."""
        return self.grounded / self.spans if self.spans else None


class ArticleScore(BaseModel):
    """One gold article's TP/FP/FN per type; status "missing" when it was not predicted."""

    article_id: str
    status: Literal["scored", "missing"]
    types: dict[str, Counts]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def overall(self) -> Counts:
        """Counts summed over the record types."""
        return total_counts(self.types.values())


class Unmatched(BaseModel):
    """A gold record nobody found ("missed") or a prediction with no gold partner ("invented")."""

    article_id: str
    record_type: str
    side: Literal["missed", "invented"]
    record_id: str
    description: str
    best_similarity: float


class EvalReport(BaseModel):
    """Everything the scorer measured for one prediction file."""

    threshold: float
    types: dict[str, Counts]
    overall: Counts
    fields: dict[str, dict[str, FieldScore]]
    grounding: Grounding
    attribution: GroundingCounts = Field(
        default_factory=GroundingCounts, description="The run's own attribution checks, summed over the scored file."
    )
    articles: list[ArticleScore]
    unmatched: list[Unmatched]
    missing_articles: list[str]
    unscored_articles: list[str]
    warnings: list[str]


class F1Delta(BaseModel):
    """One row of a side-by-side comparison: F1 of each file and other minus primary."""

    primary: float
    other: float
    delta: float


class Comparison(BaseModel):
    """A second prediction file scored against the same gold."""

    predictions: str
    report: EvalReport
    f1: dict[str, F1Delta]


class GroupScore(BaseModel):
    """The scored articles of one domain or story together."""

    group: str
    articles: int
    types: dict[str, Counts]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def overall(self) -> Counts:
        """Counts summed over the record types."""
        return total_counts(self.types.values())


class Evaluation(BaseModel):
    """What ``newsfacts eval`` reports: the score of a file and, optionally, a comparison."""

    predictions: str
    gold: str
    report: EvalReport
    compare: Comparison | None = None
    groups: dict[str, list[GroupScore]] = Field(
        default_factory=dict, description="Per 'domain' and per 'story' of the manifest (with --articles)."
    )
