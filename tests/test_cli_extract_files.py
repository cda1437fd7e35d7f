"""``newsfacts extract`` run as a user runs it (a child process): the files it writes and what it says.

Each test reads the one-line messages a user sees on stderr, the exit code,
and which files appear, since these are what the issue's reports were about:
a flag misnamed in a message, a traceback for a folder given as a file, an
errors file named differently from the one written, empty errors files.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_subprocess import run_newsfacts

GOOD = "Defence Minister Lena Okafor said on Thursday that an airstrike near Marvel killed four fighters."


def _jsonl(path: Path, *rows: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _error_line(stderr: str) -> str:
    [line] = [x for x in stderr.splitlines() if x.startswith("Error: ")]
    return line


def test_size_limit_message_names_the_real_flag(tmp_path: Path) -> None:
    _jsonl(tmp_path / "in.jsonl", {"id": "long", "text": GOOD * 3})
    (tmp_path / "huge.txt").write_text("x" * 2_000, encoding="utf-8")
    done = run_newsfacts("extract", "in.jsonl", "huge.txt", "-o", "out.jsonl", "--max-article-chars", "200", cwd=tmp_path)
    assert done.returncode == 1
    errors = [json.loads(x)["error"] for x in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 2
    for error in errors:  # one from the text's length, one from the file's size before reading it
        assert error.endswith("limit (--max-article-chars)"), error
    assert "Traceback" not in done.stderr


def test_output_or_errors_naming_a_folder_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    _jsonl(tmp_path / "in.jsonl", {"id": "a", "text": GOOD})
    (tmp_path / "results").mkdir()
    for args, flag in (
        (["-o", "results", "--overwrite"], "-o"),
        (["-o", "results", "--resume"], "-o"),
        (["-o", "out.jsonl", "--errors", "results"], "--errors"),
    ):
        done = run_newsfacts("extract", "in.jsonl", *args, cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr and "IsADirectoryError" not in done.stderr
        assert _error_line(done.stderr).startswith(f"Error: results is a folder; {flag} takes a file, such as results/")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "results"]
        assert list((tmp_path / "results").iterdir()) == []


def test_summary_names_the_errors_file_the_run_wrote(tmp_path: Path) -> None:
    _jsonl(tmp_path / "in.jsonl", {"id": "a", "text": GOOD}, {"id": "b", "text": ""})
    done = run_newsfacts("extract", "in.jsonl", "-o", "out.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "failed articles: 1, reasons in out.txt.errors.jsonl" in done.stderr
    assert [json.loads(x)["article_id"] for x in (tmp_path / "out.txt.errors.jsonl").read_text().splitlines()] == ["b"]
    assert not (tmp_path / "out.errors.jsonl").exists()

    # when nothing could be extracted, the error names the same file
    _jsonl(tmp_path / "bad.jsonl", {"id": "c", "text": ""})
    done = run_newsfacts("extract", "bad.jsonl", "-o", "bad.txt", cwd=tmp_path)
    assert done.returncode == 1
    assert _error_line(done.stderr) == "Error: no article could be extracted (1 failed); reasons in bad.txt.errors.jsonl"
    assert (tmp_path / "bad.txt.errors.jsonl").is_file()


def test_clean_run_leaves_no_errors_file_and_resume_keeps_an_existing_one(tmp_path: Path) -> None:
    _jsonl(tmp_path / "in.jsonl", {"id": "a", "text": GOOD})
    done = run_newsfacts("extract", "in.jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "failed articles" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]

    # a run with a failure writes the errors file; a clean resume afterwards leaves it as it was
    _jsonl(tmp_path / "two.jsonl", {"id": "x", "text": ""}, {"id": "y", "text": GOOD + " Again."})
    assert run_newsfacts("extract", "two.jsonl", "-o", "two.jsonl.out", cwd=tmp_path).returncode == 0
    history = (tmp_path / "two.jsonl.out.errors.jsonl").read_bytes()
    _jsonl(tmp_path / "more.jsonl", {"id": "z", "text": GOOD + " Once more."})
    done = run_newsfacts("extract", "more.jsonl", "-o", "two.jsonl.out", "--resume", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "two.jsonl.out.errors.jsonl").read_bytes() == history
