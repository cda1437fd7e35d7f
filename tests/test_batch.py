"""The batch runner: input order, every article exactly once, resume, torn lines, locks."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from evals.synth import generate_articles
from pipeline import ExtractConfig, LoadFailure, run_batch
from pipeline.core.errors import InputError, OutputLockedError
from pipeline.engines.local import OutputLock, errors_path_for, repair_torn_tail


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["article_id"] for line in path.read_text(encoding="utf-8").splitlines()]


def _run(items: list, out: Path, **kw: object) -> object:
    return asyncio.run(run_batch(items, out, ExtractConfig(concurrency=4), progress=False, **kw))  # type: ignore[arg-type]


def test_output_keeps_input_order_and_errors_go_to_their_file(tmp_path: Path) -> None:
    arts = list(generate_articles(30, seed=3))
    items = [*arts[:10], LoadFailure(source="bad.txt", error="empty file"), *arts[10:]]
    out = tmp_path / "out.jsonl"
    summary = _run(items, out)
    assert _ids(out) == [a.id for a in arts]
    errors = errors_path_for(out).read_text(encoding="utf-8").splitlines()
    assert [json.loads(e)["error"] for e in errors] == ["empty file"]
    assert summary.articles == 30 and summary.failed == 1  # type: ignore[attr-defined]


def test_existing_output_is_not_clobbered_without_resume_or_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"article_id": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="already exists; use --resume"):
        _run(list(generate_articles(2)), out)
    assert out.read_text(encoding="utf-8") == '{"article_id": "x"}\n'


def test_resume_skips_done_articles_and_repairs_a_torn_line(tmp_path: Path) -> None:
    arts = list(generate_articles(20, seed=5))
    out = tmp_path / "out.jsonl"
    _run(arts[:8], out)
    with open(out, "a", encoding="utf-8") as fh:
        fh.write('{"article_id": "torn", "text": "half a li')  # a crash mid-write
    summary = _run(arts, out, resume=True)
    ids = _ids(out)
    assert sorted(ids) == sorted(a.id for a in arts) and len(ids) == len(set(ids))
    assert summary.skipped == 8 and summary.articles == 12  # type: ignore[attr-defined]


def test_resume_does_not_repeat_load_errors(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    items = [LoadFailure(source="gone.txt", error="no such file or directory"), *generate_articles(2)]
    _run(items, out)
    _run(items, out, resume=True)
    assert len(errors_path_for(out).read_text(encoding="utf-8").splitlines()) == 1


def test_repair_torn_tail_cuts_only_the_partial_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": ')
    assert repair_torn_tail(path) == len(b'{"c": ')
    assert path.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
    assert repair_torn_tail(path) == 0


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with OutputLock(out):
        with pytest.raises(OutputLockedError, match="being written by another newsfacts run"):
            _run(list(generate_articles(1)), out, overwrite=True)
    assert not out.exists()
