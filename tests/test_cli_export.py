"""``newsfacts export``: exit codes, messages and where the database goes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
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
    assert result.stderr.rstrip().endswith("fix or remove the line and export again")


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
