"""Ctrl-C during a long ``newsfacts extract``, as a user presses it: a prompt exit, then a clean resume.

The command runs as a real subprocess and gets a real SIGINT, offline and
against the mock model (with worker processes), so the event loop, the
look-ahead window and the pool's shutdown are what is tested.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from samples import write_articles_jsonl

#: The issue's run. The model run is smaller (the mock's and the client's CPU per article cost more);
#: any input past the look-ahead window (concurrency x 4) is what used to hang.
ARTICLES = {"heuristic": 3000, "model": 500}
INTERRUPTED = re.compile(r"^interrupted: (\d+) done, (\d+) pending; rerun with --resume$")


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", *args]


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["article_id"] for line in path.read_text(encoding="utf-8").splitlines()]


def _default_sigint() -> None:
    """A child started from a shell job that ignores SIGINT would inherit that; a terminal's child does not."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(args: list[str], out: Path, after_lines: int) -> tuple[int, str, float]:
    """Start the command, press Ctrl-C once ``after_lines`` lines are out; return code, stderr, seconds to exit."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_default_sigint)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= after_lines:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        pressed = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=5)
        return proc.returncode, stderr, time.monotonic() - pressed
    finally:
        if proc.poll() is None:  # hung: the failure is reported above, don't leave it behind
            proc.kill()
            proc.wait()


@pytest.fixture
def mock_llm_process() -> Iterator[str]:
    """``newsfacts mock-llm`` in its own process (its CPU is not the client's); yields its base URL."""
    proc = subprocess.Popen(_cli("mock-llm", "--port", "0"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r"listening on (http://\S+)", line)
        assert match, line
        yield match.group(1)
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("engine", ["heuristic", "model"])
def test_ctrl_c_exits_at_once_and_resume_completes_exactly_once(
    tmp_path: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    inp, out = tmp_path / "many.jsonl", tmp_path / "h.jsonl"
    ids = write_articles_jsonl(inp, ARTICLES[engine], seed=18)
    args = _cli("extract", str(inp), "-o", str(out), "--no-progress")
    if engine == "model":  # and worker processes, whose pool must shut down too
        url = request.getfixturevalue("mock_llm_process")
        args += ["--base-url", url, "--model", "mock", "--no-cache", "--workers", "2", "--concurrency", "32"]
    code, stderr, seconds = _interrupt(args, out, after_lines=100)
    assert code == 130, stderr
    assert seconds < 5
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    match = INTERRUPTED.match(last)
    assert match, last
    written = _ids(out)
    assert int(match.group(1)) == len(written) and len(written) < len(ids)
    resumed = subprocess.run([*args, "--resume"], capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(written)} skipped (already done)" in resumed.stderr
    got = _ids(out)
    assert sorted(got) == sorted(ids), "every article exactly once: none lost, none doubled"
    errors = tmp_path / "h.errors.jsonl"
    assert not errors.exists() or not errors.read_text(encoding="utf-8"), "no article failed"
