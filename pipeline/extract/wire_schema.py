"""The JSON Schema sent to the model: the record shapes and nothing else.

Pydantic's schema of ``Extraction`` carries a title on every object and field,
every description and every ``"default": null``: about 7.6 KB of each request,
the largest part of the prompt, sent again with every re-ask. The shapes
(types, enums, required fields) stay in the schema, where grammar-constrained
servers need them; the field descriptions go once into the system prompt
(``field_guide``), generated from the same models, so the models stay the only
source of truth and nothing is said twice.
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
    return {"title": full["title"], "description": full.get("description", ""), **compact(full)}


def wire_schema() -> dict[str, Any]:
    """The compact schema of the whole answer (a fresh copy: callers may edit theirs)."""
    return copy.deepcopy(_wire())
