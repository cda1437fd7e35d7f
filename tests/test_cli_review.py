"""The ``newsfacts review`` command: writes the page, reports counts on stderr, fails with one line."""

from __future__ import annotations

from pathlib import Path

from review_samples import long_article, overlapping_article, write_jsonl, xss_article
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def test_review_writes_the_page_and_summarises_on_stderr(tmp_path: Path) -> None:
    jsonl, page = tmp_path / "out.jsonl", tmp_path / "review.html"
    write_jsonl(jsonl, [overlapping_article(), xss_article(), long_article()])
    result = runner.invoke(app, ["review", str(jsonl), "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"review: 3 articles, 11 highlighted spans -> {page}\n"
    assert result.stdout == ""
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_review_without_output_prints_the_html(tmp_path: Path) -> None:
    jsonl = tmp_path / "out.jsonl"
    write_jsonl(jsonl, [overlapping_article()])
    result = runner.invoke(app, ["review", str(jsonl)])
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith("</html>")
    assert result.stderr == "review: 1 articles, 7 highlighted spans\n"


def test_review_of_a_missing_file_fails_with_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["review", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot read {tmp_path / 'absent.jsonl'}: No such file or directory; "
        "pass the JSONL written by 'newsfacts extract', not its errors file\n"
    )


def test_review_of_a_broken_story_file_names_the_fix(tmp_path: Path) -> None:
    jsonl, story = tmp_path / "out.jsonl", tmp_path / "story.json"
    write_jsonl(jsonl, [overlapping_article()])
    story.write_text("{not json")
    result = runner.invoke(app, ["review", str(jsonl), "--story", str(story)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {story} is not JSON (")
    assert result.stderr.endswith("pass the file written by 'newsfacts merge'\n")


def test_review_reads_jsonl_from_stdin_with_a_dash(tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    lines = overlapping_article().model_dump_json() + "\n"
    result = runner.invoke(app, ["review", "-", "-o", str(page)], input=lines)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"review: 1 articles, 7 highlighted spans -> {page}\n"
    assert "<title>newsfacts review: stdin</title>" in page.read_text(encoding="utf-8")


def test_review_under_a_file_fails_with_one_line(tmp_path: Path) -> None:
    jsonl, page = tmp_path / "out.jsonl", tmp_path / "out.jsonl" / "review.html"
    write_jsonl(jsonl, [overlapping_article()])
    result = runner.invoke(app, ["review", str(jsonl), "-o", str(page)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {page}: File exists; choose another -o path\n"


def test_review_writes_into_a_folder_it_makes(tmp_path: Path) -> None:
    jsonl, page = tmp_path / "out.jsonl", tmp_path / "pages" / "2025" / "review.html"
    write_jsonl(jsonl, [overlapping_article()])
    result = runner.invoke(app, ["review", str(jsonl), "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
