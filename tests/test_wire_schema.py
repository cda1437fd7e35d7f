"""The schema sent to the model: caps a grammar enforces, never below what a perfect answer needs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from evals.fixtures import gold_to_extraction
from pipeline.extract.wire_schema import records, wire_schema
from schemas import EventType, GoldArticle

ROOT = Path(__file__).resolve().parent.parent
#: Seed and dev gold only: the held-out test split is not looked at while building.
GOLD = sorted([*(ROOT / "evals" / "gold").glob("*.json"), *(ROOT / "evals" / "devset" / "dev" / "gold").glob("*.json")])


def test_every_record_string_and_nested_list_is_capped_but_the_record_lists_are_not() -> None:
    schema = wire_schema()
    found = records(schema)
    assert len(found) == 5  # actors, events, their participants, quotes, agreements
    for record in found:
        for prop_name, prop in record["properties"].items():
            where = f"{sorted(record['properties'])}.{prop_name}"
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


def test_the_schema_has_no_references_and_says_each_enum_once() -> None:
    """Inlined: no ``$ref`` path or definition name is sent, and an enum carries no redundant type."""
    text = json.dumps(wire_schema())
    assert "$ref" not in text and "$defs" not in text
    events = wire_schema()["properties"]["events"]["items"]["properties"]
    assert events["type"] == {"enum": [t.value for t in EventType]}
