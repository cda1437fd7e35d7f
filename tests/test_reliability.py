"""Unattended runs against a flaky endpoint: fault soak, SIGKILL and resume, one writer, secrets.

The mock model runs in this process; ``newsfacts extract`` runs as a real
subprocess where a crash or a second process is the point of the test.
Figures (soak throughput ratio) are printed and, when
``NEWSFACTS_REPORT_DIR`` is set, written there as JSON for CI to publish.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from samples import write_articles_jsonl

from evals.synth import generate_articles
from pipeline import ExtractConfig, LLMSettings, run_batch
from pipeline.backends.llm.cache import ResponseCache
from pipeline.engines.local import errors_path_for
from pipeline.testing.mock_server import Faults, MockState, running_mock


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _soak(tmp_path: Path, faults: Faults, n: int, name: str) -> tuple[list[dict], list[dict], float]:
    with running_mock(MockState(latency_s=0.01, faults=faults, seed=7)) as (url, _state):
        settings = LLMSettings(
            base_url=url, model="mock", request_timeout_s=1.0, backoff_initial_s=0.02, backoff_max_s=0.5
        )
        config = ExtractConfig(backend="llm", llm=settings, cache_path=None, concurrency=32)
        out = tmp_path / f"{name}.jsonl"
        started = time.perf_counter()
        asyncio.run(run_batch(generate_articles(n, seed=11), out, config, progress=False))
        seconds = time.perf_counter() - started
    return _lines(out), _lines(errors_path_for(out)), seconds


def test_fault_soak_loses_nothing(tmp_path: Path) -> None:
    n = 200
    faults = Faults(
        rate_limit=0.10, server_error=0.05, hang=0.02, malformed=0.02, schema_invalid=0.02,
        retry_after_s=0.05, hang_s=3.0,
    )
    ok, errors, faulty_s = _soak(tmp_path, faults, n, "faulty")
    clean_ok, _, clean_s = _soak(tmp_path, Faults(), n, "clean")
    ids = [x["article_id"] for x in ok] + [x["article_id"] for x in errors]
    assert len(ids) == n and len(set(ids)) == n, "every article exactly once"
    assert len(ok) >= 0.99 * n
    assert len(clean_ok) == n
    ratio = clean_s / faulty_s
    figures = {"articles": n, "in_output": len(ok), "in_errors": len(errors), "throughput_ratio_vs_clean": round(ratio, 3)}
    print("soak:", json.dumps(figures))
    if report := os.environ.get("NEWSFACTS_REPORT_DIR"):
        Path(report).mkdir(parents=True, exist_ok=True)
        (Path(report) / "soak.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", *args]


@pytest.mark.parametrize("workers", [1, 2])
def test_sigkill_then_resume_gives_every_article_exactly_once(tmp_path: Path, workers: int) -> None:
    inp = tmp_path / "in.jsonl"
    ids = write_articles_jsonl(inp, 100, seed=21)
    out, cache = tmp_path / "out.jsonl", tmp_path / "cache.sqlite"
    rng = random.Random(1)
    with running_mock(MockState(latency_s=0.05)) as (url, _):
        args = _cli("extract", str(inp), "-o", str(out), "--base-url", url, "--model", "m",
                    "--cache", str(cache), "--concurrency", "4", "--no-progress", "--resume",
                    "--workers", str(workers))
        kills = 0
        for _ in range(3):
            target = len(_lines(out)) + rng.randint(5, 20)
            proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline:
                if out.exists() and out.read_bytes().count(b"\n") >= target:
                    proc.send_signal(signal.SIGKILL)
                    kills += 1
                    break
                time.sleep(0.01)
            proc.wait(30)
        assert kills == 3
        for _ in range(5):
            if subprocess.run(args, capture_output=True, timeout=120).returncode == 0 and len(_lines(out)) + len(
                _lines(errors_path_for(out))
            ) == len(ids):
                break
    raw = out.read_bytes()
    assert raw.endswith(b"\n"), "no torn last line"
    got = [x["article_id"] for x in _lines(out)] + [x["article_id"] for x in _lines(errors_path_for(out))]
    assert sorted(got) == sorted(ids), "every article exactly once across output and errors"
    served = ResponseCache(cache)
    assert len(served) >= len(_lines(out)) - 3 * 4  # at most the work in flight was lost
    served.close()


def test_second_writer_process_is_refused_at_once(tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    write_articles_jsonl(inp, 40, seed=2)
    out = tmp_path / "out.jsonl"
    with running_mock(MockState(latency_s=0.3)) as (url, _):
        first = subprocess.Popen(
            _cli("extract", str(inp), "-o", str(out), "--base-url", url, "--no-cache", "--concurrency", "1"),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            lock = out.with_name(out.name + ".lock")
            deadline = time.monotonic() + 30
            while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
                time.sleep(0.05)
            started = time.monotonic()
            second = subprocess.run(
                _cli("extract", str(inp), "-o", str(out), "--base-url", url, "--no-cache", "--resume"),
                capture_output=True, text=True, timeout=60,
            )
            assert second.returncode == 1
            assert f"Error: out.jsonl is being written by another newsfacts run (pid {first.pid})" in second.stderr
            assert time.monotonic() - started < 15
        finally:
            first.kill()
            first.wait()


def test_api_key_never_leaves_the_process(tmp_path: Path) -> None:
    canary = "sk-canary-" + "7f3e9a1c5b2d4e6f8a0b"
    inp = tmp_path / "in.jsonl"
    write_articles_jsonl(inp, 12, seed=4)
    out = tmp_path / "run" / "out.jsonl"
    faults = Faults(rate_limit=0.2, server_error=0.2, malformed=0.1, retry_after_s=0.01)
    with running_mock(MockState(faults=faults, seed=3)) as (url, state):
        proc = subprocess.run(
            _cli("extract", str(inp), "-o", str(out), "--base-url", url, "--api-key", canary,
                 "--cache", str(tmp_path / "run" / "cache.sqlite"), "--verbose", "--max-retries", "1"),
            capture_output=True, text=True, timeout=120,
        )
        assert state.requests > 12
    assert "HTTP Request" in proc.stderr or "Request" in proc.stderr  # --verbose really traced
    assert canary not in proc.stdout and canary not in proc.stderr
    for path in (tmp_path / "run").rglob("*"):
        if path.is_file():
            assert canary.encode() not in path.read_bytes(), path


def _free_port() -> int:
    """A loopback port nothing listens on (it was free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("workers", [1, 2])
def test_refused_connection_stops_the_run_fast_and_resume_extracts_everything(tmp_path: Path, workers: int) -> None:
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    ids = write_articles_jsonl(inp, 40, seed=9)
    down = f"http://127.0.0.1:{_free_port()}/v1"
    common = ("extract", str(inp), "-o", str(out), "--model", "m", "--no-cache", "--no-progress", "--concurrency", "4")
    started = time.monotonic()
    proc = subprocess.run(_cli(*common, "--base-url", down, "--workers", str(workers)),
                          capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 10
    assert proc.returncode == 1
    assert proc.stderr.count(f"could not connect to {down}") == 1, proc.stderr  # once for the run
    assert proc.stderr.startswith(f"Error: could not connect to {down} (connection refused")
    assert "Traceback" not in proc.stderr and "never retrieved" not in proc.stderr
    assert _lines(out) == [] and _lines(errors_path_for(out)) == []  # nothing done, nothing marked failed
    with running_mock(MockState()) as (url, _):
        resumed = subprocess.run(_cli(*common, "--base-url", url, "--resume"), capture_output=True, text=True, timeout=60)
    assert resumed.returncode == 0, resumed.stderr
    assert sorted(x["article_id"] for x in _lines(out)) == sorted(ids)


def test_resume_retries_failed_articles_and_keeps_the_errors_history(tmp_path: Path) -> None:
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    ids = write_articles_jsonl(inp, 5, seed=12)
    args = _cli("extract", str(inp), "-o", str(out), "--model", "m", "--no-cache", "--no-progress", "--resume")
    with running_mock(MockState(faults=Faults(server_error=1.0))) as (url, state):
        failed = subprocess.run([*args, "--base-url", url, "--max-retries", "0"], capture_output=True, text=True, timeout=60)
        assert failed.returncode == 1
        history = _lines(errors_path_for(out))
        assert [e["article_id"] for e in history] == ids
        assert all(e["error"].startswith("HTTP 500 from the model endpoint (") for e in history)
        assert all(e["error"].endswith(" after 1 attempt(s)") and "<" not in e["error"] for e in history)
        assert all(e["usage"]["requests"] == 1 for e in history)
        assert all(e["attempts"] == 1 for e in history)  # a request was tried: the line says so

        state.faults = Faults()  # the endpoint is back
        resumed = subprocess.run([*args, "--base-url", url], capture_output=True, text=True, timeout=60)
        assert resumed.returncode == 0, resumed.stderr
        assert "5 articles extracted, 0 failed, 5 retried (failed before)" in resumed.stderr
        assert [x["article_id"] for x in _lines(out)] == ids
        assert _lines(errors_path_for(out)) == history  # appended to, never cut: the failures stay as history

        again = subprocess.run([*args, "--base-url", url], capture_output=True, text=True, timeout=60)
    assert "0 articles extracted, 0 failed, 5 skipped (already done)" in again.stderr  # resolved, not retried
    assert len(_lines(out)) == 5


def test_timeouts_are_still_retried_and_counted_in_attempts(tmp_path: Path) -> None:
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_articles_jsonl(inp, 2, seed=13)
    with running_mock(MockState(faults=Faults(hang=1.0, hang_s=0.5))) as (url, state):
        proc = subprocess.run(
            _cli("extract", str(inp), "-o", str(out), "--base-url", url, "--model", "m", "--no-cache",
                 "--no-progress", "--timeout", "0.2", "--max-retries", "2"),
            capture_output=True, text=True, timeout=60,
        )
        assert state.requests == 6
    assert proc.returncode == 1
    errors = _lines(errors_path_for(out))
    assert [e["error"] for e in errors] == ["request to the model endpoint timed out after 3 attempt(s)"] * 2
    assert [e["attempts"] for e in errors] == [3, 3]


def test_a_fault_rate_outside_zero_to_one_is_refused() -> None:
    """A mock configured with an impossible rate would silently fail every request; it is refused instead."""
    import pydantic

    with pytest.raises(pydantic.ValidationError, match="less than or equal to 1"):
        Faults(server_error=1.5)
    assert Faults(server_error=1.0).server_error == 1.0
