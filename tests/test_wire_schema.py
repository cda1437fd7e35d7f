"""The schema sent to the model: caps a grammar enforces, never below what a perfect answer needs."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from evals.fixtures import gold_to_extraction
from pipeline.extract.wire_schema import wire_schema
from schemas import GoldArticle

ROOT = Path(__file__).resolve().parent.parent
#: Seed and dev gold only: the held-out test split is not looked at while building.
GOLD = sorted([*(ROOT / "evals" / "gold").glob("*.json"), *(ROOT / "evals" / "devset" / "dev" / "gold").glob("*.json")])


def test_every_record_string_and_nested_list_is_capped_but_the_record_lists_are_not() -> None:
    schema = wire_schema()
    for name, record in schema["$defs"].items():
        for prop_name, prop in record.get("properties", {}).items():
            where = f"{name}.{prop_name}"
            if prop.get("type") in ("string", ["string", "null"]):
                assert prop["maxLength"] >= 200, where
            if prop.get("type") == "array":
                assert prop["maxItems"] >= 3, where
    for kind in ("actors", "events", "quotes", "agreements"):
        assert "maxItems" not in schema["properties"][kind], kind


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_a_perfect_answer_fits_the_caps(path: Path) -> None:
    """What a capable model answers is never cut by the grammar (beyond the first three evidence passages)."""
    answer = gold_to_extraction(GoldArticle.model_validate_json(path.read_text(encoding="utf-8")))
    data = answer.model_dump(mode="json")
    for records in data.values():
        for record in records:
            record["evidence"] = [e[:400] for e in record["evidence"][:3]]
    jsonschema.validate(data, wire_schema())
