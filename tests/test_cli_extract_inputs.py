"""Inputs a run cannot be right with, run as a user runs them (a child process).

Two articles under one id would have one replace the other in every later
step, and a folder with nothing newsfacts reads is a mistake in the command:
both are refused before anything is written, unless ``--dedupe`` says which
duplicate to keep. Export refuses an output file holding one id twice, so no
record is ever lost on the way into the database.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli_subprocess import run_newsfacts

TEXTS = [
    "Defence Minister Lena Okafor said on Thursday that an airstrike near Marvel killed four fighters.",
    "Port Minister Ana Ruiz said on Monday that the strike at the harbour of Tarrow had ended.",
    "President Omar Haddad said on Friday that the talks in Tarrow had failed.",
]


def _input(tmp_path: Path) -> Path:
    """j1 on lines 1 and 3, with different texts."""
    path = tmp_path / "in.jsonl"
    rows = [{"id": "j1", "text": TEXTS[0]}, {"id": "j2", "text": TEXTS[1]}, {"id": "j1", "text": TEXTS[2]}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _ids(path: Path) -> list[str]:
    return [json.loads(x)["article_id"] for x in path.read_text(encoding="utf-8").splitlines()]


def _error_line(stderr: str) -> str:
    [line] = [x for x in stderr.splitlines() if x.startswith("Error: ")]
    return line


def test_duplicate_ids_refuse_the_run_naming_file_lines_and_id(tmp_path: Path) -> None:
    _input(tmp_path)
    done = run_newsfacts("extract", "in.jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert done.returncode == 1
    assert _error_line(done.stderr) == (
        "Error: duplicate article id 'j1': in.jsonl lines 1 and 3; give each article its own id, "
        "or choose which to keep with --dedupe first, last or suffix"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # nothing written


def test_duplicate_ids_across_a_manifest_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n, text in enumerate(TEXTS[:2]):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    (folder / "manifest.jsonl").write_text(
        '{"id": "same", "file": "0.txt"}\n{"id": "same", "file": "1.txt"}\n', encoding="utf-8"
    )
    done = run_newsfacts("extract", "articles", "-o", "out.jsonl", cwd=tmp_path)
    assert done.returncode == 1
    assert _error_line(done.stderr).startswith("Error: duplicate article id 'same': articles/0.txt and articles/1.txt;")
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("rule", "ids", "dropped"),
    [
        ("first", ["j1", "j2"], ("in.jsonl:3", "duplicate article id 'j1' (first at in.jsonl:1); skipped (--dedupe first)")),
        ("last", ["j2", "j1"], ("in.jsonl:1", "article id 'j1' is given again at in.jsonl:3; skipped (--dedupe last)")),
        ("suffix", ["j1", "j2", "j1~2"], None),
    ],
)
def test_dedupe_rules_keep_ids_unique_and_say_what_they_dropped(
    tmp_path: Path, rule: str, ids: list[str], dropped: tuple[str, str] | None
) -> None:
    _input(tmp_path)
    done = run_newsfacts("extract", "in.jsonl", "-o", "out.jsonl", "--dedupe", rule, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _ids(tmp_path / "out.jsonl") == ids
    errors = tmp_path / "out.errors.jsonl"
    if dropped is None:
        assert not errors.exists()
    else:
        [line] = [json.loads(x) for x in errors.read_text(encoding="utf-8").splitlines()]
        assert (line["source"], line["error"]) == dropped
        assert line["article_id"] is None  # so --resume never takes the kept article for done

    # and every record of the output reaches the database
    done = run_newsfacts("export", "out.jsonl", "--db", "sqlite:///facts.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    with sqlite3.connect(tmp_path / "facts.db") as conn:
        assert sorted(r[0] for r in conn.execute("SELECT id FROM articles")) == sorted(ids)
        for kind in ("actors", "events", "quotes", "agreements"):
            [(rows,)] = conn.execute(f"SELECT count(*) FROM {kind}")
            assert rows == sum(len(line["records"][kind]) for line in lines), kind


def test_stdin_duplicates_become_error_lines_naming_the_first(tmp_path: Path) -> None:
    text = _input(tmp_path).read_text(encoding="utf-8")
    done = run_newsfacts("extract", "-", "-o", "out.jsonl", cwd=tmp_path, stdin=text)
    assert done.returncode == 0, done.stderr
    assert _ids(tmp_path / "out.jsonl") == ["j1", "j2"]
    [line] = [json.loads(x) for x in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert line["source"] == "-:3" and line["error"].startswith("duplicate article id 'j1' (first at -:1); not extracted")


def test_export_refuses_an_output_with_one_id_twice_and_loses_nothing(tmp_path: Path) -> None:
    rows = [{"id": f"j{n}", "text": text} for n, text in enumerate(TEXTS, start=1)]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert run_newsfacts("extract", "in.jsonl", "-o", "out.jsonl", cwd=tmp_path).returncode == 0
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "joined.jsonl").write_text("\n".join([*lines, lines[0]]) + "\n", encoding="utf-8")
    assert run_newsfacts("export", "out.jsonl", "--db", "sqlite:///facts.db", cwd=tmp_path).returncode == 0

    done = run_newsfacts("export", "joined.jsonl", "--db", "sqlite:///facts.db", cwd=tmp_path)
    assert done.returncode == 1
    assert _error_line(done.stderr).startswith("Error: joined.jsonl:4: article id 'j1' is also at joined.jsonl:1; nothing was exported")
    assert "Traceback" not in done.stderr
    with sqlite3.connect(tmp_path / "facts.db") as conn:  # the earlier export is untouched
        assert sorted(r[0] for r in conn.execute("SELECT id FROM articles")) == ["j1", "j2", "j3"]
        [(events,)] = conn.execute("SELECT count(*) FROM events")
        assert events == sum(len(json.loads(x)["records"]["events"]) for x in lines)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "Error: in holds no files; give a folder of articles (.txt, .md, .html, .htm, .jsonl)"),
        (
            ["report.pdf", "notes.docx"],
            (
                "Error: in holds no article files newsfacts reads (.txt, .md, .html, .htm, .jsonl); "
                "skipped 2 files: notes.docx, report.pdf"
            ),
        ),
    ],
)
def test_folder_with_nothing_to_read_exits_non_zero_with_one_line(tmp_path: Path, files: list[str], message: str) -> None:
    (tmp_path / "in").mkdir()
    for name in files:
        (tmp_path / "in" / name).write_bytes(b"%PDF-1.4 not an article")
    done = run_newsfacts("extract", "in", "-o", "out.jsonl", cwd=tmp_path)
    assert done.returncode == 1
    assert _error_line(done.stderr) == message
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.jsonl").exists()
