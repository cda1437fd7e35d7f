"""Score extraction output against hand-labelled gold, and check the gold itself.

Per article and record type, predicted records are paired one to one with
gold records by the Hungarian algorithm on the pair similarities of
``evals.similarity`` (weights documented there). A pair counts as a match
(TP) only at or above the threshold; unmatched predictions are FP, unmatched
gold records FN. Precision, recall and F1 are computed per type from TP/FP/FN
summed over articles, and overall (micro) from the sums over types.

Conventions for empty denominators, so that empty sides never divide by zero:

* nothing to find and nothing predicted (TP = FP = FN = 0): P = R = F1 = 1.0,
  because the extractor did exactly what was asked;
* one side empty and the other not: P = R = F1 = 0.0;
* otherwise the usual P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2PR/(P+R), with
  F1 = 0.0 when P + R = 0.

Field accuracy is judged on matched pairs only (a missed record has no
fields to judge); with no matched pairs it is None ("n/a"). The grounding rate
is the share of predicted spans whose offsets still give their text in the
prediction's own article text, over every prediction line (scored or not);
None when there are no spans. Articles in the gold but not in the predictions
count all their gold records as FN and are listed as missing; predictions for
articles without gold are listed as unscored and not scored.

The report models are in ``evals.score_models``, reading predictions and
gold in ``evals.load``, and the gold check in ``evals.gold_check``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from evals.gold_check import check_gold
from evals.load import load_gold, load_predictions, read_manifest
from evals.score_models import (
    TYPES,
    ArticleScore,
    Comparison,
    Counts,
    EvalReport,
    Evaluation,
    F1Delta,
    FieldScore,
    Grounding,
    GroupScore,
    Unmatched,
    total_counts,
)
from evals.similarity import KINDS, RecordKind, Resolver, assign
from pipeline.core.errors import ConfigError, InputError
from schemas import Actor, Agreement, ArticleResult, Event, GoldArticle, GroundingCounts, Quote, Records, Span

#: The scorer's API; ``check_gold`` and ``load_gold`` too, as ``newsfacts eval`` imports them from here.
__all__ = [
    "DEFAULT_THRESHOLD",
    "check_gold",
    "compare_reports",
    "describe",
    "evaluate",
    "grounding",
    "group_scores",
    "load_gold",
    "rebase",
    "score",
]

DEFAULT_THRESHOLD = 0.5
_DESCRIPTION_LEN = 90


def group_scores(report: EvalReport, manifest: Mapping[str, Mapping[str, Any]], key: str) -> list[GroupScore]:
    """Sum the scored articles by a manifest field (``domain``, ``story``); unlisted ones under ``-``."""
    by: dict[str, list[ArticleScore]] = {}
    for a in report.articles:
        if a.status == "scored":
            by.setdefault(str(manifest.get(a.article_id, {}).get(key) or "-"), []).append(a)
    return [
        GroupScore(group=g, articles=len(items), types={k: total_counts(a.types[k] for a in items) for k in TYPES})
        for g, items in sorted(by.items())
    ]


@dataclass
class _ArticleOutcome:
    counts: dict[str, Counts]
    fields: list[tuple[str, str, bool]] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)


def describe(record: Actor | Event | Quote | Agreement, resolver: Resolver) -> str:
    """A short description of a record for the missed/invented lists."""
    if isinstance(record, Actor):
        text = f"{record.name} ({record.type})"
    elif isinstance(record, Event):
        text = f"{record.type}: {record.summary}"
    elif isinstance(record, Quote):
        speaker = resolver.get(record.speaker_id)
        text = f"\u201c{record.text}\u201d \u2014 {speaker.name if speaker else 'no speaker'}"
    else:
        text = f"{record.subject} ({record.status})"
    text = " ".join(text.split())
    return text if len(text) <= _DESCRIPTION_LEN else text[: _DESCRIPTION_LEN - 1] + "\u2026"


def _unmatched(
    article_id: str,
    kind: str,
    side: Literal["missed", "invented"],
    records: Sequence[Any],
    keep: Iterable[int],
    best: np.ndarray,
    resolver: Resolver,
) -> list[Unmatched]:
    return [
        Unmatched(
            article_id=article_id,
            record_type=kind,
            side=side,
            record_id=records[i].id,
            description=describe(records[i], resolver),
            best_similarity=round(float(best[i]), 3),
        )
        for i in keep
    ]


def _score_kind(
    kind: RecordKind,
    pair: tuple[Records, Records],
    resolvers: tuple[Resolver, Resolver],
    threshold: float,
    article_id: str,
) -> tuple[Counts, list[tuple[str, str, bool]], list[Unmatched]]:
    """Pair one record type of one article and judge the matched pairs' fields."""
    pred: list[Any] = getattr(pair[0], kind.name)
    gold: list[Any] = getattr(pair[1], kind.name)
    matrix = np.zeros((len(pred), len(gold)))
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            matrix[i, j] = kind.similarity(p, g, resolvers)
    matches = assign(matrix, threshold)
    fields = [
        (kind.name, name, ok)
        for i, j, _ in matches
        for name, ok in kind.fields(pred[i], gold[j], resolvers).items()
    ]
    paired_pred, paired_gold = {i for i, _, _ in matches}, {j for _, j, _ in matches}
    best_pred = matrix.max(axis=1) if gold else np.zeros(len(pred))
    best_gold = matrix.max(axis=0) if pred else np.zeros(len(gold))
    unmatched = _unmatched(
        article_id, kind.name, "missed", gold,
        (j for j in range(len(gold)) if j not in paired_gold), best_gold, resolvers[1],
    ) + _unmatched(
        article_id, kind.name, "invented", pred,
        (i for i in range(len(pred)) if i not in paired_pred), best_pred, resolvers[0],
    )  # fmt: skip
    counts = Counts(tp=len(matches), fp=len(pred) - len(matches), fn=len(gold) - len(matches))
    return counts, fields, unmatched


def _nearest(haystack: str, needle: str, near: int) -> int:
    """Offset of the occurrence of ``needle`` closest to ``near``, or -1."""
    best, pos = -1, haystack.find(needle)
    while pos >= 0:
        if best < 0 or abs(pos - near) < abs(best - near):
            best = pos
        pos = haystack.find(needle, pos + 1)
    return best


def rebase(records: Records, gold_text: str) -> Records:
    """Move a prediction's spans onto the gold text when the two texts differ.

    Evidence overlap compares offsets, which only means something in one
    text; each span is looked up verbatim near its old offset, and spans not
    found in the gold text are dropped (they cannot overlap anything).
    """
    update: dict[str, list[Any]] = {}
    for kind in TYPES:
        moved = []
        for rec in getattr(records, kind):
            spans = []
            for s in rec.evidence:
                pos = _nearest(gold_text, s.text, s.start) if s.text else -1
                if pos >= 0:
                    spans.append(Span(start=pos, end=pos + len(s.text), text=s.text, match=s.match))
            moved.append(rec.model_copy(update={"evidence": spans}))
        update[kind] = moved
    return records.model_copy(update=update)


def _score_article(pred: ArticleResult, gold: GoldArticle, threshold: float) -> _ArticleOutcome:
    """Score one predicted article against its gold, every record type."""
    records = pred.records if pred.text == gold.text else rebase(pred.records, gold.text)
    resolvers = (Resolver(records.actors), Resolver(gold.records.actors))
    outcome = _ArticleOutcome(counts={})
    for kind in KINDS:
        counts, fields, unmatched = _score_kind(
            kind, (records, gold.records), resolvers, threshold, gold.article_id
        )
        outcome.counts[kind.name] = counts
        outcome.fields += fields
        outcome.unmatched += unmatched
    return outcome


def _missing_article(gold: GoldArticle) -> _ArticleOutcome:
    resolver = Resolver(gold.records.actors)
    counts = {k: Counts(fn=len(getattr(gold.records, k))) for k in TYPES}
    unmatched: list[Unmatched] = []
    for k in TYPES:
        recs = getattr(gold.records, k)
        unmatched += _unmatched(
            gold.article_id, k, "missed", recs, range(len(recs)), np.zeros(len(recs)), resolver
        )
    return _ArticleOutcome(counts=counts, unmatched=unmatched)


def grounding(predictions: Iterable[ArticleResult]) -> Grounding:
    """Count predicted spans whose offsets give their text in their own article."""
    out = Grounding()
    for pred in predictions:
        for _, _, span in pred.records.spans():
            out.spans += 1
            out.grounded += pred.text[span.start : span.end] == span.text
    return out


def _index(predictions: Iterable[ArticleResult]) -> tuple[dict[str, ArticleResult], list[str]]:
    """Predictions by article id, with warnings for repeated ids (the last line wins) and
    for references a hand-edited line left dangling."""
    by_id: dict[str, ArticleResult] = {}
    warnings: list[str] = []
    for pred in predictions:
        if pred.article_id in by_id:
            warnings.append(f"article {pred.article_id} appears more than once; the last line was scored")
        dangling = pred.records.dangling_references()
        if dangling:
            warnings.append(
                f"article {pred.article_id}: {len(dangling)} references name no actor of the line "
                f"(first: {dangling[0]}); they count as wrong"
            )
        by_id[pred.article_id] = pred
    return by_id, warnings


def _field_table(results: Iterable[tuple[str, str, bool]]) -> dict[str, dict[str, FieldScore]]:
    """Field accuracies per type, every checked field listed even with no matched pair."""
    table = {kind.name: {name: FieldScore() for name in kind.field_names} for kind in KINDS}
    for kind_name, name, ok in results:
        fs = table[kind_name][name]
        fs.total += 1
        fs.correct += ok
    return table


def score(
    predictions: Iterable[ArticleResult],
    gold: Mapping[str, GoldArticle],
    threshold: float = DEFAULT_THRESHOLD,
) -> EvalReport:
    """Score predicted records against gold records, article by article.

    Args:
        predictions: Output lines of an extraction run.
        gold: Gold articles by article id.
        threshold: Minimum pair similarity for a predicted and a gold record
            to count as the same record.

    Returns:
        The report: per-type and overall P/R/F1, field accuracies, grounding,
        per-article counts and every missed or invented record.

    Raises:
        ConfigError: The threshold is outside (0, 1].
    """
    if not 0.0 < threshold <= 1.0:
        raise ConfigError(f"threshold {threshold} is outside (0, 1]; pass a value such as 0.5")
    preds, warnings = _index(predictions)
    articles: list[ArticleScore] = []
    field_results: list[tuple[str, str, bool]] = []
    unmatched: list[Unmatched] = []
    for aid in sorted(gold):
        pred = preds.get(aid)
        outcome = _missing_article(gold[aid]) if pred is None else _score_article(pred, gold[aid], threshold)
        if pred is not None and pred.text != gold[aid].text:
            warnings.append(f"article {aid}: prediction text differs from the gold text; spans were rebased")
        status: Literal["scored", "missing"] = "missing" if pred is None else "scored"
        articles.append(ArticleScore(article_id=aid, status=status, types=outcome.counts))
        field_results += outcome.fields
        unmatched += outcome.unmatched
    types = {k: total_counts(a.types[k] for a in articles) for k in TYPES}
    return EvalReport(
        threshold=threshold,
        types=types,
        overall=total_counts(types.values()),
        fields=_field_table(field_results),
        grounding=grounding(preds.values()),
        attribution=_attribution(preds.values()),
        articles=articles,
        unmatched=unmatched,
        missing_articles=[a.article_id for a in articles if a.status == "missing"],
        unscored_articles=sorted(set(preds) - set(gold)),
        warnings=warnings,
    )


def _attribution(lines: Iterable[ArticleResult]) -> GroundingCounts:
    """What the extraction run's attribution checks did, over every predicted line."""
    total = GroundingCounts()
    for line in lines:
        total.add(line.grounding)
    return total


def compare_reports(primary: EvalReport, other: EvalReport) -> dict[str, F1Delta]:
    """Per-type and overall F1 of two reports side by side; delta is other minus primary."""
    rows = {k: (primary.types[k].f1, other.types[k].f1) for k in TYPES}
    rows["overall"] = (primary.overall.f1, other.overall.f1)
    return {k: F1Delta(primary=a, other=b, delta=b - a) for k, (a, b) in rows.items()}


def evaluate(
    predictions: Path,
    gold_dir: Path | Sequence[Path],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    compare: Path | None = None,
    articles_dir: Path | None = None,
) -> Evaluation:
    """Load a prediction file and the gold, score it, and optionally a second file.

    Args:
        predictions: Extraction JSONL to score.
        gold_dir: Directory of ``<article_id>.json`` gold files, or several
            scored together (an article id may appear in only one).
        threshold: Minimum pair similarity for a match.
        compare: Another extraction JSONL scored against the same gold.
        articles_dir: Folder whose ``manifest.jsonl`` gives each article's
            domain and story, for the per-group tables.

    Raises:
        InputError: A file cannot be read or parsed.
        ConfigError: The threshold is outside (0, 1].
    """
    dirs = [gold_dir] if isinstance(gold_dir, Path) else list(gold_dir)
    gold: dict[str, GoldArticle] = {}
    for directory in dirs:
        for aid, article in load_gold(directory).items():
            if aid in gold:
                raise InputError(f"article {aid} has gold in two folders ({directory} and another); keep one")
            gold[aid] = article
    report = score(load_predictions(predictions), gold, threshold)
    comparison = None
    if compare is not None:
        other = score(load_predictions(compare), gold, threshold)
        comparison = Comparison(predictions=str(compare), report=other, f1=compare_reports(report, other))
    groups: dict[str, list[GroupScore]] = {}
    if articles_dir is not None:
        manifest = read_manifest(articles_dir)
        if isinstance(manifest, str):
            raise InputError(manifest)
        groups = {key: group_scores(report, manifest, key) for key in ("domain", "story")}
    return Evaluation(
        predictions=str(predictions),
        gold=" + ".join(str(d) for d in dirs),
        report=report,
        compare=comparison,
        groups=groups,
    )
