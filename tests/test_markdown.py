"""Markdown input reads as the text it shows, and an unreadable date is reported, not dropped."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.text.markdown import strip_markup
from tests.cli_subprocess import run_newsfacts

_MD = (
    "# Council approves budget\n\n"
    "**Ada Brook**, the mayor of [Ridgeford](https://example.org/ridgeford), said the plan was fair.\n\n"
    '"We will build the bridge," *Brook* told reporters on Monday.\n'
)


def test_markup_is_removed_and_words_and_lines_stay() -> None:
    text = strip_markup(_MD)
    assert text.splitlines()[0] == "Council approves budget"
    assert "Ada Brook, the mayor of Ridgeford, said" in text
    assert "example.org" not in text and "*" not in text
    assert text.count("\n") == _MD.count("\n")


def test_escapes_code_and_quotes_keep_their_characters() -> None:
    text = strip_markup('> "It is \\*not\\* over," she said in `chat`.\n\n- item one\n')
    assert '"It is *not* over," she said in chat.' in text
    assert "item one" in text and "- " not in text


def test_markdown_file_yields_the_bold_name_as_actor_and_speaker(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(_MD, encoding="utf-8")
    done = run_newsfacts("extract", "a.md", "-o", "out.jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    line = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    actors = {a["id"]: a["name"] for a in line["records"]["actors"]}
    assert "Ada Brook" in actors.values()
    quote = line["records"]["quotes"][0]
    assert actors[quote["speaker_id"]] == "Ada Brook"
    for actor in line["records"]["actors"]:
        for span in actor["evidence"]:
            assert line["text"][span["start"] : span["end"]] == span["text"]


def test_unreadable_published_at_is_a_warning_not_a_silent_null(tmp_path: Path) -> None:
    article = {"id": "x", "text": "The harbour authority said on Monday it would close the pier.", "published_at": "garbage"}
    (tmp_path / "in.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    done = run_newsfacts("extract", "in.jsonl", "-o", "out.jsonl", "--published-at", "2025-03-14", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    line = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    warning = next(w for w in line["warnings"] if w["code"] == "published_at_unreadable")
    assert "'garbage'" in warning["message"]
    assert line["metadata"]["published_at"] is None  # the article's own (bad) date beats the batch default
