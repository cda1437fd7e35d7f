"""Reading what the model answered: the JSON of a completion, a cut answer's salvage, the last failure.

Whatever the mode (tool call, bare JSON, JSON in a Markdown fence) the
answer is one JSON object somewhere in the completion; finding it is the
same work for a live answer and a Batch API result line, so both read it
here. An answer cut at the token limit still holds complete records, which
``salvage`` keeps rather than waste the request.
"""

from __future__ import annotations

import re
from typing import Any

import pydantic_core
from instructor.core.exceptions import InstructorRetryException
from pydantic import BaseModel, ValidationError

from pipeline.core.errors import TruncationError
from schemas import ActorDraft, AgreementDraft, EventDraft, Extraction, QuoteDraft


def last_failure(exc: InstructorRetryException) -> str:
    """The last attempt's own error, one line: instructor's message is a template with placeholders."""
    failed = getattr(exc, "failed_attempts", None) or []
    cause = failed[-1].exception if failed else exc.__cause__
    text = str(cause).strip() if cause is not None else ""
    text = text or "invalid answer"
    return " ".join(text.split())


_FENCE = re.compile(r"```(?:json)?\s*(\{.*\})\s*```", re.DOTALL)


def truncation_error(completion: Any) -> TruncationError:
    """The truncation error, carrying the complete records the cut answer holds."""
    error = TruncationError(
        "model output was cut at its token limit (finish_reason=length); "
        "raise --max-tokens or lower --max-chars so the article is split"
    )
    text = answer_text(completion, partial=True)
    error.partial = salvage(text) if text else None
    return error


def salvage(text: str) -> Extraction | None:
    """The records of a JSON answer cut mid-way that are complete and valid, or None when there are none.

    A small local model often runs out of tokens after a few good records;
    dropping them all for the last half-written one wastes the request. The
    cut JSON is parsed as far as it goes (pydantic-core's partial mode) and
    each record is validated on its own; grounding then treats them like any
    other answer.
    """
    try:
        data = pydantic_core.from_json(text, allow_partial=True)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    kept: dict[str, list[Any]] = {}
    for key, draft in (("actors", ActorDraft), ("events", EventDraft), ("quotes", QuoteDraft), ("agreements", AgreementDraft)):
        items = data.get(key)
        kept[key] = [
            d for d in (_valid(draft, item) for item in (items if isinstance(items, list) else [])) if d is not None
        ]
    return Extraction.model_construct(**kept) if any(kept.values()) else None


def _valid(model: type[BaseModel], item: Any) -> Any:
    try:
        return model.model_validate(item)
    except ValidationError:
        return None


def answer_text(completion: Any, partial: bool = False) -> str | None:
    """The JSON text of a chat completion, whichever mode produced it."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError):
        return None
    if message.tool_calls:
        return str(message.tool_calls[0].function.arguments)
    return json_in_content(message.content or "", partial)


def json_in_content(content: str, partial: bool = False) -> str | None:
    """The JSON object in an assistant message's text: fenced, else from the first ``{`` to the last ``}``.

    With ``partial`` (an answer cut at the token limit) it runs to the end,
    since a cut answer has no closing brace.
    """
    if fenced := _FENCE.search(content):
        return fenced.group(1)
    start, end = content.find("{"), content.rfind("}")
    if partial and start >= 0:
        return content[start:].removesuffix("```").rstrip()
    return content[start : end + 1] if 0 <= start < end else None
