"""Several worker processes (``--workers``): same lines in the same order, nothing lost when one dies."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from samples import write_articles_jsonl
from typer.testing import CliRunner

from evals.synth import generate_articles
from pipeline import ExtractConfig, LLMSettings, run_batch
from pipeline.cli import app
from pipeline.engines.local import errors_path_for
from pipeline.engines.workers import WorkerPool, worker_config
from pipeline.io.articles import Article, LoadFailure
from pipeline.testing.mock_server import MockState, running_mock


def _config(url: str, workers: int, concurrency: int = 8, **llm: Any) -> ExtractConfig:
    settings = LLMSettings(base_url=url, model="mock", **llm)
    return ExtractConfig(backend="llm", llm=settings, cache_path=None, concurrency=concurrency, workers=workers)


def _without_timings(path: Path) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        line.pop("timings", None)  # and prompt-cache hits, which depend on what the server saw first
        if line.get("usage"):
            line["usage"]["cached_prompt_tokens"] = 0
    return lines


def _items(n: int) -> list[Article | LoadFailure]:
    items: list[Article | LoadFailure] = list(generate_articles(n, seed=5))
    items.insert(7, LoadFailure(source="broken.html", error="not UTF-8 and no charset detected"))
    return items


def test_two_workers_write_what_one_process_writes_in_input_order(tmp_path: Path) -> None:
    items = _items(40)
    with running_mock(MockState(latency_s=0.02)) as (url, state):
        one = asyncio.run(run_batch(items, tmp_path / "one.jsonl", _config(url, 1), progress=False))
        two = asyncio.run(run_batch(items, tmp_path / "two.jsonl", _config(url, 2), progress=False))
    assert _without_timings(tmp_path / "two.jsonl") == _without_timings(tmp_path / "one.jsonl")
    ids = [line["article_id"] for line in _without_timings(tmp_path / "two.jsonl")]
    assert ids == [a.id for a in items if isinstance(a, Article)]
    errors = _without_timings(errors_path_for(tmp_path / "two.jsonl"))
    assert [e["source"] for e in errors] == ["broken.html"]
    assert (two.articles, two.failed, two.load_errors) == (one.articles, one.failed, one.load_errors) == (40, 1, 1)
    assert two.records == one.records and two.usage.requests == one.usage.requests == 40
    assert state.requests == 80


def test_rate_limits_are_shared_out_between_workers() -> None:
    config = _config("http://127.0.0.1:9/v1", 4, concurrency=64, rpm=600, tpm=1_000_000)
    each = worker_config(config)
    assert each.llm.rpm == 150 and each.llm.tpm == 250_000
    assert each.workers == 1 and each.concurrency == 64, "the pool, not each worker, caps what is in flight"


def test_a_killed_worker_costs_only_its_articles_in_flight(tmp_path: Path) -> None:
    n = 600  # this process extracts while the child starts: enough articles that the child gets some
    items = list(generate_articles(n, seed=9))
    out = tmp_path / "out.jsonl"

    async def run() -> tuple[list[int], Any]:
        killed: list[int] = []
        config = _config(url, 2, concurrency=16)
        original = WorkerPool.submit

        async def submit(pool: WorkerPool, article: Article) -> Any:
            busy = [c for c in pool._children if c.inflight]
            if not killed and busy and sum(len(c.inflight) for c in busy) >= 3:
                killed.append(busy[0].process.pid or 0)
                os.kill(busy[0].process.pid or 0, signal.SIGKILL)
            return await original(pool, article)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(WorkerPool, "submit", submit)
            summary = await run_batch(items, out, config, progress=False)
        return killed, summary

    with running_mock(MockState(latency_s=0.1)) as (url, _):
        killed, summary = asyncio.run(run())
    assert killed, "a child was busy and got killed"
    ok = _without_timings(out)
    errors = _without_timings(errors_path_for(out))
    ids = [x["article_id"] for x in ok] + [x["article_id"] for x in errors]
    assert sorted(ids) == sorted(a.id for a in items), "every article exactly once"
    assert 1 <= len(errors) <= 16 and all(e["stage"] == "worker" for e in errors)
    assert all("died (exit code -9)" in e["error"] for e in errors)
    assert summary.articles == len(ok) and summary.failed == len(errors)
    assert len(ok) >= n - 16, "a fresh worker took over and the batch went on"


def test_a_script_without_a_main_guard_gets_told_why(tmp_path: Path) -> None:
    script = tmp_path / "run.py"
    script.write_text(
        "import asyncio\n"
        "from pathlib import Path\n"
        "from evals.synth import generate_articles\n"
        "from pipeline import ExtractConfig, run_batch\n"
        "config = ExtractConfig(backend='heuristic', cache_path=None, workers=2, concurrency=2)\n"
        "asyncio.run(run_batch(generate_articles(5000), Path('out.jsonl'), config, progress=False, overwrite=True))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert done.returncode != 0
    assert 'if __name__ == "__main__":' in done.stderr


def test_cli_workers_run_and_refuse_the_ray_engine(tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    write_articles_jsonl(inp, 12, seed=3)
    runner = CliRunner()
    with running_mock(MockState()) as (url, _):
        result = runner.invoke(
            app,
            ["extract", str(inp), "-o", str(tmp_path / "o.jsonl"), "--base-url", url, "--model", "m",
             "--no-cache", "--workers", "2", "--no-progress"],
        )
    assert result.exit_code == 0, result.output
    assert "12 articles extracted, 0 failed" in result.output
    assert len((tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()) == 12
    refused = runner.invoke(app, ["extract", str(inp), "-o", str(tmp_path / "r"), "--engine", "ray", "--workers", "2"])
    assert refused.exit_code == 2 and "--workers" in refused.output


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


def test_workers_do_not_outlive_a_killed_parent(tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    write_articles_jsonl(inp, 300, seed=4)
    with running_mock(MockState(latency_s=0.2)) as (url, _):
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "extract", str(inp), "-o", str(tmp_path / "o.jsonl"),
             "--base-url", url, "--model", "m", "--no-cache", "--workers", "3", "--no-progress"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        children: list[int] = []
        deadline = time.monotonic() + 60
        while len(children) < 2 and time.monotonic() < deadline:
            found = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
            children = [int(p) for p in found]
            time.sleep(0.1)
        assert len(children) >= 2, "the parent started its worker processes"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in children) and time.monotonic() < deadline:
            time.sleep(0.2)
    assert not any(_alive(p) for p in children), "orphaned workers exit on their own"
