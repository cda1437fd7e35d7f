"""Checking hand-labelled gold: every problem one line naming the file and the record.

Gold is written by hand, and a slipped offset or a dangling reference would
silently lower every score computed against it, so ``newsfacts eval
--check-gold`` checks each file's schema, that spans quote the text, that
references name an actor of the file, that ids are unique, that the file is
named after its article and, with the articles folder, that the text is the
article's. It shares only the file reading with the scorer.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from evals.load import gold_files, read_manifest
from evals.score_models import TYPES
from pipeline.core.errors import InputError
from schemas import GoldArticle, Records


def _structure_problems(name: str, data: Any) -> list[str]:
    """Schema problems of a gold file's JSON, one line each (spans and references checked apart)."""
    if not isinstance(data, dict):
        return [f"{name}: expected a JSON object"]
    problems: list[str] = []
    for prefix, check in (
        (("records",), lambda: Records.model_validate(data.get("records"))),
        ((), lambda: GoldArticle.model_validate({**data, "records": {}})),
    ):
        try:
            check()
        except ValidationError as exc:
            problems += [
                f"{name}: {'.'.join(str(p) for p in (*prefix, *e['loc']))}: {e['msg']}" for e in exc.errors()
            ]
    return problems


def _clip(text: str, keep: int = 28) -> str:
    """Both ends of a long span (where an offset slip shows), the middle elided."""
    return text if len(text) <= 2 * keep + 1 else text[:keep] + "\u2026" + text[-keep:]


def _record_problems(name: str, text: str, records: Records) -> list[str]:
    """Spans that do not quote the text, dangling references and repeated ids."""
    problems = [
        f"{name}: {kind} {rid}: span {s.start}-{s.end} is {_clip(text[s.start : s.end])!r} in the text, "
        f"not {_clip(s.text)!r}; fix the offsets"
        for kind, rid, s in records.spans()
        if text[s.start : s.end] != s.text
    ]
    problems += [f"{name}: {p}" for p in records.dangling_references()]
    for kind in TYPES:
        repeated = Counter(r.id for r in getattr(records, kind))
        problems += [f"{name}: {kind} id {rid} is used {n} times" for rid, n in repeated.items() if n > 1]
    return problems


def _source_problems(name: str, article: GoldArticle, entry: dict[str, Any], articles_dir: Path) -> list[str]:
    """Differences between a gold file and the article file its manifest entry names."""
    source = articles_dir / str(entry.get("file", ""))
    try:
        original = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{name}: cannot read its article {source} ({exc})"]
    problems: list[str] = []
    if original != article.text:
        at = next((i for i, (a, b) in enumerate(zip(original, article.text)) if a != b), None)
        at = min(len(original), len(article.text)) if at is None else at
        problems.append(
            f"{name}: text differs from {source} at offset {at} "
            f"(gold {article.text[at : at + 20]!r}, article {original[at : at + 20]!r}); copy the article verbatim"
        )
    published = entry.get("published_at")
    if published and article.published_at and published != article.published_at:
        problems.append(
            f"{name}: published_at {article.published_at} differs from the manifest's {published}"
        )
    return problems


def check_gold(gold_dir: Path, articles_dir: Path | None = None) -> list[str]:
    """Check hand-labelled gold files; every problem is one line naming the file and record.

    Checks that each file validates as a ``GoldArticle``, that every span
    quotes its text, that every reference names an actor of the same file,
    that ids are unique per type, that the file is named after its article,
    and, given ``articles_dir`` with a ``manifest.jsonl``, that the gold text
    is the article file's text.

    Returns:
        The problems; empty when the gold is sound.
    """
    try:
        files = gold_files(gold_dir)
    except InputError as exc:
        return [str(exc)]
    manifest = read_manifest(articles_dir) if articles_dir is not None else {}
    if isinstance(manifest, str):
        return [manifest]
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in files:
        problems += _check_gold_file(path, manifest, articles_dir, seen)
    return problems


def _check_gold_file(
    path: Path, manifest: Mapping[str, dict[str, Any]], articles_dir: Path | None, seen: dict[str, str]
) -> list[str]:
    name = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{name}: not readable JSON ({exc})"]
    problems = _structure_problems(name, data)
    if problems:
        return problems
    records = Records.model_validate(data["records"])
    article = GoldArticle.model_validate({**data, "records": {}})
    problems = _record_problems(name, article.text, records)
    if path.stem != article.article_id:
        problems.append(
            f"{name}: labels article {article.article_id}; name the file {article.article_id}.json"
        )
    if article.article_id in seen:
        problems.append(
            f"{name}: article {article.article_id} is also labelled in {seen[article.article_id]}"
        )
    seen.setdefault(article.article_id, name)
    entry = manifest.get(article.article_id)
    if entry is not None and articles_dir is not None:
        problems += _source_problems(name, article, entry, articles_dir)
    return problems
