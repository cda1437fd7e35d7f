"""The hand-labelled gold in evals/gold/ is valid, quotes its seed exactly, and follows the guidelines.

A broken gold file silently corrupts every score computed against it, so
each file is checked against its seed article and the rules in
evals/GUIDELINES.md that code can check.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.gold_tool import build_gold, to_form
from schemas import GoldArticle, MatchKind

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "evals" / "gold"
SEEDS = ROOT / "seeds"
MANIFEST = {
    entry["id"]: entry
    for entry in (
        json.loads(line) for line in (SEEDS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    )
}
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))
_OPENING = {'"', "\u201c"}
_CLOSING = {'"', "\u201d"}


def _load(path: Path) -> GoldArticle:
    return GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))


@pytest.fixture(params=GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def gold(request: pytest.FixtureRequest) -> GoldArticle:
    return _load(request.param)


def test_every_seed_article_has_a_gold_file() -> None:
    assert sorted(p.stem for p in GOLD_FILES) == sorted(MANIFEST)


def test_text_is_the_seed_file_unchanged(gold: GoldArticle) -> None:
    entry = MANIFEST[gold.article_id]
    assert gold.text == (SEEDS / entry["file"]).read_bytes().decode("utf-8")
    assert gold.published_at == entry["published_at"]


def test_every_span_is_exact_and_every_reference_resolves(gold: GoldArticle) -> None:
    for kind, rid, span in gold.records.spans():
        assert gold.text[span.start : span.end] == span.text, f"{kind} {rid}"
        assert span.match == MatchKind.exact, f"{kind} {rid}"
    assert gold.records.dangling_references() == []


def test_ids_are_numbered_in_order(gold: GoldArticle) -> None:
    records = gold.records
    for prefix, items in (
        ("a", records.actors),
        ("e", records.events),
        ("q", records.quotes),
        ("g", records.agreements),
    ):
        assert [r.id for r in items] == [f"{prefix}{n}" for n in range(1, len(items) + 1)]


def test_quote_text_is_exactly_what_stands_between_quotation_marks(gold: GoldArticle) -> None:
    for quote in gold.records.quotes:
        own = quote.evidence[0]
        assert own.text == quote.text, quote.id
        assert gold.text[own.start - 1] in _OPENING, quote.id
        assert gold.text[own.end] in _CLOSING, quote.id


def test_aliases_and_names_are_written_in_the_article(gold: GoldArticle) -> None:
    for actor in gold.records.actors:
        for form in (actor.name, *actor.aliases):
            assert form in gold.text, f"{actor.id}: {form!r}"


def test_dates_are_resolved_against_the_publication_date(gold: GoldArticle) -> None:
    dates = [e.date for e in gold.records.events] + [
        d for g in gold.records.agreements for d in (g.signed, g.deadline)
    ]
    for date in (d for d in dates if d is not None):
        assert date.text in gold.text
        assert date.anchor == gold.published_at
        assert date.value is not None and date.granularity is not None


def test_gold_round_trips_through_the_authoring_form(gold: GoldArticle) -> None:
    """Keeps every file editable with evals/gold_tool.py without changing it."""
    assert build_gold(to_form(gold), gold.text) == gold
