"""Smoke run of the throughput benchmark: a few articles against a real mock process."""

from __future__ import annotations

import json
import random
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals.bench import BenchOptions, format_report, mock_process, run_bench
from pipeline.cli import app


def test_bench_measures_every_workload_against_a_mock_process() -> None:
    report = run_bench(BenchOptions(articles=12, concurrency=4, latency=0.05, sequential_articles=3))
    names = [r.name for r in report.rows]
    assert names == [
        "pipeline (run_batch)",
        "pipeline, 2 worker processes",
        "instructor, sequential",
        "instructor, gather+semaphore",
        "openai client, no instructor",
    ]
    pipeline, pooled, sequential = report.rows[0], report.rows[1], report.rows[2]
    assert pooled.failed == 0 and pooled.workers == 2 and pooled.workers_peak_rss_mb
    # The worker processes' CPU is counted: they parse answers the parent never sees.
    assert pooled.cpu_ms_per_article > 0
    assert pipeline.failed == 0 and pipeline.articles == 12
    assert pipeline.ideal == pytest.approx(4 / 0.05)
    assert pipeline.ratio == pytest.approx(pipeline.rate / pipeline.ideal, rel=0.01, abs=0.001)  # ratio has 3 decimals
    assert 0 < pipeline.ratio <= 1.05
    # One at a time, each article costs at least the mock's latency.
    assert sequential.concurrency == 1 and sequential.rate <= 1 / 0.05 * 1.05
    assert all(r.cpu_ms_per_article > 0 and r.peak_rss_mb > 0 for r in report.rows)
    # The mock's answers were computed before timing: it spends little per request.
    assert all(r.mock_cpu_ms_per_article is not None and r.mock_cpu_ms_per_article >= 0 for r in report.rows)
    table = format_report(report)
    assert "pipeline (run_batch)" in table and "cpu ms/art" in table


def test_the_realistic_workload_re_asks_and_drops_and_counts_tokens_per_article() -> None:
    """Flawed answers: the invented quotes are re-asked (fixed or dropped), and the usage columns are filled."""
    o = BenchOptions(articles=40, concurrency=8, latency=0.01, workers=1, realistic=True, sequential_articles=2)
    report = run_bench(o)
    pipeline, bare = report.rows[0], report.rows[-1]
    assert pipeline.failed == 0 and bare.name == "openai client, no instructor"
    assert bare.requests_per_article == 1.0
    assert pipeline.requests_per_article is not None and 1.0 < pipeline.requests_per_article < 1.5
    assert pipeline.prompt_tokens_per_article and pipeline.prompt_tokens_per_article > bare.prompt_tokens_per_article
    assert 0 < (pipeline.cached_share or 0) < 1
    assert "req/art" in format_report(report) and "realistic" in format_report(report)


def test_flawed_answers_are_seeded_and_keep_the_article_s_own_evidence_for_the_re_ask() -> None:
    from evals.realistic import UNSUPPORTED_QUOTE, Flaws, flawed_answer
    from evals.synth import generate_articles

    article = next(iter(generate_articles(1, 3, paragraphs=36)))
    always = Flaws(unsupported_fixed=1.0, unsupported_kept=0.0)
    first = flawed_answer(article.text, random.Random(5), always)
    assert first == flawed_answer(article.text, random.Random(5), always)
    assert UNSUPPORTED_QUOTE in json.dumps(first["extraction"]) and UNSUPPORTED_QUOTE not in json.dumps(first["reask"])
    for records in first["reask"].values():
        for record in records:
            assert all(e in article.text for e in record.get("evidence") or [])
    kept = flawed_answer(article.text, random.Random(5), Flaws(unsupported_fixed=0.0, unsupported_kept=1.0))
    assert "reask" not in kept


def test_mock_process_serves_and_stops() -> None:
    with mock_process(0.0) as mock:
        url = mock.url
        assert url.startswith("http://127.0.0.1:")
        assert (mock.cpu_seconds() or 0) > 0
        with urllib.request.urlopen(url + "/models", timeout=5) as reply:
            assert reply.status == 200
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/models", timeout=5)


def test_cli_bench_prints_the_table_and_writes_json(tmp_path: Path) -> None:
    target = tmp_path / "bench.json"
    result = CliRunner().invoke(
        app,
        ["bench", "--articles", "6", "--concurrency", "3", "--latency", "0.02", "--no-baselines", "--workers", "1",
         "--json", str(target)],
    )
    assert result.exit_code == 0, result.output
    assert "pipeline (run_batch)" in result.stdout
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [r["name"] for r in data["rows"]] == ["pipeline (run_batch)"]
    assert data["rows"][0]["articles"] == 6 and data["rows"][0]["failed"] == 0


def test_cli_bench_runs_the_realistic_workload(tmp_path: Path) -> None:
    """`newsfacts bench --realistic` reports the tokens and requests of flawed answers, as `python -m evals.bench` does."""
    target = tmp_path / "bench.json"
    result = CliRunner().invoke(
        app,
        ["bench", "--articles", "4", "--concurrency", "2", "--latency", "0.02", "--no-baselines", "--workers", "1",
         "--realistic", "--json", str(target)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["options"]["realistic"] is True
    row = data["rows"][0]
    assert row["failed"] == 0 and row["requests_per_article"] >= 1 and row["prompt_tokens_per_article"] > 0


def test_cli_bench_rejects_a_zero_article_run() -> None:
    result = CliRunner().invoke(app, ["bench", "--articles", "0"])
    assert result.exit_code == 2
    assert "--articles" in result.output
