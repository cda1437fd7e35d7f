"""The Ray engine on a local Ray instance: same lines as a plain run, shards, manifest and resume."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.core.errors import InputError
from pipeline.engines.local import extract_all
from pipeline.engines.ray_cluster import MANIFEST, run_ray
from pipeline.extract.settings import ExtractConfig, LLMSettings
from pipeline.io.articles import Article, LoadFailure, load_articles
from pipeline.testing.mock_server import MockState

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

try:
    import ray
except ImportError:  # pragma: no cover - depends on the environment
    if os.environ.get("CI"):
        raise  # CI installs ray: a missing ray there is a broken environment, not a skip
    pytest.skip("ray is not installed (pip install 'ray>=2.9'); the Ray engine is optional", allow_module_level=True)


@pytest.fixture(scope="module", autouse=True)
def _ray_local() -> Iterator[None]:
    """One local Ray instance for the module: starting Ray takes most of the test time."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _items() -> list[Article | LoadFailure]:
    return list(load_articles([str(SEEDS)]))


def _shard_lines(out_dir: Path, kind: str = "") -> list[dict[str, Any]]:
    manifest = json.loads((out_dir / MANIFEST).read_text())
    key = "errors" if kind == "errors" else "file"
    lines: list[dict[str, Any]] = []
    for shard in manifest["shards"]:
        lines += [json.loads(x) for x in (out_dir / shard[key]).read_text().splitlines()]
    return lines


def _plain(config: ExtractConfig) -> list[dict[str, Any]]:
    return [json.loads(x.model_dump_json()) for x in extract_all(_items(), config)]


def _untimed(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines without what legitimately differs between two runs: timings and prompt-cache hits."""
    return [
        {**{k: v for k, v in line.items() if k != "timings"}, "usage": {**line["usage"], "cached_prompt_tokens": 0}}
        if "usage" in line and line["usage"]
        else {k: v for k, v in line.items() if k != "timings"}
        for line in lines
    ]


@pytest.fixture(scope="module")
def plain_heuristic() -> list[dict[str, Any]]:
    """The plain (local engine) run's lines on the seeds, computed once."""
    return _untimed(_plain(ExtractConfig(cache_path=None)))


def test_shards_hold_the_plain_runs_lines_and_resume_redoes_only_missing_blocks(
    tmp_path: Path, plain_heuristic: list[dict[str, Any]]
) -> None:
    config = ExtractConfig(cache_path=None)
    out = tmp_path / "run"
    summary = run_ray(_items(), out, config, workers=2, block_size=2)
    assert summary.articles == 5 and summary.failed == 0
    manifest = json.loads((out / MANIFEST).read_text())
    assert [s["file"] for s in manifest["shards"]] == ["shard-00001.jsonl", "shard-00002.jsonl", "shard-00003.jsonl"]
    assert [s["items"] for s in manifest["shards"]] == [2, 2, 1]
    assert _untimed(_shard_lines(out)) == plain_heuristic

    manifest["shards"] = manifest["shards"][:2]  # block 3 "crashed" before it was listed
    (out / MANIFEST).write_text(json.dumps(manifest))
    (out / "shard-00003.jsonl").write_text('{"torn')
    with pytest.raises(InputError, match="already holds shards; use --resume"):
        run_ray(_items(), out, config, workers=1, block_size=2)
    again = run_ray(_items(), out, config, workers=1, block_size=2, resume=True)
    assert (again.skipped, again.articles) == (4, 1)
    assert _untimed(_shard_lines(out)) == plain_heuristic


def test_resume_refuses_shards_of_other_inputs(tmp_path: Path) -> None:
    config = ExtractConfig(cache_path=None)
    out = tmp_path / "run"
    run_ray(_items()[:2], out, config, workers=1, block_size=2)
    with pytest.raises(InputError, match="shard 1 .* was written for other inputs"):
        run_ray(_items()[2:], out, config, workers=1, block_size=2, resume=True)


def test_model_backend_through_the_mock_matches_the_plain_run(
    mock_llm: tuple[str, MockState], tmp_path: Path
) -> None:
    url, _ = mock_llm
    config = ExtractConfig(backend="llm", llm=LLMSettings(base_url=url, model="mock"), cache_path=None)
    run_ray(_items() + [LoadFailure(source="gone.txt", error="file not found")], tmp_path / "llm", config, block_size=3)
    assert _untimed(_shard_lines(tmp_path / "llm")) == _untimed(_plain(config))
    [err] = _shard_lines(tmp_path / "llm", "errors")
    assert (err["source"], err["stage"]) == ("gone.txt", "load")


def test_cli_extract_engine_ray(tmp_path: Path) -> None:
    from pipeline.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(SEEDS), "--backend", "heuristic", "--engine", "ray", "-o", "shards"])
    assert result.exit_code == 0, result.output
    assert "5 articles extracted, 0 failed" in result.stderr
    assert sorted(p.name for p in Path("shards").iterdir()) == ["manifest.json", "shard-00001.errors.jsonl", "shard-00001.jsonl"]
    gold = str(SEEDS.parent / "evals" / "gold")
    for command in (["eval", "shards", "--gold", gold], ["export", "shards", "--db", "x.db"],
                    ["merge", "shards", "-o", "story.json"], ["review", "shards", "-o", "review.html"]):
        read = runner.invoke(app, command)
        assert read.exit_code == 0, (command, read.output)
    assert "export: 5 articles" in runner.invoke(app, ["export", "shards", "--db", "x.db"]).stderr
    bad = runner.invoke(app, ["extract", str(SEEDS), "--engine", "ray", "-o", "out.jsonl"])
    assert bad.exit_code == 1
    assert "Error: out.jsonl: with --engine ray, -o names a folder for the shards, not a .jsonl file" in bad.stderr
