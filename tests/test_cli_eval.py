"""The ``newsfacts eval`` command: summary on stdout, reports on request, one-line failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from schemas import ArticleResult
from tests.eval_samples import changed, gold_article, prediction, records

HINT = "pass the JSONL written by 'newsfacts extract', not its errors file"

runner = CliRunner()


def _write_gold(directory: Path, data: dict | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    data = data or json.loads(gold_article().model_dump_json())
    (directory / f"{data['article_id']}.json").write_text(json.dumps(data), encoding="utf-8")
    return directory


def _write_jsonl(path: Path, *lines: ArticleResult) -> Path:
    path.write_text("".join(line.model_dump_json() + "\n" for line in lines), encoding="utf-8")
    return path


def test_eval_prints_the_markdown_summary_from_the_default_gold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write_gold(tmp_path / "evals" / "gold")  # the default --gold, relative to the current folder
    pred = _write_jsonl(tmp_path / "pred.jsonl", changed(prediction(), quotes=records().quotes[:1]))
    result = runner.invoke(app, ["eval", str(pred)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"# Evaluation of {pred} against evals/gold\n")
    # quotes: TP 1, FN 1 -> 1.000 / 0.500 / 0.667; overall TP 5 FN 1 -> 1.000 / 0.833 / 0.909
    assert "| quotes | 2 | 1 | 1 | 0 | 1 | 1.000 | 0.500 | 0.667 |" in out
    assert "| **overall** | 6 | 5 | 5 | 0 | 1 | 1.000 | 0.833 | 0.909 |" in out
    assert "Grounding: 5 of 5 predicted spans match their text (1.000)." in out
    assert "| quotes | speaker | 1 | 1 | 1.000 |" in out
    assert "## Missed (in gold, not predicted) (1)" in out
    assert "- art1 quotes q2: \u201cgoing well\u201d \u2014 Omar Said (closest " in out
    assert result.stderr == ""


def test_eval_fail_under_exits_1_with_the_floor_message(tmp_path: Path) -> None:
    gold = _write_gold(tmp_path / "gold")
    pred = _write_jsonl(tmp_path / "pred.jsonl", changed(prediction(), quotes=records().quotes[:1]))
    failed = runner.invoke(app, ["eval", str(pred), "--gold", str(gold), "--fail-under", "0.95"])
    assert failed.exit_code == 1
    assert failed.stderr == "Error: overall F1 0.909 is under the floor 0.950\n"
    assert "| **overall** |" in failed.stdout  # the summary is still printed
    passed = runner.invoke(app, ["eval", str(pred), "--gold", str(gold), "--fail-under", "0.9"])
    assert passed.exit_code == 0


def test_eval_writes_json_and_markdown_reports(tmp_path: Path) -> None:
    gold = _write_gold(tmp_path / "gold")
    pred = _write_jsonl(tmp_path / "pred.jsonl", prediction(), prediction("art9"))
    other = _write_jsonl(tmp_path / "other.jsonl", changed(prediction(), quotes=[]))
    report_json, report_md = tmp_path / "r.json", tmp_path / "r.md"
    args = ["eval", str(pred), "--gold", str(gold), "--json", str(report_json), "--markdown", str(report_md)]
    result = runner.invoke(app, [*args, "--compare", str(other)])
    assert result.exit_code == 0, result.output
    data = json.loads(report_json.read_text(encoding="utf-8"))
    assert set(data) == {"predictions", "gold", "report", "compare", "groups"}
    assert set(data["report"]) == {
        "threshold", "types", "overall", "fields", "grounding", "attribution", "articles",
        "unmatched", "missing_articles", "unscored_articles", "warnings",
    }  # fmt: skip
    assert data["report"]["overall"] == {
        "tp": 6,
        "fp": 0,
        "fn": 0,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    assert data["report"]["unscored_articles"] == ["art9"]
    # other has no quotes: quotes F1 0.0, delta (other - this) = -1.0
    assert data["compare"]["f1"]["quotes"] == {"primary": 1.0, "other": 0.0, "delta": -1.0}
    assert "| quotes | 1.000 | 0.000 | -1.000 |" in result.stdout
    assert report_md.read_text(encoding="utf-8") == result.stdout  # short enough to print in full
    assert "## Unscored articles (prediction, no gold) (1)\n\n- art9" in result.stdout


def test_eval_of_a_missing_prediction_file_fails_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    gold = _write_gold(tmp_path / "gold")
    result = runner.invoke(app, ["eval", "absent.jsonl", "--gold", str(gold)])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot read absent.jsonl: No such file or directory; "
        "pass the JSONL written by 'newsfacts extract', not its errors file\n"
    )


def test_eval_of_an_unreadable_line_names_it(tmp_path: Path) -> None:
    gold = _write_gold(tmp_path / "gold")
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"article_id": "art1"}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(pred), "--gold", str(gold)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {pred}:1: not an extraction line (source: Field required); {HINT}\n"
    )


def _words(text: str) -> str:
    """Usage errors come in a box that wraps lines; compare their words."""
    return " ".join(text.replace("\u2502", " ").split())


def test_eval_needs_predictions_unless_checking_gold() -> None:
    result = runner.invoke(app, ["eval"])
    assert result.exit_code == 2
    assert "give the extraction JSONL to score, or --check-gold" in _words(result.stderr)


def test_eval_refuses_a_threshold_outside_0_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "x.jsonl", "--threshold", "0"])
    assert result.exit_code == 2
    assert "use a value above 0 and at most 1, such as 0.5" in _words(result.stderr)


def test_check_gold_ok_counts_articles_records_and_spans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write_gold(tmp_path / "evals" / "gold")
    result = runner.invoke(app, ["eval", "--check-gold"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "gold OK: 1 articles, 6 records, 6 spans\n"


def test_check_gold_reports_a_span_off_by_one_with_its_file_and_record(tmp_path: Path) -> None:
    data = json.loads(gold_article().model_dump_json())
    span = data["records"]["actors"][1]["evidence"][0]  # "Omar Said" at 30-39
    span["start"], span["end"] = span["start"] + 1, span["end"] + 1
    gold = _write_gold(tmp_path / "gold", data)
    result = runner.invoke(app, ["eval", "--check-gold", "--gold", str(gold)])
    assert result.exit_code == 1
    assert result.stderr == (
        "art1.json: actor a2: span 31-40 is 'mar Said ' in the text, not 'Omar Said'; fix the offsets\n"
        f"Error: 1 problem in the gold under {gold}; fix them and check again\n"
    )


def test_check_gold_compares_texts_with_the_articles_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    gold = _write_gold(tmp_path / "gold")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("Another text.", encoding="utf-8")
    (tmp_path / "seeds" / "manifest.jsonl").write_text('{"id": "art1", "file": "a.txt"}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "--check-gold", "--gold", str(gold)])  # seeds/ found by default
    assert result.exit_code == 1
    assert result.stderr.startswith(f"art1.json: text differs from {Path('seeds') / 'a.txt'} at offset 0 ")


def test_eval_lists_a_missing_article_once_instead_of_all_its_records(tmp_path: Path) -> None:
    gold = _write_gold(tmp_path / "gold")
    _write_gold(gold, json.loads(gold_article("art2").model_dump_json()))
    pred = _write_jsonl(tmp_path / "pred.jsonl", prediction())
    result = runner.invoke(app, ["eval", str(pred), "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    # 6 of 12 gold records found: R = 0.500, F1 = 2*1*0.5/1.5 = 0.667
    assert "| **overall** | 12 | 6 | 6 | 0 | 6 | 1.000 | 0.500 | 0.667 |" in result.stdout
    assert "| art2 | missing | 0.000 | 0.000 | 0.000 | 0.000 | 0 | 0 | 6 | 0.000 |" in result.stdout
    assert result.stdout.endswith("listed in --json) (1)\n\n- art2\n")
    assert "- art2 actors" not in result.stdout and "## Missed" not in result.stdout


def test_eval_of_an_empty_file_scores_zero_and_fails_any_floor(tmp_path: Path) -> None:
    gold = _write_gold(tmp_path / "gold")
    pred = tmp_path / "empty.jsonl"
    pred.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(pred), "--gold", str(gold), "--fail-under", "0.01"])
    assert result.exit_code == 1
    assert "| **overall** | 6 | 0 | 0 | 0 | 6 | 0.000 | 0.000 | 0.000 |" in result.stdout
    assert "Grounding: 0 of 0 predicted spans match their text (n/a)." in result.stdout
    assert result.stderr == "Error: overall F1 0.000 is under the floor 0.010\n"


def test_eval_reports_go_into_folders_it_makes(tmp_path: Path) -> None:
    gold = _write_gold(tmp_path / "gold")
    pred = _write_jsonl(tmp_path / "pred.jsonl", prediction())
    report_json, report_md = tmp_path / "reports" / "json" / "r.json", tmp_path / "reports" / "md" / "r.md"
    args = ["eval", str(pred), "--gold", str(gold), "--json", str(report_json), "--markdown", str(report_md)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(report_json.read_text(encoding="utf-8"))["report"]["overall"]["f1"] == 1.0
    assert report_md.read_text(encoding="utf-8") == result.stdout


def test_eval_with_the_manifest_scores_per_domain_and_per_story(tmp_path: Path) -> None:
    gold = _write_gold(tmp_path / "gold")
    data = json.loads(gold_article().model_dump_json())
    data["article_id"] = "art2"
    _write_gold(gold, data)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "manifest.jsonl").write_text(
        json.dumps({"id": gold_article().article_id, "domain": "sport", "story": "cup final"}) + "\n"
        + json.dumps({"id": "art2", "domain": "business", "story": "takeover"}) + "\n",
        encoding="utf-8",
    )
    pred = _write_jsonl(tmp_path / "pred.jsonl", prediction(), changed(prediction("art2"), quotes=[]))
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["eval", str(pred), "--gold", str(gold), "--articles", str(articles), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "## Per domain (F1)" in result.stdout and "## Per story (F1)" in result.stdout
    domains = {g["group"]: g for g in json.loads(out.read_text())["groups"]["domain"]}
    assert domains["sport"]["overall"]["f1"] == 1.0
    assert domains["business"]["types"]["quotes"]["fn"] > 0 and domains["business"]["overall"]["f1"] < 1.0
