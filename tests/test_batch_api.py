"""The Batch API path against the mock server: same requests and same records as a live run."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import openai
import pytest
from typer.testing import CliRunner

from pipeline import Article, ExtractConfig, LLMSettings, extract_all, load_articles
from pipeline.cli import app
from pipeline.core.errors import InputError, TransportError
from pipeline.engines.batch_api import (
    batch_status,
    collect_results,
    fetch_results,
    parse_result_line,
    prepare_requests,
    submit_batch,
)
from pipeline.io.articles import LoadFailure
from pipeline.testing.mock_server import MockState
from schemas import ArticleMeta, ArticleResult, ErrorLine

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MODES = ["tools", "json_schema", "json", "md_json"]


def _config(url: str, mode: str = "tools", max_chars: int = 24_000) -> ExtractConfig:
    settings = LLMSettings(base_url=url, model="mock", mode=mode, backoff_initial_s=0.01)  # type: ignore[arg-type]
    return ExtractConfig(backend="llm", llm=settings, cache_path=None, concurrency=2, max_chars=max_chars)


def _round_trip(items: list[Article | LoadFailure], config: ExtractConfig, tmp: Path) -> tuple[Path, Path]:
    """prepare → submit → status → fetch → collect; return the output and errors paths."""
    asyncio.run(prepare_requests(items, tmp / "req.jsonl", config))
    info = submit_batch(tmp / "req.jsonl", config.llm)
    assert batch_status(info.id, config.llm).status == "completed"
    fetch_results(info.id, tmp / "res.jsonl", config.llm)
    asyncio.run(collect_results(items, tmp / "res.jsonl", tmp / "out.jsonl", config))
    return tmp / "out.jsonl", tmp / "out.errors.jsonl"


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _comparable(line: ArticleResult) -> dict[str, Any]:
    """The line without what differs by design: a Batch API answer is final, a live run may re-ask."""
    return line.model_dump(exclude={"timings": True, "usage": True, "grounding": {"reasked"}})


@pytest.mark.parametrize("mode", MODES)
def test_round_trip_matches_live_run_on_seeds(mock_llm: tuple[str, MockState], tmp_path: Path, mode: str) -> None:
    url, _ = mock_llm
    config = _config(url, mode)
    items = list(load_articles([str(SEEDS)]))
    out, errors = _round_trip(items, config, tmp_path)
    live = extract_all(items, config)
    collected = [ArticleResult.model_validate(obj) for obj in _lines(out)]
    assert len(collected) == len(live) == 5
    assert all(isinstance(x, ArticleResult) for x in live)
    assert [_comparable(x) for x in collected] == [_comparable(x) for x in live]  # type: ignore[arg-type]
    assert sum(sum(x.records.count().values()) for x in collected) > 0
    assert not errors.exists()  # a clean collect leaves no empty errors file


@pytest.mark.parametrize("mode", MODES)
def test_prepared_body_is_what_the_live_path_sends(
    mock_llm: tuple[str, MockState], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    url, _ = mock_llm
    config = _config(url, mode)
    [article] = [a for a in load_articles([str(SEEDS)]) if isinstance(a, Article)][:1]
    asyncio.run(prepare_requests([article], tmp_path / "req.jsonl", config))
    [request] = _lines(tmp_path / "req.jsonl")
    sent: list[dict[str, Any]] = []
    real = openai.AsyncOpenAI.post

    async def spy(self: Any, path: str, **kwargs: Any) -> Any:
        if path == "/chat/completions":
            sent.append(json.loads(json.dumps(kwargs["body"])))
        return await real(self, path, **kwargs)

    monkeypatch.setattr(openai.AsyncOpenAI, "post", spy)
    extract_all([article], config)
    assert request["custom_id"] == article.id and request["url"] == "/v1/chat/completions"
    assert request["body"] == sent[0]
    assert request["body"]["temperature"] == 0
    if mode == "tools":
        # The one tool is forced with the string form every server takes (llama.cpp refuses the object).
        assert request["body"]["tool_choice"] == "required"
        assert [t["function"]["name"] for t in request["body"]["tools"]] == ["Extraction"]
    if mode == "json_schema":
        assert request["body"]["response_format"]["type"] == "json_schema"


def test_long_article_is_chunked_into_numbered_requests(mock_llm: tuple[str, MockState], tmp_path: Path) -> None:
    url, _ = mock_llm
    text = "\n\n".join(
        f"Minister Ana Petrova{i} met envoy Karl Berg{i} in Lund on Monday to discuss the harbour project." for i in range(40)
    )
    article = Article(id="long1", source="long1.txt", text=text, metadata=ArticleMeta(published_at="2025-03-14"))
    config = _config(url, max_chars=1000)
    out, _ = _round_trip([article], config, tmp_path)
    ids = [r["custom_id"] for r in _lines(tmp_path / "req.jsonl")]
    assert len(ids) > 1 and ids == [f"long1#{i}" for i in range(1, len(ids) + 1)]
    [collected] = [ArticleResult.model_validate(o) for o in _lines(out)]
    [live] = extract_all([article], config)
    assert isinstance(live, ArticleResult)
    assert _comparable(collected) == _comparable(live)
    assert collected.warnings[0].code == "chunked"


def test_missing_failed_and_unparsable_results_go_to_the_errors_file(
    mock_llm: tuple[str, MockState], tmp_path: Path
) -> None:
    url, state = mock_llm
    config = _config(url)
    items = list(load_articles([str(SEEDS)]))
    ids = [a.id for a in items if isinstance(a, Article)]
    asyncio.run(prepare_requests(items, tmp_path / "req.jsonl", config))
    state.script.extend([{"status": 500, "message": "boom"}, {"fault": "malformed"}])
    info = submit_batch(tmp_path / "req.jsonl", config.llm)
    assert (info.completed, info.failed) == (4, 1)
    fetch_results(info.id, tmp_path / "res.jsonl", config.llm)
    kept = [r for r in _lines(tmp_path / "res.jsonl") if r["custom_id"] != ids[2]]
    (tmp_path / "res.jsonl").write_text("".join(json.dumps(r) + "\n" for r in kept))
    asyncio.run(collect_results(items, tmp_path / "res.jsonl", tmp_path / "out.jsonl", config))
    errors = {e["article_id"]: e["error"] for e in _lines(tmp_path / "out.errors.jsonl")}
    assert errors[ids[0]] == f"request {ids[0]} failed in the batch: HTTP 500: boom"
    assert errors[ids[1]].startswith(f"answer for {ids[1]} did not fit the schema")
    assert errors[ids[2]].startswith(f"no result for request {ids[2]}; submit this article again")
    assert [o["article_id"] for o in _lines(tmp_path / "out.jsonl")] == ids[3:]


def test_prepare_routes_load_failures_to_the_errors_file(tmp_path: Path) -> None:
    bad = LoadFailure(source="missing.txt", error="file not found")
    summary = asyncio.run(prepare_requests([bad], tmp_path / "req.jsonl", _config("http://127.0.0.1:9/v1")))
    assert (summary.requests, summary.failed) == (0, 1)
    [err] = _lines(tmp_path / "req.errors.jsonl")
    assert ErrorLine.model_validate(err).stage == "load"


def test_parse_result_line_reads_usage_and_fenced_content() -> None:
    line = {
        "custom_id": "a",
        "response": {
            "status_code": 200,
            "body": {
                "choices": [{"message": {"content": '```json\n{"actors": []}\n```'}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 12, "completion_tokens": 3},
            },
        },
    }
    answer = parse_result_line(line)
    assert answer.text == '{"actors": []}' and answer.error is None
    assert (answer.usage.requests, answer.usage.prompt_tokens, answer.usage.completion_tokens) == (1, 12, 3)


def test_unknown_batch_and_torn_results_say_what_to_do(mock_llm: tuple[str, MockState], tmp_path: Path) -> None:
    url, _ = mock_llm
    config = _config(url)
    with pytest.raises(TransportError, match="HTTP 404 .* while reading batch nope"):
        batch_status("nope", config.llm)
    (tmp_path / "res.jsonl").write_text('{"custom_id": "a", "response": {"status_co')
    with pytest.raises(InputError, match="res.jsonl:1 is not a Batch API result line"):
        asyncio.run(collect_results([], tmp_path / "res.jsonl", tmp_path / "out.jsonl", config))


def test_cli_round_trip(mock_llm: tuple[str, MockState], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = mock_llm
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    runner = CliRunner()
    seeds = str(SEEDS)
    prep = runner.invoke(app, ["batch", "prepare", seeds, "-o", "req.jsonl", "--model", "mock"])
    assert prep.exit_code == 0, prep.output
    assert "prepare: 5 requests for 5 articles (0 split into chunks), 0 failed -> req.jsonl" in prep.stderr
    sub = runner.invoke(app, ["batch", "submit", "req.jsonl"])
    assert sub.exit_code == 0, sub.output
    batch_id = sub.stdout.strip()
    status = runner.invoke(app, ["batch", "status", batch_id])
    assert status.exit_code == 0 and status.stdout.strip() == "completed"
    assert f"batch {batch_id}: completed, 5/5 done, 0 failed" in status.stderr
    fetched = runner.invoke(app, ["batch", "fetch", batch_id, "-o", "res.jsonl"])
    assert fetched.exit_code == 0, fetched.output
    args = ["batch", "collect", "res.jsonl", seeds, "-o", "out.jsonl", "--model", "mock"]
    collected = runner.invoke(app, args)
    assert collected.exit_code == 0, collected.output
    assert "5 articles extracted, 0 failed" in collected.stderr
    to_stdout = runner.invoke(app, ["batch", "collect", "res.jsonl", seeds, "--model", "mock"])
    assert to_stdout.exit_code == 0, to_stdout.output
    assert [json.loads(x)["article_id"] for x in to_stdout.stdout.splitlines()] == [
        o["article_id"] for o in _lines(Path("out.jsonl"))
    ]
    again = runner.invoke(app, args)
    assert again.exit_code == 1
    assert again.stderr.strip() == "Error: out.jsonl already exists; use --overwrite to write it again"
    live = runner.invoke(app, ["extract", seeds, "-o", "live.jsonl", "--model", "mock", "--no-cache"])
    assert live.exit_code == 0, live.output
    def same(o: dict[str, Any]) -> dict[str, Any]:
        # Timings differ. A live run re-asks what the grounding check flags and a batch has no second
        # turn, so their requests, tokens and re-ask counts may differ; the mock answers a re-ask as it
        # answered the first time, so the records, warnings and every other count must not.
        kept = {k: v for k, v in o.items() if k not in ("timings", "usage")}
        return {**kept, "grounding": {**o["grounding"], "reasked": 0}}

    assert [same(o) for o in _lines(Path("out.jsonl"))] == [same(o) for o in _lines(Path("live.jsonl"))]


def test_cli_prepare_rejects_unknown_mode() -> None:
    result = CliRunner().invoke(app, ["batch", "prepare", "x.txt", "-o", "r.jsonl", "--mode", "xml"])
    assert result.exit_code == 2
    assert "use tools, json_schema, json or md_json" in result.output
