"""Agreement merging: a story's agreements clustered by parties and subject.

Two agreements join with mostly the same parties and a similar subject (or
the same deadline); with exactly the same parties one shared subject word is
enough, since outlets word the same pledge differently. Statuses and dates
are kept with their sources, for the claims to compare.
"""

from __future__ import annotations

from pipeline.story.clustering import candidate_pairs, cluster_disjoint
from pipeline.story.quotes import containment, content_stems
from pipeline.story.sourced import numbered, sourced
from schemas import Agreement, ArticleResult
from schemas.story import MergedAgreement, SourcedValue, source_ref


def _agreements_match(a: tuple[Agreement, frozenset[str]], b: tuple[Agreement, frozenset[str]]) -> bool:
    """Mostly the same parties and a similar subject (or the same deadline).

    With exactly the same parties one shared subject word is enough: outlets
    word the same pledge differently ("work together to combat X", "joint
    efforts against X"), and two agreements of one article never merge anyway.
    """
    (ga, pa), (gb, pb) = a, b
    if pa and pb and len(pa & pb) / len(pa | pb) < 0.5:
        return False
    sa, sb = content_stems(ga.subject), content_stems(gb.subject)
    if containment(sa, sb) >= 0.34 or (pa and pa == pb and sa & sb):
        return True
    da, db = (ga.deadline.value if ga.deadline else None), (gb.deadline.value if gb.deadline else None)
    return da is not None and da == db and bool(pa & pb)


def merge_agreements(lines: list[ArticleResult], actor_of: dict[str, str]) -> list[MergedAgreement]:
    """Cluster the story's agreements by parties and subject."""
    items: list[tuple[str, str, Agreement, frozenset[str]]] = []
    for line in lines:
        for g in line.records.agreements:
            parties = frozenset(actor_of[source_ref(line.article_id, p)] for p in g.parties)
            items.append((source_ref(line.article_id, g.id), line.article_id, g, parties))
    keys = [[f"party|{p}" for p in sorted(parties)] + ["any"] for *_, parties in items]
    pairs = [
        (-len(items[a][3] & items[b][3]), a, b)
        for a, b in candidate_pairs(keys, lambda i: items[i][0])
        if _agreements_match(items[a][2:], items[b][2:])
    ]
    built = [
        _merged_agreement([items[i] for i in g])
        for g in cluster_disjoint(len(items), pairs, [it[1] for it in items])
    ]
    return numbered("G", built, lambda g: ())


def _merged_agreement(members: list[tuple[str, str, Agreement, frozenset[str]]]) -> MergedAgreement:
    """One cluster as a MergedAgreement, statuses and dates kept with their sources."""

    def dates(attr: str) -> list[SourcedValue]:
        pairs = (
            (getattr(g, attr).value, ref)
            for ref, _, g, _ in members
            if getattr(g, attr) and getattr(g, attr).value
        )
        return sourced(pairs, str)

    return MergedAgreement(
        id="",
        subject=members[0][2].subject,
        parties=sorted({p for *_, parties in members for p in parties}, key=lambda p: int(p[1:])),
        statuses=sourced(((g.status.value, ref) for ref, _, g, _ in members), str),
        signed=dates("signed"),
        deadlines=dates("deadline"),
        sources=sorted(ref for ref, *_ in members),
        articles=sorted({article for _, article, *_ in members}),
    )
