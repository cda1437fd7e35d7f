"""``newsfacts export``: exit codes, messages and where the database goes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.outputs.export import count_rows
from tests.test_export import db_url, make_result, make_story, pg_url, write_jsonl  # noqa: F401  (fixtures)

runner = CliRunner()


def test_export_defaults_to_newsfacts_db_in_the_working_directory(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "out.jsonl", [make_result("art1"), make_result("art2")])
    result = runner.invoke(app, ["export", "out.jsonl"])
    assert result.exit_code == 0, result.output
    assert "export: 2 articles, 0 stories" in result.stderr and "-> sqlite:///newsfacts.db" in result.stderr
    assert result.stdout == ""
    with sqlite3.connect(tmp_path / "newsfacts.db") as conn:
        assert conn.execute("SELECT count(*) FROM quotes").fetchone() == (2,)


def test_export_with_story_into_either_database(db_url: str, tmp_path: Path) -> None:  # noqa: F811
    write_jsonl(tmp_path / "out.jsonl", [make_result("art1"), make_result("art2")])
    (tmp_path / "story.json").write_text(make_story().model_dump_json(), encoding="utf-8")
    args = ["export", str(tmp_path / "out.jsonl"), "--story", str(tmp_path / "story.json"), "--db", db_url]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "export: 2 articles, 1 stories" in result.stderr and "claim_values 2" in result.stderr
    assert "warning" not in result.stderr


def test_ddl_prints_statements_for_the_dialect_without_a_database(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "--ddl", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert result.exit_code == 0
    assert result.stdout.startswith("CREATE TABLE") and "JSONB" in result.stdout
    assert "CREATE INDEX ix_quotes_article_id_speaker_id ON quotes (article_id, speaker_id);" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_nothing_to_export_is_a_usage_error() -> None:
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 2
    assert "give the extraction JSONL, --story FILE, or --ddl" in result.output


def test_bad_line_exits_1_with_the_line_number(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "out.jsonl", [make_result("art1")], extra="{}\n")
    result = runner.invoke(app, ["export", str(src), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {src}:2: not an extraction line (")
    assert result.stderr.rstrip().endswith("not its errors file")


def test_older_schema_exits_1_with_the_migration_hint(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "out.jsonl", [make_result("art1")])
    db = tmp_path / "x.db"
    assert runner.invoke(app, ["export", str(src), "--db", str(db)]).exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE schema_version SET newsfacts_schema = '0.9'")
    result = runner.invoke(app, ["export", str(src), "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: database at sqlite:///{db} has newsfacts schema 0.9; this newsfacts "
                             "writes 1.0 — export into a new database or migrate it\n")


def test_unknown_database_kind_exits_1(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "out.jsonl", [make_result("art1")])
    result = runner.invoke(app, ["export", str(src), "--db", "oracle+nodriver://x/y"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "use sqlite:///file.db or postgresql://" in result.stderr


def test_a_failed_export_leaves_no_new_database_file_and_keeps_an_existing_one(tmp_path: Path) -> None:
    bad = write_jsonl(tmp_path / "out.jsonl", [make_result("art1")], extra="{}\n")
    fresh = tmp_path / "fresh.db"
    result = runner.invoke(app, ["export", str(bad), "--db", str(fresh)])
    assert result.exit_code == 1 and "not an extraction line" in result.stderr
    assert not fresh.exists()
    empty = tmp_path / "empty.db"
    empty.touch()
    assert runner.invoke(app, ["export", str(bad), "--db", str(empty)]).exit_code == 1
    assert empty.exists() and empty.stat().st_size == 0
    full = tmp_path / "full.db"
    good = write_jsonl(tmp_path / "good.jsonl", [make_result("art2")])
    assert runner.invoke(app, ["export", str(good), "--db", str(full)]).exit_code == 0
    before = full.read_bytes()
    assert runner.invoke(app, ["export", str(bad), "--db", str(full)]).exit_code == 1
    assert full.read_bytes() == before


def _feed_when_read(fifo: Path, data: str, proc: subprocess.Popen[str]) -> None:
    """Write ``data`` into ``fifo`` once ``proc`` opens it for reading (never, if it exits first)."""
    while proc.poll() is None:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader yet
            time.sleep(0.02)
            continue
        os.set_blocking(fd, True)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        return


def _lock_waiters(url: str, app_name: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :a "
                                     "AND wait_event_type = 'Lock'"), {"a": app_name}).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_two_first_exports_into_an_empty_postgresql_database_at_once_both_succeed(
    pg_url: str, tmp_path: Path  # noqa: F811
) -> None:
    """The second export is held while the first has created the tables and not yet committed.

    Each export reads its JSONL from a named pipe inside its transaction, so the
    first stays open (tables created, uncommitted) until the test feeds it, and
    the test feeds nothing until the second is seen waiting on a lock.
    """
    app_name = f"nf_race_{os.getpid()}_{time.monotonic_ns()}"
    url = f"{pg_url}&application_name={app_name}"
    procs, feeds = [], []
    for tag in ("a", "b"):
        fifo = tmp_path / f"{tag}.jsonl"
        os.mkfifo(fifo)
        lines = "".join(make_result(f"{tag}{i}").model_dump_json() + "\n" for i in range(3))
        proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "export", str(fifo), "--db", url],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        procs.append(proc)
        feeds.append(threading.Thread(target=_feed_when_read, args=(fifo, lines, proc), daemon=True))
    try:
        deadline = time.monotonic() + 30
        while _lock_waiters(pg_url, app_name) == 0:
            assert time.monotonic() < deadline, "the second export never waited for the first"
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
            time.sleep(0.05)
        for feed in feeds:
            feed.start()
        outcomes = [p.communicate(timeout=60) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outcomes]
    for _, err in outcomes:
        assert "export: 3 articles" in err
    rows = count_rows(pg_url)
    assert rows["articles"] == 6 and rows["quotes"] == 6 and rows["schema_version"] == 1
