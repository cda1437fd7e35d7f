"""Builders for synthetic extraction lines, merged values and input files, shared across test suites.

Both suites hand-make ``ArticleResult`` lines whose evidence must really be
in the text, and ``SourcedValue`` lists whose sources follow the
"article_id:record_id" form. Building them in one place keeps the two
suites' samples valid in the same way, so a schema change is fixed once.
"""

from __future__ import annotations

import json
from pathlib import Path

from evals.synth import generate_articles
from schemas import ArticleMeta, ArticleResult, ExtractorInfo, Records, Span
from schemas.story import SourcedValue

#: The extractor stamp on every sample line; no test reads it, the schema requires it.
EXTRACTOR = ExtractorInfo(backend="test", prompt_version="test", prompt_hash="0")


def span(text: str, part: str) -> Span:
    """The first occurrence of ``part`` in ``text`` as a Span (fails loudly if absent)."""
    start = text.index(part)
    return Span(start=start, end=start + len(part), text=part)


def article_line(article_id: str, text: str, records: Records, metadata: ArticleMeta) -> ArticleResult:
    """An extraction line for ``text`` as if read from ``<article_id>.txt``."""
    return ArticleResult(
        article_id=article_id,
        source=f"{article_id}.txt",
        text=text,
        records=records,
        metadata=metadata,
        extractor=EXTRACTOR,
    )


def sourced(value: str, *articles: str, record: str = "e1") -> SourcedValue:
    """A value stated by ``articles``, each through its record ``record``."""
    return SourcedValue(value=value, articles=list(articles), sources=[f"{a}:{record}" for a in articles])


def write_articles_jsonl(path: Path, n: int, seed: int) -> list[str]:
    """Write ``n`` synthetic articles as a JSONL input file for ``newsfacts extract``; return their ids."""
    ids = []
    with open(path, "w", encoding="utf-8") as fh:
        for a in generate_articles(n, seed=seed):
            fh.write(json.dumps({"id": a.id, "text": a.text, "published_at": a.metadata.published_at}) + "\n")
            ids.append(a.id)
    return ids
