"""The JSON Schema sent to the model: the record shapes and nothing else.

Pydantic's schema of ``Extraction`` carries a title on every object and field,
every description and every ``"default": null``: about 7.6 KB of each request,
the largest part of the prompt, sent again with every re-ask. The shapes
(types, enums, required fields) stay in the schema, where grammar-constrained
servers need them; the field descriptions go once into the system prompt
(``field_guide``), generated from the same models, so the models stay the only
source of truth and nothing is said twice.

The schema also carries generous length and count caps (``bound``). A
grammar-constrained server (llama.cpp, vLLM's guided decoding) enforces
them while generating, so a small model that loops inside one string or keeps
adding evidence is stopped after hundreds of characters instead of running
to its token limit; a capable model's answers stay far below them.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from pydantic import BaseModel

from schemas import (
    EVENT_TYPES,
    ActorDraft,
    AgreementDraft,
    EventDraft,
    Extraction,
    ParticipantDraft,
    QuoteDraft,
)

_EVIDENCE = ActorDraft.model_fields["evidence"].description or ""
#: Schema keywords that only document; properties that happen to be named so are kept.
_DOC_KEYS = frozenset(["title", "description", "examples"])


def compact(schema: Any) -> Any:
    """``schema`` without titles, descriptions and null defaults (property names untouched)."""
    if isinstance(schema, list):
        return [compact(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    nullable = _nullable_type(schema)
    if nullable is not None:
        return nullable
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DOC_KEYS or (key == "default" and value is None):
            continue
        if key in ("properties", "$defs"):
            out[key] = {name: compact(sub) for name, sub in value.items()}
        else:
            out[key] = compact(value)
    return out


def _nullable_type(schema: dict[str, Any]) -> dict[str, Any] | None:
    """``anyOf: [{type: T}, {type: null}]`` as ``type: [T, null]``, the short form of the same thing."""
    options = schema.get("anyOf")
    if not isinstance(options, list) or len(options) != 2 or {"type": "null"} not in options:
        return None
    (other,) = [o for o in options if o != {"type": "null"}]
    if set(other) - {"type", "minimum"} or not isinstance(other.get("type"), str):
        return None
    out = {**compact(other), "type": [other["type"], "null"]}
    out.update({k: v for k, v in schema.items() if k not in ("anyOf", "default", *_DOC_KEYS)})
    return out


#: maxLength per string property: above the longest of its kind in the seed and dev gold (a quote
#: 736 characters, a summary 302, a title 120); other strings are names, places and dates.
_MAX_LENGTH = {"text": 1500, "summary": 600, "subject": 600}
_MAX_LENGTH_OTHER = 200
#: Evidence: one passage grounds a record, three are plenty; a passage cut at the cap is still a
#: verbatim prefix of the article, so it grounds all the same.
_MAX_EVIDENCE = 3
_MAX_EVIDENCE_CHARS = 400
#: Participants, parties, aliases (gold: at most 9 participants of one event).
_MAX_NESTED_ITEMS = 12


def bound(schema: dict[str, Any]) -> dict[str, Any]:
    """Add length and count caps to every record's properties (``$defs``), in place; top-level lists stay open.

    The record lists themselves are not capped: how many actors an article
    has is what the extraction is for, and ``--max-records`` trims them after.
    """
    for record in schema.get("$defs", {}).values():
        for name, prop in record.get("properties", {}).items():
            kind = prop.get("type")
            if kind == "string" or kind == ["string", "null"]:
                prop["maxLength"] = _MAX_LENGTH.get(name, _MAX_LENGTH_OTHER)
            elif kind == "array":
                evidence = name == "evidence"
                prop["maxItems"] = _MAX_EVIDENCE if evidence else _MAX_NESTED_ITEMS
                items = prop.get("items", {})
                if items.get("type") == "string":
                    items["maxLength"] = _MAX_EVIDENCE_CHARS if evidence else _MAX_LENGTH_OTHER
    return schema


def field_guide() -> str:
    """One line per field of the answer, from the models' own descriptions, in answer order."""
    lines: list[str] = []
    for path, model in (
        ("actors[]", ActorDraft),
        ("events[]", EventDraft),
        ("events[].participants[]", ParticipantDraft),
        ("quotes[]", QuoteDraft),
        ("agreements[]", AgreementDraft),
    ):
        lines.append(f"{path}: {_doc(model)}")
        for name, info in model.model_fields.items():
            if info.description and info.description != _EVIDENCE:
                lines.append(f"  {name}: {info.description}")
    lines.append(f"evidence (of every record unless said above): {_EVIDENCE}")
    return "\n".join(lines)


def event_type_guide() -> str:
    """The event vocabulary, one type and its definition per line (``other`` last)."""
    return "\n".join(f"  {t.value}: {info.definition}" for t, info in EVENT_TYPES.items())


def _doc(model: type[BaseModel]) -> str:
    return " ".join((model.__doc__ or "").split())


@cache
def _wire() -> dict[str, Any]:
    full = Extraction.model_json_schema()
    # The top level keeps its title and description: tools mode names the function after them.
    return bound({"title": full["title"], "description": full.get("description", ""), **compact(full)})


def wire_schema() -> dict[str, Any]:
    """The compact schema of the whole answer (a fresh copy: callers may edit theirs)."""
    return copy.deepcopy(_wire())
