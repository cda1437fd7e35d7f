"""The library call behind ``newsfacts extract``: options in, a plan and a run out."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.errors import ConfigError, OptionError
from pipeline.engines.options import ExtractOptions
from pipeline.engines.run import plan_extract, run_extract

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_without_an_endpoint_the_plan_says_it_uses_the_heuristic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    out = tmp_path / "out.jsonl"
    plan = plan_extract(ExtractOptions(inputs=[str(SEEDS)], output=out, no_cache=True))
    assert plan.config.backend == "heuristic"
    assert any("offline heuristic" in note for note in plan.notes)
    assert plan.errors_where == str(tmp_path / "out.errors.jsonl")
    summary = run_extract(plan)
    assert summary.articles == 5 and summary.failed == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


def test_a_local_endpoint_gets_the_article_deadline_per_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:8080/v1")
    plan = plan_extract(ExtractOptions(inputs=["x"], article_timeout=200))
    assert plan.config.backend == "llm"
    assert plan.config.llm.request_timeout_s == 200
    remote = plan_extract(ExtractOptions(inputs=["x"], base_url="https://api.example.com/v1"))
    assert remote.config.llm.request_timeout_s == 60


def test_contradicting_options_are_refused_before_any_work() -> None:
    with pytest.raises(ConfigError, match="--resume continues the output"):
        plan_extract(ExtractOptions(inputs=["x"], resume=True, overwrite=True))
    with pytest.raises(OptionError, match="writes shards") as refused:
        plan_extract(ExtractOptions(inputs=["x"], engine="ray"))
    assert refused.value.option == "--output"


def test_the_api_key_never_shows_in_the_options_repr() -> None:
    assert "sk-secret" not in repr(ExtractOptions(inputs=["x"], api_key="sk-secret"))
