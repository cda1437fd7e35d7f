"""What goes to the model per request: each thing once, the fixed part first, the article last."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from pipeline import Article, ExtractConfig, LLMSettings, extract_all
from pipeline.engines.batch_api import _BodyRecorder
from pipeline.extract.backend import ExtractRequest
from pipeline.extract.wire_schema import field_guide
from pipeline.testing.mock_server import MockState
from schemas import (
    ActorDraft,
    AgreementDraft,
    ArticleMeta,
    ArticleResult,
    EventDraft,
    ParticipantDraft,
    QuoteDraft,
)

TEXT_A = 'The council of Harwick voted on Monday to close the old bridge. "It is not safe," the mayor said.'
TEXT_B = "Flooding forced 300 families from their homes in the river valley on Sunday, officials said."
MODES = ("tools", "json_schema", "json", "md_json")


def _body(mode: str, text: str) -> dict[str, Any]:
    """The first request the live backend sends for ``text`` (captured by the Batch API's recorder)."""
    recorder = _BodyRecorder(LLMSettings(base_url="http://127.0.0.1:9/v1", model="m", mode=mode))  # type: ignore[arg-type]
    try:
        return asyncio.run(recorder.body_for(ExtractRequest("a1", text, "2025-03-14", None)))
    finally:
        asyncio.run(recorder.aclose())


def _fixed_part(body: dict[str, Any]) -> str:
    """Everything of the request but the last message: what a server's prefix cache can reuse."""
    return json.dumps([body.get("tools"), body.get("response_format"), body["messages"][:-1]])


@pytest.mark.parametrize("mode", MODES)
def test_the_fixed_part_is_byte_identical_across_articles_and_the_article_comes_last(mode: str) -> None:
    a, b = _body(mode, TEXT_A), _body(mode, TEXT_B)
    assert _fixed_part(a) == _fixed_part(b)
    assert TEXT_A in a["messages"][-1]["content"] and TEXT_A not in _fixed_part(a)
    system = a["messages"][0]["content"]
    assert a["messages"][-1]["content"].index(TEXT_A) > 0 and "untrusted" in system


@pytest.mark.parametrize("mode", ("json", "md_json"))
def test_json_modes_send_the_typed_guide_once_and_no_indented_schema(mode: str) -> None:
    """instructor's appended JSON Schema (indented, ~1,700 tokens) is not sent; the typed guide says the same."""
    body = _body(mode, TEXT_A)
    system = body["messages"][0]["content"]
    assert system.count("actors[]:") == 1 and "x? may be null" in system
    assert '"properties"' not in system and '"type": "object"' not in system
    assert "response_format" not in body or "schema" not in json.dumps(body["response_format"])
    overhead = len(json.dumps(body)) - len(TEXT_A)
    assert overhead < 5000, overhead  # 12.8 KB of system message alone before the diet


@pytest.mark.parametrize("mode", ("tools", "json_schema"))
def test_schema_modes_carry_the_shapes_in_the_schema_and_only_meanings_in_the_prompt(mode: str) -> None:
    body = _body(mode, TEXT_A)
    system = body["messages"][0]["content"]
    assert "x? may be null" not in system and "title?" not in system
    schema = json.dumps(body.get("tools") or body.get("response_format"))
    assert '"maxLength"' in schema and '"enum": ["airstrike"' in schema
    assert "Event types: statement (" in system and "airstrike" not in system  # the enum names every type
    assert " country:" not in system and "null" not in schema  # nothing the schema's names say already
    assert len(json.dumps(body)) - len(TEXT_A) < 5000  # 10.4 KB before the first diet, 7.4 KB before extract-v4


@pytest.mark.parametrize("mode", ("tools", "json_schema"))
def test_schema_modes_carry_at_most_1000_prompt_tokens_beside_the_article(mode: str) -> None:
    """Issue 16's budget, by the count a server without our tokenizer is assumed to use: characters / 4.

    What a server counts as prompt: the messages' text and the schema the
    request carries, as compact JSON (the mock server's count). The article
    id is as long as a seed's (20 characters).
    """
    body = _body(mode, TEXT_A)
    carried = body.get("tools") or body.get("response_format")
    chars = len(json.dumps(carried, separators=(",", ":"))) + sum(len(m["content"]) for m in body["messages"])
    overhead = (chars - len(TEXT_A) + len("000_f7f6139fa8caf82f") - len("a1")) / 4
    assert overhead <= 1000, overhead  # 1,290 with extract-v4, 1,625 with extract-v3


def test_the_typed_guide_names_every_field_the_answer_has() -> None:
    """The guide stands in for the schema in json modes, so it must not forget a field."""
    guide = field_guide(typed=True)
    for model in (ActorDraft, EventDraft, ParticipantDraft, QuoteDraft, AgreementDraft):
        for name, info in model.model_fields.items():
            optional = not info.is_required() and "None" in str(info.annotation)
            listed = str(info.annotation).startswith("list")
            label = name + ("?" if optional else "") + ("[]" if listed else "")
            assert f"\n {label}" in guide, (model.__name__, label)
    assert "type (person|organization|country|armed_group|government_body|other)" in guide


@pytest.mark.parametrize("mode", MODES)
def test_a_re_ask_names_only_what_failed_and_reuses_the_cached_prefix(
    mock_llm: tuple[str, MockState], mode: str
) -> None:
    url, state = mock_llm
    text = 'Mayor Ada Brook closed the bridge on Monday. "It is not safe," Brook said.'
    good = {
        "actors": [{"name": "Ada Brook", "type": "person", "title": "Mayor", "evidence": ["Mayor Ada Brook"]}],
        "quotes": [{"text": "It is not safe,", "speaker": "Ada Brook", "kind": "direct", "evidence": ["Brook said"]}],
    }
    invented = {"text": "We will build a new one", "speaker": None, "kind": "direct", "evidence": []}
    state.script.extend([{"content": {**good, "quotes": [*good["quotes"], invented]}}, {"content": good}])
    article = Article(id="r1", source="r1.txt", text=text, metadata=ArticleMeta(published_at="2025-03-12"))
    settings = LLMSettings(base_url=url, model="mock", mode=mode, backoff_initial_s=0.01)  # type: ignore[arg-type]
    [line] = extract_all([article], ExtractConfig(backend="llm", llm=settings, cache_path=None))
    assert isinstance(line, ArticleResult) and [q.text for q in line.records.quotes] == ["It is not safe,"]
    first, reask = list(state.log)[-2:]
    assert reask["messages"] > first["messages"]  # the conversation goes on; the fixed part is resent as it was
    feedback = reask["last_message"]
    assert "We will build a new one" in feedback and "not found" in feedback
    assert text not in feedback and len(feedback) < 1000  # neither the article nor the whole answer again
    assert line.usage.requests == 2 and line.usage.cached_prompt_tokens > 0  # the re-ask hit the prefix cache


@pytest.mark.parametrize("mode", ("tools", "json"))
def test_a_second_re_ask_resends_the_first_one_byte_for_byte_and_each_names_only_what_failed(
    mock_llm: tuple[str, MockState], mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each re-ask appends; what went before (the first re-ask's short error included) is the cached prefix."""
    from pipeline.testing import mock_server

    url, state = mock_llm
    bodies: list[dict[str, Any]] = []
    served = mock_server.reply

    async def keep(state: MockState, body: dict[str, Any], step: dict[str, Any]) -> Any:
        bodies.append(json.loads(json.dumps(body)))
        return await served(state, body, step)

    monkeypatch.setattr(mock_server, "reply", keep)
    text = 'Mayor Ada Brook closed the bridge on Monday. "It is not safe," Brook said.'
    good = {"actors": [{"name": "Ada Brook", "type": "person", "evidence": ["Mayor Ada Brook"]}]}
    misspelt = {**good, "events": [{"type": "bombng", "summary": "The bridge closed"}]}
    invented = {**good, "quotes": [{"text": "We will build a new one", "kind": "direct"}]}
    state.script.extend([{"content": misspelt}, {"content": invented}, {"content": good}])
    article = Article(id="r2", source="r2.txt", text=text, metadata=ArticleMeta(published_at="2025-03-12"))
    settings = LLMSettings(base_url=url, model="mock", mode=mode, max_reasks=2, backoff_initial_s=0.01)  # type: ignore[arg-type]
    [line] = extract_all([article], ExtractConfig(backend="llm", llm=settings, cache_path=None))
    assert isinstance(line, ArticleResult) and line.usage.requests == 3
    first, second, third = (b["messages"] for b in bodies)
    assert second[: len(first)] == first and third[: len(second)] == second  # appended, never rewritten
    schema_error, grounding_error = second[-1]["content"], third[-1]["content"]
    assert schema_error.splitlines()[1:3] == [
        "- events[0].type: 'bombng' is not one of the schema's values",
        "- events[0].evidence: missing",
    ]
    assert "quote 'We will build a new one': not found verbatim" in grounding_error
    for said in (schema_error, grounding_error):
        assert "input_value" not in said and "errors.pydantic.dev" not in said and text not in said
    assert len(schema_error) < 200  # pydantic's text: 904 characters, the 37 event types among them
