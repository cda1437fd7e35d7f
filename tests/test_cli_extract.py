"""``newsfacts extract`` as a user runs it: the seeds offline, a model endpoint, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.testing.mock_server import MockState
from schemas import ArticleResult

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

runner = CliRunner()


def _lines(path: Path) -> list[ArticleResult]:
    return [ArticleResult.model_validate_json(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_seeds_offline_give_five_grounded_lines(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "no model endpoint configured; using the offline heuristic extractor" in result.stderr
    assert "5 articles extracted, 0 failed" in result.stderr
    lines = _lines(out)
    assert len(lines) == 5
    for line in lines:
        counts = line.records.count()
        assert counts["actors"] and counts["events"], line.article_id
        for _kind, _rid, span in line.records.spans():
            assert line.text[span.start : span.end] == span.text
        assert line.metadata.published_at == "2025-03-14"
    assert sum(bool(line.records.quotes) for line in lines) >= 4
    flagged = {b.text for line in lines for b in line.boilerplate}
    assert any(t.startswith("READ ALSO") for t in flagged)
    for line in lines:  # no record quotes a flagged boilerplate line
        for b in line.boilerplate:
            assert all(s.end <= b.start or s.start >= b.end for _k, _r, s in line.records.spans())


def test_model_endpoint_via_flags(tmp_path: Path, mock_llm: tuple[str, MockState]) -> None:
    url, state = mock_llm
    state.fixtures = ROOT / "evals" / "fixtures"
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(SEEDS), "--base-url", url, "--model", "m", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = _lines(out)
    assert [x.extractor.backend for x in lines] == ["llm"] * 5
    assert state.requests == 5
    assert all(x.records.count()["actors"] > 5 for x in lines)


def test_model_endpoint_from_environment(tmp_path: Path, mock_llm: tuple[str, MockState], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url, state = mock_llm
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    monkeypatch.setenv("NEWSFACTS_MODEL", "env-model")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(SEEDS / "000_f7f6139fa8caf82f.txt"), "-o", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert _lines(out)[0].extractor.model == "env-model"
    assert state.log[-1]["model"] == "env-model"


def test_unknown_mode_is_a_usage_error() -> None:
    result = runner.invoke(app, ["extract", str(SEEDS), "--mode", "xml"])
    assert result.exit_code == 2
    assert "Invalid value for '--mode'" in result.output
    assert "'xml' is not one of 'tools', 'json_schema', 'json', 'md_json', 'auto'" in result.output


def test_nothing_readable_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert "Error: no article could be extracted (2 failed)" in result.stderr
    errors = [json.loads(x) for x in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 2 and all("\n" not in e["error"] for e in errors)
    assert "Traceback" not in result.output


def test_mixed_folder_writes_readable_articles_and_one_error_per_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "page.html").write_text(
        "<html><head><title>Harbour strike</title></head><body><nav>Home | World | Sport</nav>"
        "<article><h1>Harbour strike</h1><p>Port Minister Ana Ruiz said on Monday that the strike at the harbour "
        "of Tarrow had ended after talks with the dockers' union.</p><p>\"We reached a fair deal,\" Ruiz told "
        "reporters at a press conference in Tarrow.</p></article><footer>(c) Example News</footer></body></html>",
        encoding="utf-8",
    )
    (folder / "old.txt").write_bytes("Caf\xe9 owners in Marvel said the \x93crisis\x94 was over.\n".encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(_lines(out)) == 7
    errors = [json.loads(x) for x in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(e["source"]).name for e in errors) == ["blob.txt", "empty.txt"]


def test_schema_command_prints_the_output_line_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "ArticleResult" and "records" in schema["properties"]


def _run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True, timeout=60, env=env)


def test_llm_backend_without_endpoint_or_key_is_refused_before_any_request(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_BASE_URL", "OPENAI_API_KEY")}
    proc = _run_cli("extract", str(SEEDS), "-o", str(out), "--backend", "llm", env=env)
    assert proc.returncode == 1
    assert proc.stderr == (
        "Error: --backend llm needs a model endpoint: set --base-url or OPENAI_BASE_URL (a local or hosted "
        "OpenAI-compatible server), or --api-key or OPENAI_API_KEY (OpenAI)\n"
    )
    assert not out.exists()  # refused before any input was read or request sent


def test_resume_with_overwrite_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"article_id": "kept"}\n', encoding="utf-8")
    proc = _run_cli("extract", str(SEEDS), "-o", str(out), "--resume", "--overwrite")
    assert proc.returncode == 1
    assert proc.stderr == (
        "Error: --resume continues the output and --overwrite starts it again; give one of them\n"
    )
    assert out.read_text(encoding="utf-8") == '{"article_id": "kept"}\n'
