"""What a re-ask tells the model: each record that failed and why, one line each.

instructor re-asks by appending to the conversation (the model's answer as
given, then the error), so everything before stays a prefix the server has
cached. The error it appends is pydantic's text, though: a header, and for
every error the input again (for a record-level failure, a repr of the
whole answer) and a documentation URL, some 60 tokens of each re-ask that
name nothing the model can fix. ``feedback`` says the same in fewer words
from the structured errors: where (``quotes[2].kind``), and why (the
grounding check's own words, or pydantic's short message); ``reword`` puts
it in place of instructor's text in the message just appended.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

#: Errors listed before the rest are only counted: a wholly wrong answer can fail on every field.
_MAX_LINES = 12
_ENUM_ERRORS = frozenset(["enum", "literal_error"])


def feedback(exc: BaseException) -> str:
    """The re-ask text for a failed answer: one line per failure, then what to do."""
    if isinstance(exc, ValidationError):
        lines = [_line(error) for error in exc.errors(include_url=False)]
    else:  # e.g. JSONDecodeError: the answer was not JSON at all
        lines = [" ".join(str(exc).split())[:300] or type(exc).__name__]
    if len(lines) > _MAX_LINES:
        lines[_MAX_LINES:] = [f"and {len(lines) - _MAX_LINES} more"]
    listed = "\n".join(f"- {line}" for line in lines)
    return f"Not accepted:\n{listed}\nAnswer again in full, with these fixed or left out."


def _line(error: Any) -> str:
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"]).lstrip(".")
    kind = error["type"]
    if kind == "value_error" and "error" in error.get("ctx", {}):
        why = str(error["ctx"]["error"])  # the grounding check's message, without pydantic's "Value error, "
    elif kind in _ENUM_ERRORS:
        why = f"{error['input']!r} is not one of the schema's values"
    elif kind == "missing":
        why = "missing"
    else:
        why = str(error["msg"])
    return f"{where}: {why}" if where else why


def reword(messages: list[dict[str, Any]], text: str) -> None:
    """Replace, in place, the error instructor appended after the last answer with ``text``.

    In place, so the next re-ask (which appends to the same list) resends
    this turn byte for byte and the server's cached prefix still holds.
    """
    last_answer = max((i for i, m in enumerate(messages) if m.get("role") == "assistant"), default=None)
    if last_answer is None:
        return
    for message in messages[last_answer + 1 :]:
        if message.get("role") in ("tool", "user"):
            message["content"] = text
