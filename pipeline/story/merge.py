"""Cross-article merge: stories, merged actors/events/quotes/agreements, claims.

Reads only extraction lines (``ArticleResult``). The work is in four passes:

1. **Actors, globally.** Every actor record is a mention; mentions with the
   same reduced name form are one *form*; forms are compared only inside
   blocks that share a key (last-name skeleton for people; sorted key, token
   skeletons and acronyms for organisations), so the cost follows the number
   of spellings, not the square of the number of articles. Big blocks use a
   sorted neighbourhood instead of all pairs. Unions are refused when they
   would put two full person names that disagree in one cluster, so a short
   "Hussein" cannot chain two different Husseins together. An alias links a
   form only through an article's own alias list.
2. **Stories.** Two articles are linked when they were published within a
   week and share at least two strong links: merged non-country actors, or
   one such actor plus events of one type family within two days of each
   other. Stories are the connected components. Candidate pairs come from
   shared actors only, and an actor named in more than ``MAX_LINK_ARTICLES``
   articles is too common to be evidence, so the cost stays far from all
   pairs of articles.
3. **Inside each story**, actors are clustered again from the story's
   mentions only (so two stories' namesakes do not interfere), then events,
   quotes and agreements.
4. **Claims**: every attribute whose values disagree across articles after
   normalisation becomes a claim with each value's articles (``pipeline.story.claims``).

Output is sorted throughout: the same input gives the same bytes. This
module reads the inputs and runs the passes; each pass has its own module:
``actors``, ``grouping``, then ``events``, ``quotes`` and ``agreements``
over the shared ``clustering`` and ``sourced`` primitives, and ``claims``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path

from pydantic import ValidationError

from pipeline.core.errors import InputError
from pipeline.io.results import read_results
from pipeline.io.shards import ray_shards
from pipeline.story.actors import merge_actors
from pipeline.story.agreements import merge_agreements
from pipeline.story.claims import story_claims
from pipeline.story.events import merge_events
from pipeline.story.grouping import group_stories
from pipeline.story.quotes import merge_quotes
from schemas import ArticleResult, ExtractorInfo, GoldArticle
from schemas.output import ArticleMeta
from schemas.story import MergedEntityLine, MergeInput, MergeResult, Story


def gold_to_result(gold: GoldArticle) -> ArticleResult:
    """Wrap a hand-labelled GoldArticle as an extraction line so it can be merged."""
    return ArticleResult(
        article_id=gold.article_id,
        source=f"gold:{gold.article_id}",
        metadata=ArticleMeta(published_at=gold.published_at, published_at_source="gold"),
        text=gold.text,
        records=gold.records,
        extractor=ExtractorInfo(backend="gold", prompt_version="gold", prompt_hash=""),
    )


def read_inputs(path: Path) -> Iterator[ArticleResult]:
    """Extraction lines from a JSONL file or Ray output folder, or GoldArticle files from a directory.

    Raises:
        InputError: the path is missing or a line is not a valid ArticleResult.
    """
    if not path.is_dir() or ray_shards(path) is not None:
        if not path.exists():
            raise InputError(f"{path} does not exist; pass the JSONL written by 'newsfacts extract'")
        yield from read_results(path)
        return
    files = sorted(p for p in path.glob("*.json") if p.is_file())
    if not files:
        raise InputError(f"{path} holds no *.json gold files; pass an extraction JSONL instead")
    for p in files:
        try:
            yield gold_to_result(GoldArticle.model_validate_json(p.read_text(encoding="utf-8")))
        except ValidationError as exc:
            raise InputError(f"{p}: not a GoldArticle ({exc.error_count()} errors); fix the file") from exc


def merge_articles(lines: Iterable[ArticleResult]) -> MergeResult:
    """Group articles into stories and merge their records, keeping disagreements as claims.

    Args:
        lines: extraction lines, in any order.

    Returns:
        Every story, its merged actors, events, quotes, agreements and claims.

    Raises:
        InputError: two lines carry the same article id.
    """
    ordered = sorted(lines, key=lambda line: line.article_id)
    for a, b in pairwise(ordered):
        if a.article_id == b.article_id:
            raise InputError(f"article {a.article_id} appears twice; merge one extraction per article")
    stories = [
        _build_story(f"S{n}", [ordered[i] for i in group])
        for n, group in enumerate(group_stories(ordered), 1)
    ]
    inputs = [
        MergeInput(article_id=line.article_id, source=line.source, backend=line.extractor.backend)
        for line in ordered
    ]
    return MergeResult(article_count=len(ordered), inputs=inputs, stories=stories)


def iter_entity_lines(result: MergeResult) -> Iterator[MergedEntityLine]:
    """One line per merged entity and claim, story by story (``merge --jsonl``)."""
    for story in result.stories:
        for kind, items in (
            ("actor", story.actors),
            ("event", story.events),
            ("quote", story.quotes),
            ("agreement", story.agreements),
            ("claim", story.claims),
        ):
            for item in items:
                yield MergedEntityLine(story_id=story.id, kind=kind, entity=item)  # type: ignore[arg-type]


def _build_story(story_id: str, lines: list[ArticleResult]) -> Story:
    """Merge one story's lines: actors first, since events, quotes and agreements refer to them."""
    actors, actor_of = merge_actors(lines)
    events = merge_events(lines, actor_of)
    quotes = merge_quotes(lines, actor_of)
    agreements = merge_agreements(lines, actor_of)
    return Story(
        id=story_id,
        articles=sorted(line.article_id for line in lines),
        actors=actors,
        events=events,
        quotes=quotes,
        agreements=agreements,
        claims=story_claims(actors, events, agreements),
    )
