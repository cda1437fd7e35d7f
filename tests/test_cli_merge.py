"""The ``newsfacts merge`` command and ``newsfacts eval --merged``: output, summary, one-line failures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from schemas import Actor, ArticleMeta, ArticleResult, ExtractorInfo, Records, Span
from schemas.story import MergedEntityLine, MergeResult

runner = CliRunner()
GOLD = Path(__file__).resolve().parent.parent / "evals" / "gold"


def _line(aid: str, names: list[str]) -> ArticleResult:
    text = " and ".join(names) + " met in Velm."
    actors = []
    for n, name in enumerate(names, 1):
        i = text.index(name)
        actors.append(
            Actor(
                id=f"a{n}",
                name=name,
                canonical_name=name,
                type="person",
                evidence=[Span(start=i, end=i + len(name), text=name)],
            )
        )
    return ArticleResult(
        article_id=aid,
        source=f"{aid}.txt",
        metadata=ArticleMeta(published_at="2025-03-14"),
        text=text,
        records=Records(actors=actors),
        extractor=ExtractorInfo(backend="test", prompt_version="t", prompt_hash="t"),
    )


def _jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "out.jsonl"
    lines = [_line("x1", ["Fouad Hassan", "Omar Haddad"]), _line("x2", ["Fuad Hasan", "Omar Hadad"])]
    path.write_text("".join(line.model_dump_json() + "\n" for line in lines), encoding="utf-8")
    return path


def test_merge_writes_the_story_json_and_a_summary_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "story.json"
    result = runner.invoke(app, ["merge", str(_jsonl(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    story = MergeResult.model_validate_json(out.read_text(encoding="utf-8"))
    assert [len(a.sources) for a in story.stories[0].actors] == [2, 2]
    assert result.stdout == ""
    assert result.stderr.startswith(
        "merge: 2 articles -> 1 stories (2 actors, 0 events, 0 quotes, 2 claims) in "
    )
    assert result.stderr.endswith(f" -> {out}\n")


def test_merge_jsonl_prints_one_entity_per_line_and_reads_stdin(tmp_path: Path) -> None:
    result = runner.invoke(app, ["merge", "-", "--jsonl"], input=_jsonl(tmp_path).read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    lines = [MergedEntityLine.model_validate_json(x) for x in result.stdout.splitlines()]
    assert [x.kind for x in lines] == ["actor", "actor", "claim", "claim"]


def test_merge_is_byte_for_byte_repeatable(tmp_path: Path) -> None:
    path = _jsonl(tmp_path)
    first = runner.invoke(app, ["merge", str(path)]).stdout
    assert runner.invoke(app, ["merge", str(path)]).stdout == first


def test_merge_names_a_missing_input_and_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["merge", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: {tmp_path / 'nope.jsonl'} does not exist; pass the JSONL written by 'newsfacts extract'\n"
    )


def test_merge_names_a_bad_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"article_id": "x"}\n', encoding="utf-8")
    result = runner.invoke(app, ["merge", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:1: not an extraction line (")
    assert result.stderr.endswith("pass the JSONL written by 'newsfacts extract', not its errors file\n")


def test_eval_merged_scores_the_seed_gold_story(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    shutil.copytree(GOLD, gold)
    story = tmp_path / "story.json"
    assert runner.invoke(app, ["merge", str(gold), "-o", str(story)]).exit_code == 0
    report = tmp_path / "scores.json"
    result = runner.invoke(
        app,
        ["eval", "--merged", str(story), "--gold", str(gold), "--json", str(report), "--fail-under", "0.9"],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("## Merge vs seeds.json (mapping: identity)\n")
    (scores,) = json.loads(report.read_text(encoding="utf-8"))
    assert scores["actors"]["f1"] >= 0.9 and scores["claims"]["f1"] >= 0.9


def test_eval_merged_of_an_extraction_story_asks_for_its_jsonl(tmp_path: Path) -> None:
    story = tmp_path / "story.json"
    assert runner.invoke(app, ["merge", str(_jsonl(tmp_path)), "-o", str(story)]).exit_code == 0
    result = runner.invoke(app, ["eval", "--merged", str(story), "--gold", str(GOLD)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: this story was merged from extraction output; also pass the extraction"
    )


def test_merge_writes_into_a_folder_it_makes(tmp_path: Path) -> None:
    out = tmp_path / "stories" / "today" / "story.json"
    result = runner.invoke(app, ["merge", str(_jsonl(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert MergeResult.model_validate_json(out.read_text(encoding="utf-8")).article_count == 2
