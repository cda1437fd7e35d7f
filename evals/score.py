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
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field, ValidationError, computed_field

from evals.similarity import KINDS, RecordKind, Resolver, assign
from pipeline.core.errors import ConfigError, InputError
from pipeline.io.results import parse_result, result_lines
from schemas import Actor, Agreement, ArticleResult, Event, GoldArticle, GroundingCounts, Quote, Records, Span

#: Record types in report order, named like the fields of ``Records``.
TYPES: tuple[str, ...] = tuple(k.name for k in KINDS)
DEFAULT_THRESHOLD = 0.5
_DESCRIPTION_LEN = 90


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


def _total(counts: Iterable[Counts]) -> Counts:
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
        return _total(self.types.values())


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
        return _total(self.types.values())


class Evaluation(BaseModel):
    """What ``newsfacts eval`` reports: the score of a file and, optionally, a comparison."""

    predictions: str
    gold: str
    report: EvalReport
    compare: Comparison | None = None
    groups: dict[str, list[GroupScore]] = Field(
        default_factory=dict, description="Per 'domain' and per 'story' of the manifest (with --articles)."
    )


def group_scores(report: EvalReport, manifest: Mapping[str, Mapping[str, Any]], key: str) -> list[GroupScore]:
    """Sum the scored articles by a manifest field (``domain``, ``story``); unlisted ones under ``-``."""
    by: dict[str, list[ArticleScore]] = {}
    for a in report.articles:
        if a.status == "scored":
            by.setdefault(str(manifest.get(a.article_id, {}).get(key) or "-"), []).append(a)
    return [
        GroupScore(group=g, articles=len(items), types={k: _total(a.types[k] for a in items) for k in TYPES})
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
    types = {k: _total(a.types[k] for a in articles) for k in TYPES}
    return EvalReport(
        threshold=threshold,
        types=types,
        overall=_total(types.values()),
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


def parse_prediction(line: str | bytes, where: str) -> ArticleResult:
    """Parse one output line, accepting spans that no longer match the text.

    The output model refuses a line whose spans do not match its text, but
    a hand-edited file that breaks them is exactly what the grounding rate
    is there to measure; such a line is loaded with its records checked on
    their own and its broken spans kept for counting.

    Raises:
        InputError: The line is not JSON or not an output line.
    """
    try:
        return parse_result(line, where)
    except InputError as exc:
        strict = exc
    try:
        data = json.loads(line)
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a JSON object; pass the JSONL written by newsfacts extract")
        records = Records.model_validate(data.get("records", {}))
        shell = ArticleResult.model_validate({**data, "records": {}})
    except ValueError as exc:
        raise strict from exc
    return shell.model_copy(update={"records": records})


def load_predictions(path: Path) -> list[ArticleResult]:
    """Read an extraction JSONL file or Ray output folder (blank lines skipped).

    Raises:
        InputError: The file cannot be read or a line is not an output line.
    """
    return [parse_prediction(line, where) for where, line in result_lines(path)]


def _gold_files(gold_dir: Path) -> list[Path]:
    """The gold files of a directory: ``*.json`` at its top level (sub-folders hold other gold)."""
    if not gold_dir.is_dir():
        raise InputError(f"gold directory {gold_dir} not found; pass --gold DIR")
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise InputError(f"no gold files (*.json) in {gold_dir}; pass --gold DIR")
    return files


def load_gold(gold_dir: Path) -> dict[str, GoldArticle]:
    """Read every gold article of a directory, by article id.

    Raises:
        InputError: The directory is missing or empty, a file is invalid, or
            two files label the same article.
    """
    gold: dict[str, GoldArticle] = {}
    for path in _gold_files(gold_dir):
        try:
            article = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValidationError) as exc:
            raise InputError(f"gold file {path} is invalid; run newsfacts eval --check-gold") from exc
        if article.article_id in gold:
            raise InputError(f"gold file {path} labels {article.article_id} again; keep one file per article")
        gold[article.article_id] = article
    return gold


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
        manifest = _read_manifest(articles_dir)
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


def _read_manifest(articles_dir: Path) -> dict[str, dict[str, Any]] | str:
    """Manifest entries by article id, or a problem message when there is none to read."""
    path = articles_dir / "manifest.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        entries = [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as exc:
        return f"{path}: cannot read the manifest ({exc}); pass --articles DIR holding manifest.jsonl"
    return {str(e["id"]): e for e in entries if isinstance(e, dict) and "id" in e}


def _structure_problems(name: str, data: Any) -> list[str]:
    """Schema problems of a gold file's JSON, one line each (spans and references checked apart)."""
    if not isinstance(data, dict):
        return [f"{name}: expected a JSON object"]
    problems: list[str] = []
    for prefix, check in (
        (("records",), lambda: Records.model_validate(data.get("records"))),
        ((), lambda: GoldArticle.model_validate({**data, "records": {}})),
    ):
        try:
            check()
        except ValidationError as exc:
            problems += [
                f"{name}: {'.'.join(str(p) for p in (*prefix, *e['loc']))}: {e['msg']}" for e in exc.errors()
            ]
    return problems


def _clip(text: str, keep: int = 28) -> str:
    """Both ends of a long span (where an offset slip shows), the middle elided."""
    return text if len(text) <= 2 * keep + 1 else text[:keep] + "\u2026" + text[-keep:]


def _record_problems(name: str, text: str, records: Records) -> list[str]:
    """Spans that do not quote the text, dangling references and repeated ids."""
    problems = [
        f"{name}: {kind} {rid}: span {s.start}-{s.end} is {_clip(text[s.start : s.end])!r} in the text, "
        f"not {_clip(s.text)!r}; fix the offsets"
        for kind, rid, s in records.spans()
        if text[s.start : s.end] != s.text
    ]
    problems += [f"{name}: {p}" for p in records.dangling_references()]
    for kind in TYPES:
        repeated = Counter(r.id for r in getattr(records, kind))
        problems += [f"{name}: {kind} id {rid} is used {n} times" for rid, n in repeated.items() if n > 1]
    return problems


def _source_problems(name: str, article: GoldArticle, entry: dict[str, Any], articles_dir: Path) -> list[str]:
    """Differences between a gold file and the article file its manifest entry names."""
    source = articles_dir / str(entry.get("file", ""))
    try:
        original = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{name}: cannot read its article {source} ({exc})"]
    problems: list[str] = []
    if original != article.text:
        at = next((i for i, (a, b) in enumerate(zip(original, article.text)) if a != b), None)
        at = min(len(original), len(article.text)) if at is None else at
        problems.append(
            f"{name}: text differs from {source} at offset {at} "
            f"(gold {article.text[at : at + 20]!r}, article {original[at : at + 20]!r}); copy the article verbatim"
        )
    published = entry.get("published_at")
    if published and article.published_at and published != article.published_at:
        problems.append(
            f"{name}: published_at {article.published_at} differs from the manifest's {published}"
        )
    return problems


def check_gold(gold_dir: Path, articles_dir: Path | None = None) -> list[str]:
    """Check hand-labelled gold files; every problem is one line naming the file and record.

    Checks that each file validates as a ``GoldArticle``, that every span
    quotes its text, that every reference names an actor of the same file,
    that ids are unique per type, that the file is named after its article,
    and, given ``articles_dir`` with a ``manifest.jsonl``, that the gold text
    is the article file's text.

    Returns:
        The problems; empty when the gold is sound.
    """
    try:
        files = _gold_files(gold_dir)
    except InputError as exc:
        return [str(exc)]
    manifest = _read_manifest(articles_dir) if articles_dir is not None else {}
    if isinstance(manifest, str):
        return [manifest]
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in files:
        problems += _check_gold_file(path, manifest, articles_dir, seen)
    return problems


def _check_gold_file(
    path: Path, manifest: Mapping[str, dict[str, Any]], articles_dir: Path | None, seen: dict[str, str]
) -> list[str]:
    name = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{name}: not readable JSON ({exc})"]
    problems = _structure_problems(name, data)
    if problems:
        return problems
    records = Records.model_validate(data["records"])
    article = GoldArticle.model_validate({**data, "records": {}})
    problems = _record_problems(name, article.text, records)
    if path.stem != article.article_id:
        problems.append(
            f"{name}: labels article {article.article_id}; name the file {article.article_id}.json"
        )
    if article.article_id in seen:
        problems.append(
            f"{name}: article {article.article_id} is also labelled in {seen[article.article_id]}"
        )
    seen.setdefault(article.article_id, name)
    entry = manifest.get(article.article_id)
    if entry is not None and articles_dir is not None:
        problems += _source_problems(name, article, entry, articles_dir)
    return problems
