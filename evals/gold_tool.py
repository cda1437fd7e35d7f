"""Build gold files from a compact authoring form, with offsets computed by code.

Typing character offsets by hand is how gold goes wrong, so a labeller writes
records with evidence as plain strings and this module finds them in the
article. A string that occurs more than once must say which occurrence it
means (``{"text": "Lind", "occurrence": 2}``) or name a unique passage around
it (``{"text": "Lind", "within": "Lind told reporters"}``); an ambiguous or
missing string is an error, never a silent first match.

Authoring form (a JSON-like mapping)::

    {"article_id": "...", "published_at": "2025-03-14", "notes": "...",
     "actors": [{"key": "lind", "name": "Rosa Lind", "type": "person",
                 "title": "Interior Minister", "evidence": ["Interior Minister Rosa Lind"]}],
     "events": [{"type": "arrest", "summary": "...",
                 "date": {"text": "Tuesday", "value": "2025-03-11"},
                 "location": {"name": "Kessel", "country": "Kestria"},
                 "participants": [["lind", "announcer"]], "evidence": ["..."]}],
     "quotes": [{"text": "We will rebuild,", "speaker": "lind", "kind": "direct",
                 "channel": "on X", "evidence": ["Lind said"]}],
     "agreements": [{"parties": ["lind"], "subject": "...", "status": "signed",
                     "signed": {"text": "last year", "value": "2024"}, "evidence": ["..."]}]}

Actors are referred to by ``key`` (default: their id); ids ``a1.. e1.. q1..
g1..`` are assigned in list order. A quote's own text is located like any
evidence (its ``occurrence``/``within`` keys apply to it) and becomes
``evidence[0]``. ``canonical_name`` defaults to ``name``; a date's
``granularity`` is inferred from the ISO value and its ``anchor`` defaults to
``published_at``. ``to_form`` turns a gold article back into this form so
existing gold can be edited and rebuilt.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.core.errors import InputError
from schemas import (
    Actor,
    Agreement,
    Event,
    GoldArticle,
    Granularity,
    Quote,
    Records,
    Span,
    TimeExpression,
)

_GRANULARITY_BY_LEN = {10: Granularity.day, 7: Granularity.month, 4: Granularity.year}


def _occurrences(haystack: str, needle: str) -> list[int]:
    """Every start offset of ``needle`` in ``haystack``, overlapping ones included."""
    found: list[int] = []
    pos = haystack.find(needle)
    while pos >= 0:
        found.append(pos)
        pos = haystack.find(needle, pos + 1)
    return found


def _unique(haystack: str, needle: str, where: str) -> int:
    """The one offset of ``needle`` in ``haystack``; raise when absent or ambiguous."""
    found = _occurrences(haystack, needle)
    if not found:
        raise InputError(f"{needle!r} is not in {where}; copy it verbatim from the article.")
    if len(found) > 1:
        raise InputError(
            f"{needle!r} occurs {len(found)} times in {where}; add 'occurrence' (0-based) or 'within'."
        )
    return found[0]


def locate(text: str, ref: str | Mapping[str, Any]) -> Span:
    """Find one evidence reference in the article and return its exact span.

    Args:
        text: The article text.
        ref: A string that occurs exactly once, or a mapping with ``text`` and
            either ``occurrence`` (0-based index among all occurrences) or
            ``within`` (a passage occurring once that contains ``text`` once).

    Returns:
        The span of the referenced characters, ``match`` exact.

    Raises:
        InputError: The string is missing, ambiguous, or the reference is malformed.
    """
    needle: Any
    occurrence: Any
    within: Any
    if isinstance(ref, str):
        needle, occurrence, within = ref, None, None
    else:
        needle, occurrence, within = ref.get("text"), ref.get("occurrence"), ref.get("within")
    if not isinstance(needle, str) or not needle:
        raise InputError(f"evidence {ref!r} has no text; give a non-empty string.")
    if occurrence is not None and within is not None:
        raise InputError(f"evidence {needle!r} gives both 'occurrence' and 'within'; keep one.")
    if occurrence is not None:
        found = _occurrences(text, needle)
        if not 0 <= occurrence < len(found):
            raise InputError(f"{needle!r} occurs {len(found)} times; occurrence {occurrence} does not exist.")
        start = found[occurrence]
    elif within is not None:
        outer = _unique(text, within, "the article")
        start = outer + _unique(within, needle, f"the passage {within!r}")
    else:
        start = _unique(text, needle, "the article")
    return Span(start=start, end=start + len(needle), text=needle)


def _spans(text: str, refs: Sequence[str | Mapping[str, Any]]) -> list[Span]:
    return [locate(text, ref) for ref in refs]


def _time(value: Mapping[str, Any] | None, anchor: str | None) -> TimeExpression | None:
    """Build a time expression, inferring granularity from the ISO value's length."""
    if value is None:
        return None
    fields = dict(value)
    iso = fields.get("value")
    if iso is not None and "granularity" not in fields:
        if len(iso) not in _GRANULARITY_BY_LEN:
            raise InputError(f"date value {iso!r} is not YYYY-MM-DD, YYYY-MM or YYYY; fix it.")
        fields["granularity"] = _GRANULARITY_BY_LEN[len(iso)]
    fields.setdefault("anchor", anchor)
    return TimeExpression.model_validate(fields)


class _ActorIndex:
    """Maps the labeller's actor keys (and ids) to ids, refusing unknown ones."""

    def __init__(self, actors: Sequence[Mapping[str, Any]]) -> None:
        self.ids: dict[str, str] = {}
        for n, actor in enumerate(actors, start=1):
            aid = f"a{n}"
            key = actor.get("key", aid)
            if key in self.ids:
                raise InputError(f"actor key {key!r} is used twice; give each actor its own key.")
            self.ids[key] = aid
            self.ids.setdefault(aid, aid)

    def __call__(self, key: str) -> str:
        if key not in self.ids:
            raise InputError(f"{key!r} names no actor; add the actor or fix the key.")
        return self.ids[key]


def _actor(n: int, form: Mapping[str, Any], text: str) -> Actor:
    return Actor(
        id=f"a{n}",
        name=form["name"],
        canonical_name=form.get("canonical_name", form["name"]),
        type=form["type"],
        title=form.get("title"),
        affiliation=form.get("affiliation"),
        aliases=list(form.get("aliases", [])),
        evidence=_spans(text, form["evidence"]),
    )


def _event(n: int, form: Mapping[str, Any], text: str, ids: _ActorIndex, anchor: str | None) -> Event:
    """The form's location and participants are plain mappings, which ``Event`` validates into their models."""
    participants = [{"actor_id": ids(key), "role": role} for key, role in form.get("participants", [])]
    return Event.model_validate(
        {
            "id": f"e{n}",
            "type": form["type"],
            "summary": form["summary"],
            "date": _time(form.get("date"), anchor),
            "location": form.get("location"),
            "participants": participants,
            "fatalities": form.get("fatalities"),
            "evidence": _spans(text, form["evidence"]),
        }
    )


def _quote(n: int, form: Mapping[str, Any], text: str, ids: _ActorIndex) -> Quote:
    own = {k: form[k] for k in ("text", "occurrence", "within") if k in form}
    return Quote(
        id=f"q{n}",
        text=form["text"],
        speaker_id=None if form.get("speaker") is None else ids(form["speaker"]),
        kind=form["kind"],
        channel=form.get("channel"),
        evidence=[locate(text, own), *_spans(text, form.get("evidence", []))],
    )


def _agreement(n: int, form: Mapping[str, Any], text: str, ids: _ActorIndex, anchor: str | None) -> Agreement:
    return Agreement(
        id=f"g{n}",
        parties=[ids(key) for key in form.get("parties", [])],
        subject=form["subject"],
        status=form["status"],
        signed=_time(form.get("signed"), anchor),
        deadline=_time(form.get("deadline"), anchor),
        evidence=_spans(text, form["evidence"]),
    )


def build_gold(form: Mapping[str, Any], text: str) -> GoldArticle:
    """Turn an authoring form into a validated gold article.

    Args:
        form: The compact form described in this module's docstring.
        text: The article's exact text (the file read as UTF-8).

    Returns:
        A ``GoldArticle`` whose every span satisfies ``text[start:end] == span.text``.

    Raises:
        InputError: Evidence is missing or ambiguous, a reference names no
            actor, or a field does not fit the record models.
    """
    anchor = form.get("published_at")
    ids = _ActorIndex(form.get("actors", []))
    try:
        records = Records(
            actors=[_actor(n, a, text) for n, a in enumerate(form.get("actors", []), 1)],
            events=[_event(n, e, text, ids, anchor) for n, e in enumerate(form.get("events", []), 1)],
            quotes=[_quote(n, q, text, ids) for n, q in enumerate(form.get("quotes", []), 1)],
            agreements=[
                _agreement(n, g, text, ids, anchor) for n, g in enumerate(form.get("agreements", []), 1)
            ],
        )
        return GoldArticle(
            article_id=form["article_id"],
            published_at=anchor,
            text=text,
            records=records,
            notes=form.get("notes"),
        )
    except KeyError as exc:
        raise InputError(f"gold form for {form.get('article_id')!r} lacks field {exc}; add it.") from exc
    except ValidationError as exc:
        first = " ".join(str(exc).splitlines()[:3])
        raise InputError(
            f"gold form for {form.get('article_id')!r} is invalid ({first}); fix the form."
        ) from exc


def _ref(text: str, span: Span) -> str | dict[str, Any]:
    """The shortest reference that ``locate`` resolves back to ``span``."""
    found = _occurrences(text, span.text)
    if found == [span.start]:
        return span.text
    return {"text": span.text, "occurrence": found.index(span.start)}


def _refs(text: str, spans: Sequence[Span]) -> list[str | dict[str, Any]]:
    return [_ref(text, s) for s in spans]


def _time_form(value: TimeExpression | None) -> dict[str, Any] | None:
    return None if value is None else value.model_dump(mode="json", exclude_none=True)


def _quote_form(text: str, quote: Quote) -> dict[str, Any]:
    if quote.evidence[0].text != quote.text:
        raise InputError(f"quote {quote.id}: evidence[0] is not the quote text; make it the first span.")
    own = _ref(text, quote.evidence[0])
    return {
        **({"text": own} if isinstance(own, str) else own),
        "speaker": quote.speaker_id,
        "kind": quote.kind.value,
        "channel": quote.channel,
        "evidence": _refs(text, quote.evidence[1:]),
    }


def _event_form(text: str, event: Event) -> dict[str, Any]:
    return {
        "type": event.type.value,
        "summary": event.summary,
        "date": _time_form(event.date),
        "location": None if event.location is None else event.location.model_dump(mode="json"),
        "participants": [[p.actor_id, p.role.value] for p in event.participants],
        "fatalities": event.fatalities,
        "evidence": _refs(text, event.evidence),
    }


def _agreement_form(text: str, agreement: Agreement) -> dict[str, Any]:
    return {
        "parties": list(agreement.parties),
        "subject": agreement.subject,
        "status": agreement.status.value,
        "signed": _time_form(agreement.signed),
        "deadline": _time_form(agreement.deadline),
        "evidence": _refs(text, agreement.evidence),
    }


def to_form(gold: GoldArticle) -> dict[str, Any]:
    """Turn a gold article back into the authoring form, so it can be edited and rebuilt.

    Args:
        gold: A validated gold article whose quotes' ``evidence[0]`` is their text.

    Returns:
        A form that ``build_gold`` turns back into an equal article (actor keys are the ids).

    Raises:
        InputError: A quote's first span is not its own text.
    """
    text, rec = gold.text, gold.records
    return {
        "article_id": gold.article_id,
        "published_at": gold.published_at,
        "notes": gold.notes,
        "actors": [
            {
                "key": a.id,
                **a.model_dump(mode="json", exclude={"id", "evidence"}),
                "evidence": _refs(text, a.evidence),
            }
            for a in rec.actors
        ],
        "events": [_event_form(text, e) for e in rec.events],
        "quotes": [_quote_form(text, q) for q in rec.quotes],
        "agreements": [_agreement_form(text, g) for g in rec.agreements],
    }


def write_gold(gold: GoldArticle, path: Path) -> None:
    """Write a gold article as indented UTF-8 JSON, the form kept in ``evals/gold/``.

    Non-ASCII characters stay readable so reviewers can read spans in diffs.
    """
    payload = gold.model_dump(mode="json")
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
