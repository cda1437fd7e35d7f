"""Reading what the scorer compares: prediction lines, gold files and an articles manifest.

A hand-edited prediction file whose spans no longer match its text is
exactly what the grounding rate measures, so predictions are parsed more
leniently than the output model allows (the one extraction-line reader's
``keep_broken_spans``); gold must be strict, and each
article may be labelled once. Scoring and the gold check read the same
files the same way, so the reading lives here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.core.errors import InputError
from pipeline.io.results import parse_result, result_lines
from schemas import ArticleResult, GoldArticle


def load_predictions(path: Path) -> list[ArticleResult]:
    """Read an extraction JSONL file or Ray output folder (blank lines skipped).

    Raises:
        InputError: The file cannot be read or a line is not an output line.
    """
    return [parse_result(line, where, keep_broken_spans=True) for where, line in result_lines(path)]


def gold_files(gold_dir: Path) -> list[Path]:
    """The gold files of a directory: ``*.json`` at its top level (sub-folders hold other gold)."""
    if not gold_dir.is_dir():
        raise InputError(f"gold directory {gold_dir} not found; pass --gold DIR")
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise InputError(f"no gold files (*.json) in {gold_dir}; pass --gold DIR")
    return files


def load_gold(gold_dir: Path) -> dict[str, GoldArticle]:
    """Read every gold article of a directory, by article id.

    Raises:
        InputError: The directory is missing or empty, a file is invalid, or
            two files label the same article.
    """
    gold: dict[str, GoldArticle] = {}
    for path in gold_files(gold_dir):
        try:
            article = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValidationError) as exc:
            raise InputError(f"gold file {path} is invalid; run newsfacts eval --check-gold") from exc
        if article.article_id in gold:
            raise InputError(f"gold file {path} labels {article.article_id} again; keep one file per article")
        gold[article.article_id] = article
    return gold


def read_manifest(articles_dir: Path) -> dict[str, dict[str, Any]] | str:
    """Manifest entries by article id, or a problem message when there is none to read."""
    path = articles_dir / "manifest.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        entries = [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as exc:
        return f"{path}: cannot read the manifest ({exc}); pass --articles DIR holding manifest.jsonl"
    return {str(e["id"]): e for e in entries if isinstance(e, dict) and "id" in e}
