"""One reader of `newsfacts merge` output: every bad story file is named the same way, whichever command reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.merge_score import evaluate_merge
from pipeline.core.errors import InputError, SchemaVersionError
from pipeline.io.stories import read_merge_result
from pipeline.outputs.review import render_review
from schemas.story import STORY_SCHEMA_VERSION, MergeResult


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "story.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_merge_result_reads_back_as_written(tmp_path: Path) -> None:
    written = MergeResult(article_count=3)
    assert read_merge_result(_write(tmp_path, written.model_dump_json())) == written
    assert written.schema_version == STORY_SCHEMA_VERSION


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", r"story\.json is not JSON \(.*\); pass the file written by 'newsfacts merge'"),
        ('{"stories": 7}', r"story\.json is not a newsfacts merge result \(stories: .*\); pass the JSON written by"),
    ],
)
def test_a_bad_story_file_is_named_with_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_merge_result(_write(tmp_path, text))


def test_a_missing_story_file_names_the_flag(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot read .*missing\.json: .*; check the --merged path"):
        read_merge_result(tmp_path / "missing.json", "--merged")


def test_a_story_of_another_schema_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, MergeResult.model_construct(schema_version="0.1", stories=[]).model_dump_json())
    with pytest.raises(SchemaVersionError, match="has story schema 0.1; this newsfacts reads"):
        read_merge_result(path)


def test_review_and_the_merge_scorer_report_the_same_error(tmp_path: Path) -> None:
    story = _write(tmp_path, '{"stories": 7}')
    empty = tmp_path / "out.jsonl"
    empty.write_text("", encoding="utf-8")
    messages = []
    for read in (lambda: render_review(empty, story=story), lambda: evaluate_merge(story, tmp_path, None)):
        with pytest.raises(InputError) as err:
            read()
        messages.append(str(err.value))
    assert messages[0] == messages[1]
