"""The re-ask text: each failure on one line, where and why, and no more."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from pipeline.backends.llm.reask import feedback, reword
from schemas import Extraction


def _failure(answer: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Extraction.model_validate_json(json.dumps(answer))
    return caught.value


def test_a_wholly_wrong_answer_lists_twelve_failures_and_counts_the_rest() -> None:
    said = feedback(_failure({"actors": [{"name": n} for n in range(20)]}))
    lines = said.splitlines()
    assert lines[0] == "Not accepted:" and lines[-1].startswith("Answer again in full")
    assert len(lines) == 12 + 3 and lines[-2].startswith("- and ") and lines[-2].endswith(" more")
    assert lines[1].startswith("- actors[0].name: ")


def test_an_answer_that_is_not_json_is_said_in_one_line() -> None:
    try:
        json.loads('{"actors": [')
    except json.JSONDecodeError as exc:
        said = feedback(exc)
    assert said.splitlines()[1].startswith("- Expecting value")


def test_reword_replaces_only_what_follows_the_last_answer() -> None:
    messages = [
        {"role": "system", "content": "s"},
        {"role": "user", "content": "article"},
        {"role": "assistant", "content": "{}"},
        {"role": "user", "content": "pydantic's long text"},
    ]
    reword(messages, "short")
    assert [m["content"] for m in messages] == ["s", "article", "{}", "short"]
    first = [dict(m) for m in messages[:2]]
    reword(first, "short")  # no answer yet: nothing to replace
    assert [m["content"] for m in first] == ["s", "article"]
