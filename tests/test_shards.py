"""A Ray output folder is read by eval, export, merge and review exactly like the JSONL of a local run.

The folder is written by the Ray engine's own shard writer (``_Run.finish``,
what ``run_ray`` calls after each block), so these tests need no Ray.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.engines.local import extract_all
from pipeline.engines.ray_cluster import Block, _Run
from pipeline.engines.summary import Summary
from pipeline.extract.settings import ExtractConfig
from pipeline.io.articles import load_articles
from pipeline.io.shards import MANIFEST
from schemas import ErrorLine

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture
def outputs(tmp_path: Path) -> tuple[Path, Path]:
    """The seeds (plus one unreadable file) as a local run's JSONL and as a Ray folder of 2-item blocks."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in sorted((ROOT / "seeds").iterdir()):
        (inputs / seed.name).write_bytes(seed.read_bytes())
    (inputs / "zz_empty.txt").write_bytes(b"")
    items = list(load_articles([str(inputs)]))
    lines = extract_all(items, ExtractConfig(cache_path=None))
    plain = tmp_path / "plain.jsonl"
    plain.write_text("".join(x.model_dump_json() + "\n" for x in lines if not isinstance(x, ErrorLine)))
    folder = tmp_path / "ray-out"
    folder.mkdir()
    run = _Run(folder, 2, {}, Summary())
    for index, start in enumerate(range(0, len(items), 2), 1):
        block = lines[start:start + 2]
        run.finish(Block(index, items[start:start + 2]),
                   [x.model_dump_json() for x in block if not isinstance(x, ErrorLine)],
                   [x.model_dump_json() for x in block if isinstance(x, ErrorLine)], Summary())
    assert any(p.name.endswith(".errors.jsonl") and p.stat().st_size for p in folder.iterdir())
    return plain, folder


def _ok(args: list[str]) -> tuple[str, str]:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_eval_export_merge_and_review_read_a_ray_folder_like_the_plain_jsonl(
    outputs: tuple[Path, Path], tmp_path: Path
) -> None:
    plain, folder = outputs
    gold = str(ROOT / "evals" / "gold")
    for src in (plain, folder):
        _ok(["eval", str(src), "--gold", gold, "--json", str(tmp_path / f"{src.name}.eval.json")])
    by_plain = json.loads((tmp_path / "plain.jsonl.eval.json").read_text())
    by_folder = json.loads((tmp_path / "ray-out.eval.json").read_text())
    assert by_folder["report"]["overall"] == by_plain["report"]["overall"]
    assert by_folder["report"]["overall"]["tp"] > 0

    for src in (plain, folder):
        _, err = _ok(["export", str(src), "--db", str(tmp_path / f"{src.name}.db")])
        assert err.startswith("export: 5 articles")
    with sqlite3.connect(tmp_path / "plain.jsonl.db") as a, sqlite3.connect(tmp_path / "ray-out.db") as b:
        for table in ("articles", "quotes", "evidence_spans"):
            query = f"SELECT count(*) FROM {table}"
            assert a.execute(query).fetchone() == b.execute(query).fetchone()

    merged = [json.loads(_ok(["merge", str(src)])[0]) for src in (plain, folder)]
    assert merged[1]["article_count"] == 5 and merged[1]["stories"] == merged[0]["stories"]

    pages = [_ok(["review", str(src)]) for src in (plain, folder)]
    assert pages[1][1] == pages[0][1] and pages[1][1].startswith("review: 5 articles")


def test_only_listed_shards_count_and_a_broken_folder_is_one_line(outputs: tuple[Path, Path], tmp_path: Path) -> None:
    _, folder = outputs
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["shards"] = manifest["shards"][:2]  # the third block was in flight when the run stopped
    (folder / MANIFEST).write_text(json.dumps(manifest))
    assert _ok(["export", str(folder), "--db", str(tmp_path / "x.db")])[1].startswith("export: 4 articles")

    (folder / "shard-00002.jsonl").unlink()
    result = runner.invoke(app, ["merge", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {folder / 'shard-00002.jsonl'} is listed in {folder / MANIFEST} but missing; "
                             "run the extraction again with --resume\n")

    other = tmp_path / "other"
    other.mkdir()
    gold = str(ROOT / "evals" / "gold")
    for command in (["eval", str(other), "--gold", gold], ["export", str(other)], ["review", str(other)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, (command, result.output)
        assert result.stderr == (f"Error: {other} is a folder without {MANIFEST}; pass the JSONL written by "
                                 "'newsfacts extract' or a folder written by --engine ray\n")
