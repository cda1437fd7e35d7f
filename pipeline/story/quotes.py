"""Quote merging: a story's quotes clustered by speaker and shared words.

Outlets quote the same words in other wording, cut them or leave them
unattributed; two quotes join when enough of the shorter one's content
words (cut to five letters) are in the longer, more strictly when a speaker
is unknown on one side. ``content_stems`` and ``containment`` also serve
agreement subjects.
"""

from __future__ import annotations

from pipeline.story.clustering import candidate_pairs, cluster_disjoint
from pipeline.story.sourced import numbered
from pipeline.text.names import fold
from schemas import ArticleResult, Quote
from schemas.story import MergedQuote, QuoteVariant, source_ref

#: Share of the shorter quote's content words found in the longer one to join them.
QUOTE_CONTAINMENT = 0.5

_QUOTE_STOPWORD_TEXT = (
    "the a an and or but of to in on at by for with from as is are was were be been it its this that "
    "these those we our us they their them he his she her i my you your will would not also have has "
    "had there which who whom what when where while than then so such"
)
_QUOTE_STOPWORDS = frozenset(_QUOTE_STOPWORD_TEXT.split())


def content_stems(text: str) -> frozenset[str]:
    """Content words cut to five letters: "societies"/"society" and "terrorists"/"terrorism" meet."""
    return frozenset(t[:5] for t in fold(text).split() if t not in _QUOTE_STOPWORDS and len(t) > 1)


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the larger (1.0 for a fragment of a longer quote)."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _quotes_match(a: frozenset[str], b: frozenset[str], same_known_speaker: bool) -> bool:
    """Same words in other wording: enough shared content words.

    Stricter when a speaker is unknown on one side (an outlet may leave a
    quote unattributed that another attributes): then nearly all the words
    of the shorter quote must be in the longer.
    """
    shared = len(a & b)
    if same_known_speaker:
        return containment(a, b) >= QUOTE_CONTAINMENT and shared >= min(3, len(a), len(b))
    return containment(a, b) >= 0.8 and shared >= 4


def merge_quotes(lines: list[ArticleResult], actor_of: dict[str, str]) -> list[MergedQuote]:
    """Cluster the story's quotes by speaker and shared words; ids grouped by speaker."""
    items: list[tuple[str, str, Quote, str | None]] = []
    for line in lines:
        for q in line.records.quotes:
            speaker = actor_of[source_ref(line.article_id, q.speaker_id)] if q.speaker_id else None
            items.append((source_ref(line.article_id, q.id), line.article_id, q, speaker))
    stems = [content_stems(q.text) for _, _, q, _ in items]
    pairs = [
        (-containment(stems[a], stems[b]), a, b)
        for a, b in candidate_pairs(
            [[f"stem|{t}" for t in sorted(st)] for st in stems], lambda i: items[i][0]
        )
        if (items[a][3] == items[b][3] or None in (items[a][3], items[b][3]))
        and _quotes_match(stems[a], stems[b], items[a][3] == items[b][3] and items[a][3] is not None)
    ]
    groups = cluster_disjoint(len(items), pairs, [it[1] for it in items], [it[3] for it in items])
    built = [_merged_quote([items[i] for i in group]) for group in groups]
    return numbered("Q", built, lambda q: (int(q.speaker_id[1:]) if q.speaker_id else 10**9,))


def _merged_quote(members: list[tuple[str, str, Quote, str | None]]) -> MergedQuote:
    """One cluster as a MergedQuote; the speaker is the one known side when the other is unknown."""
    variants = [QuoteVariant(text=q.text, source=ref, article_id=article) for ref, article, q, _ in members]
    return MergedQuote(
        id="",
        speaker_id=next((speaker for *_, speaker in members if speaker), None),
        text=max(variants, key=lambda v: (len(v.text), v.source)).text,
        variants=sorted(variants, key=lambda v: v.source),
        sources=sorted(v.source for v in variants),
        articles=sorted({v.article_id for v in variants}),
    )
