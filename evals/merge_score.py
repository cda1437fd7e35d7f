"""Score a merged story file (``newsfacts merge``) against the merge gold.

The merge gold (``evals/gold/merge/*.json``, a ``MergeGold``) lists, over the
per-article gold records (``evals/gold/<article_id>.json``), which records
denote the same actor, event, quote or agreement, which articles form one
story, and which attributes the articles disagree on (claims).

**Mapping records.** A story made from extraction output names records by the
extractor's ids (``a1``, ``e3``), which have nothing to do with the gold's.
Both sides are grounded in the same article text, so each predicted record is
mapped to a gold record of the same kind and article by its evidence spans:
the score is the share of the shorter side's evidence characters that the
other side's evidence covers; actors must also carry a similar name (a name
inside another actor's evidence, "Iraq" in "Iraqi Prime Minister ...", is
not that actor), and an event's type family and date break ties between
two gold events stated in one sentence. Pairs are taken best first, one to
one. A story made from
the gold itself (every input's backend is ``gold``) maps by identity.

**Clusters: B-cubed.** Over the gold records that have a predicted
counterpart, per mention m: precision = |pred(m) & gold(m)| / |pred(m)|,
recall = |pred(m) & gold(m)| / |gold(m)|, averaged over mentions; F1 is
their harmonic mean. Predicted records with no gold counterpart are listed
(``unmatched``) and not counted; gold records nobody predicted are listed
(``missing``) and not counted either, so these scores judge the merge, not
the extraction (the extraction has its own ``newsfacts eval``).

**Claims.** A predicted claim matches a gold claim when the kind and the
attribute are equal, the subject clusters share a (mapped) record, and the
sets of values are equal after normalisation (case, diacritics, hyphens,
the Arabic article, titles for person names). One to one, in order; then
precision = matched / predicted and recall = matched / gold.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz

from pipeline.core.errors import InputError
from pipeline.io.results import read_results
from pipeline.io.stories import read_merge_result
from pipeline.text.names import fold, name_key, names_agree, type_group
from schemas import EVENT_TYPES, Actor, ArticleResult, GoldArticle, Span
from schemas.story import Claim, MergeResult, Story, SubjectKind

#: Minimum name similarity (0-1) for a predicted actor to map onto a gold actor.
ACTOR_NAME_SIMILARITY = 0.8
_KINDS = ("actors", "events", "quotes", "agreements")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldClaimValue(_Model):
    """One value of a gold claim and the articles that state it."""

    value: str
    articles: list[str]


class GoldClaim(_Model):
    """An expected disagreement: subject cluster (gold refs), attribute, values."""

    subject_kind: SubjectKind
    subject: list[str] = Field(min_length=1, description="Gold refs of the subject's cluster.")
    attribute: str
    values: list[GoldClaimValue] = Field(min_length=2)


class MergeGold(_Model):
    """The hand-made merge of a set of gold articles."""

    schema_version: str = "1.0"
    articles: list[str]
    stories: list[list[str]]
    actors: list[list[str]] = Field(default_factory=list)
    events: list[list[str]] = Field(default_factory=list)
    quotes: list[list[str]] = Field(default_factory=list)
    agreements: list[list[str]] = Field(default_factory=list)
    claims: list[GoldClaim] = Field(default_factory=list)
    notes: str | None = None


class ClusterScore(_Model):
    """B-cubed precision/recall/F1 over the mentions both sides share."""

    precision: float
    recall: float
    f1: float
    mentions: int
    unmatched: list[str] = Field(default_factory=list, description="Predicted refs with no gold record.")
    missing: list[str] = Field(default_factory=list, description="Gold refs no predicted record maps to.")


class ClaimScore(_Model):
    """Claim precision/recall with the claims that did not match, described."""

    precision: float
    recall: float
    f1: float
    matched: int
    predicted: int
    gold: int
    false_positives: list[str] = Field(default_factory=list)
    false_negatives: list[str] = Field(default_factory=list)


class MergeScore(_Model):
    """Scores of one merged result against one merge gold file."""

    gold_file: str
    mapping: str = Field(description="identity (story made from gold) or evidence-spans.")
    stories: ClusterScore
    actors: ClusterScore
    events: ClusterScore
    quotes: ClusterScore
    agreements: ClusterScore
    claims: ClaimScore


# ---------------------------------------------------------------- loading


def load_merge_gold(gold_dir: Path) -> list[tuple[Path, MergeGold]]:
    """Every ``<gold_dir>/merge/*.json``, sorted by name.

    Raises:
        InputError: there is none, or one is not a MergeGold.
    """
    files = sorted((gold_dir / "merge").glob("*.json"))
    if not files:
        raise InputError(f"no merge gold in {gold_dir / 'merge'}; pass --gold the folder that holds merge/")
    out: list[tuple[Path, MergeGold]] = []
    for path in files:
        try:
            out.append((path, MergeGold.model_validate_json(path.read_text(encoding="utf-8"))))
        except ValidationError as exc:
            raise InputError(f"{path}: not a merge gold file ({exc.error_count()} errors); fix it") from exc
    return out


def load_gold_articles(gold_dir: Path, article_ids: Iterable[str]) -> dict[str, GoldArticle]:
    """The per-article gold files a merge gold refers to.

    Raises:
        InputError: one is missing or invalid.
    """
    out: dict[str, GoldArticle] = {}
    for aid in sorted(set(article_ids)):
        path = gold_dir / f"{aid}.json"
        try:
            out[aid] = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValidationError) as exc:
            raise InputError(
                f"{path}: missing or not a GoldArticle; label the article or fix the file"
            ) from exc
    return out


def check_merge_gold(gold: MergeGold, articles: dict[str, GoldArticle]) -> list[str]:
    """Problems of a merge gold: unknown refs, refs in two clusters, clusters of the wrong kind."""
    problems: list[str] = []
    known = {
        kind: {f"{aid}:{r.id}" for aid, g in articles.items() for r in getattr(g.records, kind)}
        for kind in _KINDS
    }
    for kind in _KINDS:
        seen: set[str] = set()
        for cluster in getattr(gold, kind):
            for ref in cluster:
                if ref not in known[kind]:
                    problems.append(f"{kind}: {ref} is not a gold record of that kind")
                if ref in seen:
                    problems.append(f"{kind}: {ref} is in two clusters")
                seen.add(ref)
    for n, claim in enumerate(gold.claims, 1):
        bad = [r for r in claim.subject if r not in known[f"{claim.subject_kind.value}s"]]
        problems += [f"claim {n}: subject {r} is not a gold {claim.subject_kind.value}" for r in bad]
    return problems


# ---------------------------------------------------------------- mapping


def _overlap(a: list[Span], b: list[Span]) -> float:
    """Share of the shorter side's evidence characters covered by the other side."""
    covered = sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a for y in b)
    shorter = min(sum(s.end - s.start for s in a), sum(s.end - s.start for s in b))
    return min(1.0, covered / shorter) if shorter else 0.0


def _name_similarity(pred: Actor, gold: Actor) -> float:
    """1.0 when the names agree under the merge's own rules, else their order-free similarity."""
    group = type_group(gold.type)
    key = name_key(pred.name, group)
    names = [gold.name, gold.canonical_name, *gold.aliases]
    if any(names_agree(key, name_key(n, group), group) for n in names):
        return 1.0
    return max(fuzz.token_sort_ratio(fold(pred.name), fold(n)) / 100 for n in names)


def _pair_score(kind: str, pred: Any, gold: Any) -> float:
    """Evidence overlap, gated by a similar name for actors and helped by type and date for events.

    Outlets' sentences often state two events at once, so a predicted event's
    evidence can overlap two gold events; its type family and date pick the
    right one.
    """
    overlap = _overlap(pred.evidence, gold.evidence)
    if kind == "actors":
        name = _name_similarity(pred, gold)
        return name + overlap / 10 if name >= ACTOR_NAME_SIMILARITY else 0.0
    if kind != "events" or overlap == 0:
        return overlap
    same_family = EVENT_TYPES[pred.type].family == EVENT_TYPES[gold.type].family
    same_date = bool(pred.date and gold.date and pred.date.value and pred.date.value == gold.date.value)
    return overlap + same_family + 0.5 * same_date


def map_records(predicted: Iterable[ArticleResult], gold: dict[str, GoldArticle]) -> dict[str, str]:
    """Predicted ref -> gold ref, per article and kind, best pair score first, one to one."""
    mapping: dict[str, str] = {}
    for line in predicted:
        g = gold.get(line.article_id)
        if g is None:
            continue
        for kind in _KINDS:
            candidates = [
                (-score, p.id, r.id)
                for p in getattr(line.records, kind)
                for r in getattr(g.records, kind)
                if (score := _pair_score(kind, p, r)) > 0
            ]
            used_p: set[str] = set()
            used_g: set[str] = set()
            for _, pid, rid in sorted(candidates):
                if pid not in used_p and rid not in used_g:
                    used_p.add(pid)
                    used_g.add(rid)
                    mapping[f"{line.article_id}:{pid}"] = f"{line.article_id}:{rid}"
    return mapping


# ---------------------------------------------------------------- scoring


def bcubed(predicted: list[list[str]], gold: list[list[str]]) -> ClusterScore:
    """B-cubed over the mentions present on both sides (see the module docstring)."""
    pred_of = {m: frozenset(c) for c in predicted for m in c}
    gold_of = {m: frozenset(c) for c in gold for m in c}
    shared = sorted(pred_of.keys() & gold_of.keys())
    common = frozenset(shared)
    if not shared:
        p = r = 0.0
    else:
        p = sum(len(pred_of[m] & gold_of[m] & common) / len(pred_of[m] & common) for m in shared) / len(
            shared
        )
        r = sum(len(pred_of[m] & gold_of[m] & common) / len(gold_of[m] & common) for m in shared) / len(
            shared
        )
    return ClusterScore(
        precision=round(p, 4),
        recall=round(r, 4),
        f1=round(2 * p * r / (p + r), 4) if p + r else 0.0,
        mentions=len(shared),
        unmatched=sorted(pred_of.keys() - gold_of.keys()),
        missing=sorted(gold_of.keys() - pred_of.keys()),
    )


def _value_key(attribute: str, value: str) -> str:
    """Normalise a claim value the way the merge compares it."""
    return (
        fold(value, person=attribute == "name")
        if attribute in ("name", "alias", "title", "location")
        else value.strip()
    )


def _subject_refs(story: Story, claim: Claim, mapping: dict[str, str] | None) -> set[str]:
    """Gold refs of the records behind a predicted claim's subject."""
    entities = {e.id: e for e in getattr(story, f"{claim.subject_kind.value}s")}
    sources = entities[claim.subject_id].sources if claim.subject_id in entities else []
    return {mapping.get(s, "") if mapping is not None else s for s in sources} - {""}


def score_claims(result: MergeResult, gold: MergeGold, mapping: dict[str, str] | None) -> ClaimScore:
    """Match predicted claims to gold claims one to one (see the module docstring)."""
    predicted = [
        (c, _subject_refs(s, c, mapping), frozenset(_value_key(c.attribute, v.value) for v in c.values), s.id)
        for s in result.stories
        for c in s.claims
    ]
    free = list(range(len(gold.claims)))
    false_positives: list[str] = []
    for claim, refs, values, story_id in predicted:
        hit = next(
            (
                i
                for i in free
                if gold.claims[i].subject_kind == claim.subject_kind
                and gold.claims[i].attribute == claim.attribute
                and refs & set(gold.claims[i].subject)
                and values == frozenset(_value_key(claim.attribute, v.value) for v in gold.claims[i].values)
            ),
            None,
        )
        if hit is None:
            shown = " | ".join(v.value for v in claim.values)
            false_positives.append(f"{story_id} {claim.subject_id} {claim.attribute}: {shown}")
        else:
            free.remove(hit)
    matched = len(predicted) - len(false_positives)
    p = matched / len(predicted) if predicted else (1.0 if not gold.claims else 0.0)
    r = matched / len(gold.claims) if gold.claims else (1.0 if not predicted else 0.0)
    return ClaimScore(
        precision=round(p, 4),
        recall=round(r, 4),
        f1=round(2 * p * r / (p + r), 4) if p + r else 0.0,
        matched=matched,
        predicted=len(predicted),
        gold=len(gold.claims),
        false_positives=false_positives,
        false_negatives=[
            f"{gold.claims[i].subject[0]} {gold.claims[i].attribute}: "
            + " | ".join(v.value for v in gold.claims[i].values)
            for i in free
        ],
    )


def _clusters(result: MergeResult, kind: str, mapping: dict[str, str] | None) -> list[list[str]]:
    """Predicted clusters of one kind, refs mapped to gold refs (unmapped refs kept as they are)."""
    out: list[list[str]] = []
    for story in result.stories:
        for entity in getattr(story, kind):
            refs = (
                entity.sources if mapping is None else [mapping.get(s, f"pred:{s}") for s in entity.sources]
            )
            out.append(refs)
    return out


def score_merge(result: MergeResult, gold_dir: Path, predictions: Path | None = None) -> list[MergeScore]:
    """Score a merged result against every merge gold file that shares articles with it.

    Args:
        result: the output of ``merge_articles``.
        gold_dir: the gold folder (article gold files, and ``merge/``).
        predictions: the extraction JSONL the story was merged from; needed
            unless the story was merged from the gold itself.

    Raises:
        InputError: no merge gold applies, or the records cannot be mapped.
    """
    mapping = _mapping(result, gold_dir, predictions)
    merged_articles = {i.article_id for i in result.inputs} or {a for s in result.stories for a in s.articles}
    scores: list[MergeScore] = []
    for path, gold in load_merge_gold(gold_dir):
        if not merged_articles & set(gold.articles):
            continue
        unmapped = {kind: _clusters(result, kind, mapping) for kind in _KINDS}
        scores.append(
            MergeScore(
                gold_file=str(path),
                mapping="identity" if mapping is None else "evidence-spans",
                stories=bcubed([s.articles for s in result.stories], gold.stories),
                actors=bcubed(unmapped["actors"], gold.actors),
                events=bcubed(unmapped["events"], gold.events),
                quotes=bcubed(unmapped["quotes"], gold.quotes),
                agreements=bcubed(unmapped["agreements"], gold.agreements),
                claims=score_claims(result, gold, mapping),
            )
        )
    if not scores:
        raise InputError(
            f"no merge gold under {gold_dir / 'merge'} covers these articles; merge the gold's articles"
        )
    return scores


def _mapping(result: MergeResult, gold_dir: Path, predictions: Path | None) -> dict[str, str] | None:
    """None (identity) for a story merged from gold, else the evidence-span mapping."""
    if predictions is None:
        if result.inputs and all(i.backend == "gold" for i in result.inputs):
            return None
        raise InputError(
            "this story was merged from extraction output; also pass the extraction JSONL it was merged from "
            "so its records can be mapped to the gold by evidence spans"
        )
    lines = list(read_results(predictions))
    gold = load_gold_articles(
        gold_dir, [line.article_id for line in lines if (gold_dir / f"{line.article_id}.json").is_file()]
    )
    return map_records(lines, gold)


def render_merge_markdown(scores: list[MergeScore]) -> str:
    """A Markdown table per merge gold file: B-cubed per kind, then claims."""
    out: list[str] = []
    for s in scores:
        out += [
            f"## Merge vs {Path(s.gold_file).name} (mapping: {s.mapping})",
            "",
            "| kind | B3 precision | B3 recall | B3 F1 | mentions | unmatched | missing |",
            "|---|---|---|---|---|---|---|",
        ]
        for kind in ("stories", *_KINDS):
            c: ClusterScore = getattr(s, kind)
            out.append(
                f"| {kind} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.mentions} "
                f"| {len(c.unmatched)} | {len(c.missing)} |"
            )
        cl = s.claims
        out += [
            "",
            (
                f"Claims: precision {cl.precision:.3f}, recall {cl.recall:.3f}, F1 {cl.f1:.3f} "
                f"({cl.matched} matched of {cl.predicted} predicted, {cl.gold} gold)"
            ),
        ]
        out += [f"- unexpected claim: {x}" for x in cl.false_positives]
        out += [f"- missed claim: {x}" for x in cl.false_negatives]
        out.append("")
    return "\n".join(out)


def scores_json(scores: list[MergeScore]) -> str:
    """The scores as JSON (sorted keys) for machines."""
    return json.dumps([s.model_dump(mode="json") for s in scores], indent=2, sort_keys=True) + "\n"


def evaluate_merge(story: Path, gold_dir: Path, predictions: Path | None = None) -> list[MergeScore]:
    """Load a story file and score it (``newsfacts eval --merged``); see ``score_merge``.

    Raises:
        InputError: the story, the gold or the predictions cannot be used.
    """
    return score_merge(read_merge_result(story, "--merged"), gold_dir, predictions)
