"""Actor resolution: actor records clustered by name into merged actors.

Mentions with the same reduced name form are one form; forms are compared
only inside blocks sharing a key (last-name skeleton for people; sorted key,
token skeletons and acronyms for organisations), and a union is refused when
it would put two disagreeing full person names, or two actors of one
article, in one cluster. This runs once globally (for story grouping) and
again inside each story, and everything else in a story refers to the
merged actors it builds, so it is the merge's first pass.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pipeline.story.clustering import UnionFind, candidate_pairs
from pipeline.story.sourced import most_common, numbered, sourced
from pipeline.text.names import (
    KUNYA_PREFIXES,
    NameKey,
    blocking_keys,
    fold,
    name_key,
    names_agree,
    people_agree,
    skeleton,
    type_group,
)
from schemas import Actor, ActorType, ArticleResult
from schemas.story import MergedActor, source_ref


@dataclass(frozen=True)
class _ActorMention:
    """One actor record, with its name reduced once for every comparison."""

    ref: str
    article: str
    actor: Actor
    group: str
    key: NameKey


@dataclass
class _ClusterState:
    """What a growing actor cluster must stay consistent with."""

    full_names: dict[str, NameKey] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)


def _actor_mentions(lines: list[ArticleResult]) -> list[_ActorMention]:
    """Every actor record of the lines; canonical names first, as they carry no title."""
    out: list[_ActorMention] = []
    for line in lines:
        for actor in line.records.actors:
            group = type_group(actor.type)
            key = name_key(actor.canonical_name or actor.name, group)
            out.append(
                _ActorMention(source_ref(line.article_id, actor.id), line.article_id, actor, group, key)
            )
    return out


def _form(m: _ActorMention) -> tuple[str, str]:
    """The reduced name a mention shares with its spelling variants; a name with no letters stays alone."""
    return (m.group, m.key.exact) if m.key.tokens else (m.group, f"#{m.ref}")


def _is_full_person_name(key: NameKey) -> bool:
    """Two tokens or more and no kunya: a name precise enough to contradict another."""
    return len(key.tokens) >= 2 and key.tokens[0] not in KUNYA_PREFIXES


def _compatible_states(a: _ClusterState, b: _ClusterState) -> bool:
    """Refuse a union of two actors of one article, or of two full person names that disagree.

    Within one article the extractor already told its actors apart; a
    name that is one of the cluster's aliases is exempt from the name check.
    """
    if a.articles & b.articles:
        return False
    aliases = a.aliases | b.aliases
    left = [k for e, k in sorted(a.full_names.items()) if e not in aliases]
    right = [k for e, k in sorted(b.full_names.items()) if e not in aliases]
    return all(people_agree(x, y) for x in left for y in right)


def _alias_links(
    mentions: list[_ActorMention], form_index: dict[tuple[str, str], int]
) -> list[tuple[int, int]]:
    """Form pairs linked by an article's own alias evidence (alias of one = name of the other)."""
    links: list[tuple[int, int]] = []
    for m in mentions:
        own = form_index[_form(m)]
        for alias in m.actor.aliases:
            other = form_index.get((m.group, name_key(alias, m.group).exact))
            if other is not None and other != own:
                links.append((min(own, other), max(own, other)))
    return sorted(set(links))


def _cluster_actors(mentions: list[_ActorMention]) -> list[list[int]]:
    """Cluster actor mentions; returns lists of mention indices, ordered deterministically."""
    forms = sorted({_form(m) for m in mentions})
    form_index = {f: i for i, f in enumerate(forms)}
    form_key: dict[int, NameKey] = {}
    states = [_ClusterState() for _ in forms]
    for m in mentions:
        i = form_index[_form(m)]
        form_key.setdefault(i, m.key)
        states[i].aliases.update(name_key(a, m.group).exact for a in m.actor.aliases)
        states[i].articles.add(m.article)
        if m.group == "person" and _is_full_person_name(m.key):
            states[i].full_names[m.key.exact] = m.key
    uf = UnionFind(len(forms))
    keys_of = [blocking_keys(form_key[i], forms[i][0]) for i in range(len(forms))]
    skel = [" ".join(skeleton(t) for t in form_key[i].tokens) for i in range(len(forms))]
    scored = [
        (-fuzz.token_sort_ratio(forms[a][1], forms[b][1]), a, b)
        for a, b in candidate_pairs(keys_of, lambda i: skel[i])
        if forms[a][0] == forms[b][0] and names_agree(form_key[a], form_key[b], forms[a][0])
    ]
    ordered = [(-101, a, b) for a, b in _alias_links(mentions, form_index)] + sorted(scored)
    for _, a, b in ordered:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb or not _compatible_states(states[ra], states[rb]):
            continue
        root = uf.union(ra, rb)
        other = rb if root == ra else ra
        states[root].full_names.update(states[other].full_names)
        states[root].aliases.update(states[other].aliases)
        states[root].articles.update(states[other].articles)
    by_form: dict[int, list[int]] = defaultdict(list)
    for idx, m in enumerate(mentions):
        by_form[uf.find(form_index[_form(m)])].append(idx)
    return [by_form[r] for r in sorted(by_form)]


def resolve_actors(lines: list[ArticleResult], countries: bool = True) -> list[list[str]]:
    """Actor records of all lines clustered by name: lists of "article_id:record_id" refs.

    This is the blocked, global pass that story grouping relies on (without
    countries, which link unrelated stories); inside a story,
    ``merge_articles`` clusters again from the story's records only.
    """
    mentions = [m for m in _actor_mentions(lines) if countries or m.group != "country"]
    return [sorted(mentions[i].ref for i in cluster) for cluster in _cluster_actors(mentions)]


def merge_actors(lines: list[ArticleResult]) -> tuple[list[MergedActor], dict[str, str]]:
    """One story's MergedActors, ids A1.. (most-reported first), and the map record ref -> actor id."""
    mentions = _actor_mentions(lines)
    built = [_merged_actor([mentions[i] for i in cluster]) for cluster in _cluster_actors(mentions)]
    ranked = numbered("A", built, lambda a: (-len(a.articles), fold(a.canonical_name)))
    return ranked, {ref: actor.id for actor in ranked for ref in actor.sources}


def _merged_actor(members: list[_ActorMention]) -> MergedActor:
    """One cluster as a MergedActor; the canonical name is never one of its aliases when avoidable."""
    person = members[0].group == "person"

    def key(value: str) -> str:
        return fold(value, person)

    aliases = sourced(((a, m.ref) for m in members for a in m.actor.aliases), fold)
    alias_keys = {key(v.value) for v in aliases}
    canon = sourced(((m.actor.canonical_name, m.ref) for m in members), key)
    canon = [v for v in canon if key(v.value) not in alias_keys] or canon
    best = max(canon, key=lambda v: (len(v.articles), len(key(v.value).split())))
    return MergedActor(
        id="",
        canonical_name=best.value,
        type=ActorType(most_common([m.actor.type.value for m in members])),
        names=sourced(((m.actor.name, m.ref) for m in members), key),
        titles=sourced(((m.actor.title, m.ref) for m in members if m.actor.title), fold),
        aliases=aliases,
        sources=sorted(m.ref for m in members),
        articles=sorted({m.article for m in members}),
    )
