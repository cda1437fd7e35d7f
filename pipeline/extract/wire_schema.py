"""The JSON Schema sent to the model, and the field guide that says what its fields mean.

Pydantic's schema of ``Extraction`` carries a title on every object and field,
every description and every ``"default": null``: about 7.6 KB of each request,
the largest part of the prompt, sent again with every re-ask. The shapes
(types, enums, required fields) stay in the schema, where grammar-constrained
servers need them, but an optional field's type has no ``null``: it is
left out instead (``omit_nulls``); a subschema used more than once (the
evidence list) is written once under ``$defs`` when that is shorter, every
other ``$ref`` is written out (a reference only adds a path and a name). The field
descriptions go once into the system prompt (``field_guide``), generated from
the same models, so the models stay the only source of truth and nothing is
said twice: what the prompt's rules say for every field (copied verbatim,
left out when not stated) is cut from each description, and a description that
only repeats its field's name is left out. In json and md_json modes no
schema goes with the request: the guide, typed, takes its place.

The schema also carries generous caps on what a looping model can run on
(``bound``): the long free-text strings and every nested list. A
grammar-constrained server (llama.cpp, vLLM's guided decoding) enforces them
while generating, so a small model that loops inside a quote or keeps adding
evidence is stopped after hundreds of characters instead of running to its
token limit; a capable model's answers stay far below them. Names, places
and dates are left uncapped: a cap on each cost about 100 prompt tokens per
request, and the output cap bounds them anyway.
"""

from __future__ import annotations

import copy
import json
import re
from enum import Enum
from functools import cache
from types import UnionType
from typing import Any, Union, cast, get_args, get_origin

from pydantic import BaseModel

from schemas import (
    EVENT_TYPES,
    ActorDraft,
    AgreementDraft,
    EventDraft,
    EventType,
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


#: maxLength of the free-text strings: above the longest of its kind in the seed and dev gold (a quote
#: 736 characters, a summary 302); the other strings are names, places and dates, left uncapped.
_MAX_LENGTH = {"text": 1500, "summary": 600, "subject": 600}
#: Evidence: one passage grounds a record, three are plenty; a passage cut at the cap is still a
#: verbatim prefix of the article, so it grounds all the same.
_MAX_EVIDENCE = 3
_MAX_EVIDENCE_CHARS = 400
#: Participants, parties, aliases (gold: at most 13 participants of one event, a tribute by many).
_MAX_NESTED_ITEMS = 16


def inline(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with every ``$ref`` replaced by its definition and no ``$defs``.

    Each definition of the extraction schema (the records and the enums) is
    used once, so a reference only adds its path and the definition's name.
    An enum needs no ``"type": "string"`` beside it.
    """
    defs = schema.get("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, list):
            return [resolve(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            target = defs[node["$ref"].rsplit("/", 1)[-1]]
            return resolve({k: v for k, v in target.items() if not (k == "type" and "enum" in target)})
        return {k: resolve(v) for k, v in node.items() if k != "$defs"}

    return cast(dict[str, Any], resolve(schema))


def records(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every record object of the inlined schema: the list items below the top level, nested ones too."""
    found: list[dict[str, Any]] = []
    stack = [prop.get("items", {}) for prop in schema.get("properties", {}).values()]
    while stack:
        record = stack.pop()
        if "properties" in record:
            found.append(record)
            stack.extend(prop.get("items", {}) for prop in record["properties"].values())
    return found


def bound(schema: dict[str, Any]) -> dict[str, Any]:
    """Add length caps to the free-text strings and count caps to nested lists, in place.

    The record lists themselves are not capped: how many actors an article
    has is what the extraction is for, and ``--max-records`` trims them after.
    """
    for record in records(schema):
        for name, prop in record["properties"].items():
            kind = prop.get("type")
            if name in _MAX_LENGTH and kind in ("string", ["string", "null"]):
                prop["maxLength"] = _MAX_LENGTH[name]
            elif kind == "array":
                evidence = name == "evidence"
                prop["maxItems"] = _MAX_EVIDENCE if evidence else _MAX_NESTED_ITEMS
                if evidence and prop.get("items", {}).get("type") == "string":
                    prop["items"]["maxLength"] = _MAX_EVIDENCE_CHARS
    return schema


def omit_nulls(schema: dict[str, Any]) -> dict[str, Any]:
    """Drop ``null`` from the type of every optional field (not required, default null), in place.

    Such a field is left out of an answer when the article does not say it:
    an absent field and a null parse the same, so ``"type": ["string",
    "null"]`` only adds a way of saying nothing, nine characters a field.
    A grammar-constrained server then offers the model the field or its
    absence. An empty top-level ``required`` goes too.
    """
    for record in records(schema):
        required = set(record.get("required", ()))
        for name, prop in record["properties"].items():
            kind = prop.get("type")
            if name not in required and isinstance(kind, list) and len(kind) == 2 and "null" in kind:
                (prop["type"],) = [k for k in kind if k != "null"]
    if schema.get("required") == []:
        del schema["required"]
    return schema


def _dump(node: Any) -> str:
    return json.dumps(node, separators=(",", ":"))


def share(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with each property schema used more than once written once under ``$defs``, where shorter.

    A property schema that recurs under the same name (every record's
    evidence list) becomes ``{"$ref": "#/$defs/<key>"}`` when the
    references and the one definition together are shorter than the copies;
    everything else stays written out. The key is the shortest prefix of the
    property's name not taken (``e`` for evidence): the property keeps its
    name, and the key is only a path that every reference repeats.
    Grammar-constrained servers and OpenAI resolve local references.
    """
    uses: dict[tuple[str, str], int] = {}
    for record in records(schema):
        for name, prop in record["properties"].items():
            uses[name, _dump(prop)] = uses.get((name, _dump(prop)), 0) + 1
    defs: dict[str, Any] = {}
    refs: dict[tuple[str, str], dict[str, str]] = {}
    shared: set[str] = set()
    for (name, text), count in sorted(uses.items(), key=lambda use: -use[1]):
        key = next(name[:n] for n in range(1, len(name) + 1) if name[:n] not in defs)
        ref = {"$ref": f"#/$defs/{key}"}
        if count > 1 and name not in shared and count * len(text) > count * len(_dump(ref)) + len(f'"{key}":{text},'):
            defs[key] = json.loads(text)
            refs[name, text] = ref
            shared.add(name)
    for record in records(schema):
        for name, prop in record["properties"].items():
            if (name, _dump(prop)) in refs:
                record["properties"][name] = refs[name, _dump(prop)]
    return {**schema, "$defs": defs} if defs else schema


#: The answer's records in answer order: where each sits in the answer and the model it fills.
_RECORDS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("actors[]", ActorDraft),
    ("events[]", EventDraft),
    ("participants[]", ParticipantDraft),
    ("quotes[]", QuoteDraft),
    ("agreements[]", AgreementDraft),
)


#: Fields whose name says what they hold once the rules have said "as written": no line of their own
#: in the guide (the typed guide still lists them, with their type).
_NAME_SAYS_IT = frozenset(["title", "affiliation", "aliases", "admin_region", "signed_text", "deadline_text"])
#: What the prompt's rules say once for every field (copied verbatim, left out when not stated): cut
#: from each description.
_SAID_ONCE = re.compile(r",? (?:as written|verbatim|exactly|only when stated)\b")


def field_guide(typed: bool = False) -> str:
    """One line per record of the answer, in answer order: its meaning, then what each field means.

    A record's fields follow on its line's heels, indented one space (one
    token fewer than two, on every line of every request).

    Built from the models' own descriptions, less what the rules say once
    for all fields ("as written", "exactly", "only when stated") and less a description that
    only repeats its field's name (``country: Country``). ``typed`` adds what
    the schema would say, for the modes where no schema goes with the
    request (json, md_json): there the guide is the schema, written the
    short way a reader (and a model) takes in (``title?`` may be null,
    ``aliases[]`` is a list, enums spelled out), instead of instructor's
    indented JSON Schema, which cost some 1,700 tokens per request. Where a
    schema goes along (tools, json_schema) the types are the schema's job
    and the guide names only the fields whose name does not say it all.
    """
    lines: list[str] = []
    if typed:
        lines.append(
            "Answer with one JSON object of the four lists below; fields are strings unless marked,"
            " x? may be null, x[] is a list."
        )
    for path, model in _RECORDS:
        fields = [f"{path}: {_doc(model)}"]
        for name, info in model.model_fields.items():
            meaning = _meaning(name, info.description)
            label = _typed_name(name, info.annotation) if typed else name
            if meaning:
                fields.append(f"{label}: {meaning}")
            elif typed:
                fields.append(label)
        lines.append("\n ".join(fields))
    lines.append(f"evidence, unless said above: {_EVIDENCE}")
    return "\n".join(lines)


def _meaning(name: str, description: str | None) -> str:
    """What the guide says of a field: its description less what is said once for all, or nothing."""
    if not description or description == _EVIDENCE or name in _NAME_SAYS_IT:
        return ""
    meaning = _SAID_ONCE.sub("", description).strip()
    return "" if meaning.rstrip(".").lower() == name.replace("_", " ") else meaning


def _typed_name(name: str, annotation: Any) -> str:
    """``name`` marked with its JSON type: ``title?``, ``aliases[]``, ``role (agent|target|...)``.

    A nested record (``participants[]``) is only marked a list: its own lines follow.
    """
    args = get_args(annotation)
    if get_origin(annotation) in (UnionType, Union) and type(None) in args:
        (inner,) = [a for a in args if a is not type(None)]
        return _typed_name(name + "?", inner)
    if get_origin(annotation) is list:
        (item,) = args
        return _typed_name(name + "[]", item) if item is not str else name + "[]"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        values = "an event type below" if annotation is EventType else "|".join(str(m.value) for m in annotation)
        return f"{name} ({values})"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return name
    if annotation is str:
        return name
    return f"{name} ({_JSON_NAMES.get(annotation, 'string')})"


_JSON_NAMES: dict[Any, str] = {int: "integer", float: "number", bool: "boolean"}


#: Event types whose name says what they are: the typed guide gives no definition for them.
_SELF_EXPLANATORY = frozenset(
    {
        EventType.armed_clash,
        EventType.troop_withdrawal,
        EventType.crash,
        EventType.fire,
        EventType.natural_disaster,
        EventType.arrest,
        EventType.charge,
        EventType.election,
        EventType.appointment,
        EventType.resignation,
        EventType.layoffs,
        EventType.meeting,
        EventType.visit,
        EventType.evacuation,
        EventType.aid,
        EventType.sports_result,
    }
)
#: Types whose name, read alone, invites the wrong use (every "X said" is not a statement event):
#: where the enum names every type, these alone get their definition.
_MISREAD = frozenset({EventType.statement})


def event_type_guide(typed: bool = False) -> str:
    """The event vocabulary's definitions, on one line, in vocabulary order (``other`` last).

    ``typed`` (no schema goes along: json, md_json) names every type, with
    the definitions of those whose name does not say it all. Where the
    schema goes along, its enum already names every type and the prompt
    defines only those a model would misread by the name (``statement``):
    the other definitions cost some 200 tokens on every request, most of
    what stood between the schema modes and 1,000 tokens beside the
    article, and a type's name is what a model goes by first.
    """
    if not typed:
        parts = [f"{t.value} ({EVENT_TYPES[t].definition.rstrip('.')})" for t in EVENT_TYPES if t in _MISREAD]
        return f"Event types: {'; '.join(parts)}."
    parts = [
        t.value if t in _SELF_EXPLANATORY else f"{t.value} ({info.definition.rstrip('.')})"
        for t, info in EVENT_TYPES.items()
    ]
    return f"Event types: {', '.join(parts)}."


def _doc(model: type[BaseModel]) -> str:
    return " ".join((model.__doc__ or "").split())


@cache
def _wire() -> dict[str, Any]:
    full = Extraction.model_json_schema()
    # The top level keeps its title and description: tools mode names the function after them.
    shapes = share(bound(omit_nulls(inline(compact(full)))))
    return {"title": full["title"], "description": full.get("description", ""), **shapes}


def wire_schema() -> dict[str, Any]:
    """The compact schema of the whole answer (a fresh copy: callers may edit theirs)."""
    return copy.deepcopy(_wire())
