"""The schema sent to the model: caps a grammar enforces, never below what a perfect answer needs, and short."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from evals.fixtures import gold_to_extraction
from pipeline.extract.wire_schema import records, wire_schema
from schemas import EventType, Extraction, GoldArticle

ROOT = Path(__file__).resolve().parent.parent
#: Seed and dev gold only: the held-out test split is not looked at while building.
GOLD = sorted([*(ROOT / "evals" / "gold").glob("*.json"), *(ROOT / "evals" / "devset" / "dev" / "gold").glob("*.json")])


def _resolved(schema: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    ref = prop.get("$ref")
    return schema["$defs"][ref.rsplit("/", 1)[-1]] if ref else prop


def test_free_text_and_every_nested_list_are_capped_but_the_record_lists_are_not() -> None:
    schema = wire_schema()
    found = records(schema)
    assert len(found) == 5  # actors, events, their participants, quotes, agreements
    capped = set()
    for record in found:
        for prop_name, raw in record["properties"].items():
            prop = _resolved(schema, raw)
            where = f"{sorted(record['properties'])}.{prop_name}"
            if "maxLength" in prop:
                capped.add(prop_name)
                assert prop["maxLength"] >= 600, where
            if prop.get("type") == "array":
                assert prop["maxItems"] >= 3, where
            if prop_name == "evidence":
                assert prop["maxItems"] == 3 and prop["items"]["maxLength"] == 400, where
    assert capped == {"text", "summary", "subject"}  # names, places and dates are not capped
    for kind in ("actors", "events", "quotes", "agreements"):
        assert "maxItems" not in schema["properties"][kind], kind


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_a_perfect_answer_fits_the_caps(path: Path) -> None:
    """What a capable model answers is never cut by the grammar (beyond the first three evidence passages)."""
    answer = gold_to_extraction(GoldArticle.model_validate_json(path.read_text(encoding="utf-8")))
    data = answer.model_dump(mode="json", exclude_none=True)  # what the article does not say is left out
    for drafts in data.values():
        for record in drafts:
            record["evidence"] = [e[:400] for e in record["evidence"][:3]]
    jsonschema.validate(data, wire_schema())


def test_a_definition_is_shared_only_where_it_is_shorter_and_each_enum_is_said_once() -> None:
    """``$defs`` holds only what is used more than once (the evidence list); every other ``$ref`` is written out."""
    schema = wire_schema()
    text = json.dumps(schema, separators=(",", ":"))
    assert list(schema["$defs"]) == ["e"]  # the evidence list, under the shortest key
    assert text.count('"$ref":"#/$defs/e"') == 3  # actors, events, agreements; a quote's may be empty
    assert not _doc_keys({k: v for k, v in schema.items() if k not in ("title", "description")})
    events = schema["properties"]["events"]["items"]["properties"]
    assert events["type"] == {"enum": [t.value for t in EventType]}


def _doc_keys(node: Any) -> list[str]:
    """Schema keywords that only document (title, description), wherever they sit; property names excepted."""
    if isinstance(node, list):
        return [k for item in node for k in _doc_keys(item)]
    if not isinstance(node, dict):
        return []
    found = [k for k in node if k in ("title", "description")]
    for key, value in node.items():
        children = value.values() if key in ("properties", "$defs") else [value]
        found += [k for child in children for k in _doc_keys(child)]
    return found


def test_the_schema_is_well_under_half_of_pydantics() -> None:
    """What goes with every request and re-ask: 2.4 KB, against pydantic's 6.1 KB (compact JSON both)."""
    compact = len(json.dumps(wire_schema(), separators=(",", ":")))
    full = len(json.dumps(Extraction.model_json_schema(), separators=(",", ":")))
    assert compact < 2500 and compact < full * 0.4, (compact, full)
