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

Output is sorted throughout: the same input gives the same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from rapidfuzz import fuzz

from pipeline.core.errors import InputError
from pipeline.io.results import read_results
from pipeline.io.shards import ray_shards
from pipeline.story.claims import story_claims
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
from schemas import (
    EVENT_TYPES,
    Actor,
    ActorType,
    Agreement,
    ArticleResult,
    Event,
    EventType,
    ExtractorInfo,
    GoldArticle,
    Location,
    ParticipantRole,
    Quote,
    TimeExpression,
)
from schemas.output import ArticleMeta
from schemas.story import (
    MergedActor,
    MergedAgreement,
    MergedEntityLine,
    MergedEvent,
    MergedParticipant,
    MergedQuote,
    MergeInput,
    MergeResult,
    QuoteVariant,
    SourcedValue,
    Story,
    source_ref,
)

_M = TypeVar("_M", MergedActor, MergedEvent, MergedQuote, MergedAgreement)

#: Blocks with more distinct forms than this are compared by sorted neighbourhood.
MAX_BLOCK = 60
#: Neighbourhood width for big blocks.
NEIGHBOURHOOD = 12
#: A story link key carried by more articles than this is too common to be evidence.
MAX_LINK_ARTICLES = 400
#: Articles published further apart than this are never put in one story.
PUBLISH_WINDOW_DAYS = 7
#: Event dates this many days apart can still be the same happening.
EVENT_DATE_WINDOW_DAYS = 2
#: Share of the shorter quote's content words found in the longer one to join them.
QUOTE_CONTAINMENT = 0.5

#: Families where two records with different agents/announcers are different happenings.
_SPEECH_FAMILIES = frozenset({"meeting", "statement", "protest", "arrest", "election", "agreement"})
_LEAD_ROLES = frozenset({ParticipantRole.agent, ParticipantRole.announcer})
_QUOTE_STOPWORD_TEXT = (
    "the a an and or but of to in on at by for with from as is are was were be been it its this that "
    "these those we our us they their them he his she her i my you your will would not also have has "
    "had there which who whom what when where while than then so such"
)
_QUOTE_STOPWORDS = frozenset(_QUOTE_STOPWORD_TEXT.split())


def event_family(event_type: EventType) -> str:
    """The compatibility family of an event type, as the vocabulary defines it."""
    return EVENT_TYPES[event_type].family


# ---------------------------------------------------------------- input


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


# ---------------------------------------------------------------- union-find


class _UnionFind:
    """Disjoint sets over 0..n-1; the smaller index is always the root (deterministic)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> int:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            ri, rj = min(ri, rj), max(ri, rj)
            self.parent[rj] = ri
        return ri

    def groups(self) -> list[list[int]]:
        """Members of each set, sets ordered by their smallest member."""
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return [out[r] for r in sorted(out)]


def _candidate_pairs(keys_of: list[list[str]], sort_key: Callable[[int], str]) -> list[tuple[int, int]]:
    """Pairs of items sharing a blocking key; big blocks by sorted neighbourhood."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(keys_of):
        for k in keys:
            blocks[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for k in sorted(blocks):
        members = blocks[k]
        if len(members) <= MAX_BLOCK:
            pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1 :])
            continue
        ordered = sorted(members, key=lambda i: (sort_key(i), i))
        for n, a in enumerate(ordered):
            pairs.update((min(a, b), max(a, b)) for b in ordered[n + 1 : n + 1 + NEIGHBOURHOOD])
    return sorted(pairs)


# ---------------------------------------------------------------- actors


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
    uf = _UnionFind(len(forms))
    keys_of = [blocking_keys(form_key[i], forms[i][0]) for i in range(len(forms))]
    skel = [" ".join(skeleton(t) for t in form_key[i].tokens) for i in range(len(forms))]
    scored = [
        (-fuzz.token_sort_ratio(forms[a][1], forms[b][1]), a, b)
        for a, b in _candidate_pairs(keys_of, lambda i: skel[i])
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


# ---------------------------------------------------------------- dates


def _parse_iso(value: str) -> date | None:
    """A date from ISO text, or None for text that is not one."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def date_interval(expr: TimeExpression | None) -> tuple[date, date] | None:
    """First and last day a resolved time expression can denote, or None when unknown."""
    if expr is None or not expr.value:
        return None
    v = expr.value
    if len(v) == 4 and v.isdigit():
        return date(int(v), 1, 1), date(int(v), 12, 31)
    if len(v) == 7:
        first = _parse_iso(v + "-01")
        if first is None:
            return None
        nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        return first, nxt - timedelta(days=1)
    day = _parse_iso(v[:10])
    if day is None:
        return None
    last = _parse_iso(expr.end[:10]) if expr.end else None
    return day, max(day, last) if last else day


def dates_compatible(a: TimeExpression | None, b: TimeExpression | None) -> bool:
    """Unknown dates never block; known ones must come within the event date window."""
    ia, ib = date_interval(a), date_interval(b)
    if ia is None or ib is None:
        return True
    gap = max((ib[0] - ia[1]).days, (ia[0] - ib[1]).days, 0)
    return gap <= EVENT_DATE_WINDOW_DAYS


def _published(line: ArticleResult) -> date | None:
    """The line's publication day, or None when unknown (unknown never blocks a link)."""
    return _parse_iso((line.metadata.published_at or "")[:10])


# ---------------------------------------------------------------- stories


def _event_days(line: ArticleResult) -> dict[str, list[int]]:
    """Family -> day ordinals of the line's day-dated events: the event half of story links."""
    days: dict[str, set[int]] = defaultdict(set)
    for event in line.records.events:
        interval = date_interval(event.date)
        if interval is not None and interval[0] == interval[1]:
            days[event_family(event.type)].add(interval[0].toordinal())
    return {family: sorted(v) for family, v in days.items()}


def _shared_event_families(a: dict[str, list[int]], b: dict[str, list[int]]) -> int:
    """Number of event families in which the two articles have events within the date window."""
    return sum(
        any(abs(x - y) <= EVENT_DATE_WINDOW_DAYS for x in a[family] for y in b[family])
        for family in sorted(a.keys() & b.keys())
    )


def _published_close(a: date | None, b: date | None) -> bool:
    """Within the publication window, or unknown on either side."""
    return a is None or b is None or abs((a - b).days) <= PUBLISH_WINDOW_DAYS


def _actor_links(lines: list[ArticleResult]) -> dict[tuple[int, int], int]:
    """Article pairs -> number of non-country actor clusters they share (common clusters skipped)."""
    position = {line.article_id: i for i, line in enumerate(lines)}
    published = [_published(line) for line in lines]
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for cluster in resolve_actors(lines, countries=False):
        members = sorted({position[ref.rpartition(":")[0]] for ref in cluster})
        if len(members) > MAX_LINK_ARTICLES:
            continue
        for n, a in enumerate(members):
            for b in members[n + 1 :]:
                if _published_close(published[a], published[b]):
                    shared[(a, b)] += 1
    return shared


def group_stories(lines: list[ArticleResult]) -> list[list[int]]:
    """Connected components of articles sharing two or more strong links.

    Candidate pairs come from shared merged actors only (so the cost follows
    the actors' spread, not the square of the article count); a shared event
    family within the date window then counts as a further link. Two
    articles whose only common ground is a busy news day stay apart.
    """
    days = [_event_days(line) for line in lines]
    uf = _UnionFind(len(lines))
    for (a, b), count in sorted(_actor_links(lines).items()):
        if count >= 2 or count + _shared_event_families(days[a], days[b]) >= 2:
            uf.union(a, b)
    return uf.groups()


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


# ---------------------------------------------------------------- sourced values


def _sourced(items: Iterable[tuple[str, str]], key: Callable[[str], str]) -> list[SourcedValue]:
    """Group (value, ref) pairs by normalised value; most-stated first, then by value."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for value, ref in sorted(items, key=lambda vr: (vr[1], vr[0])):
        groups[key(value)].append((value, ref))
    out = [
        SourcedValue(
            value=members[0][0],
            articles=sorted({ref.rpartition(":")[0] for _, ref in members}),
            sources=sorted({ref for _, ref in members}),
        )
        for members in groups.values()
    ]
    return sorted(out, key=lambda v: (-len(v.articles), key(v.value), v.value))


# ---------------------------------------------------------------- story assembly


def _numbered(prefix: str, items: list[_M], order: Callable[[_M], tuple[Any, ...]]) -> list[_M]:
    """Give ids P1, P2... in the caller's order (ties broken by sources) and return them so sorted."""
    ranked = sorted(items, key=lambda item: (order(item), item.sources))
    for n, item in enumerate(ranked, 1):
        item.id = f"{prefix}{n}"
    return ranked


def _build_story(story_id: str, lines: list[ArticleResult]) -> Story:
    """Merge one story's lines: actors first, since events, quotes and agreements refer to them."""
    mentions = _actor_mentions(lines)
    actors, actor_of = _merge_actors(mentions, _cluster_actors(mentions))
    events = _merge_events(lines, actor_of)
    quotes = _merge_quotes(lines, actor_of)
    agreements = _merge_agreements(lines, actor_of)
    return Story(
        id=story_id,
        articles=sorted(line.article_id for line in lines),
        actors=actors,
        events=events,
        quotes=quotes,
        agreements=agreements,
        claims=story_claims(actors, events, agreements),
    )


def _most_common(values: list[str]) -> str:
    """The most frequent value, ties broken alphabetically so the output never depends on order."""
    counts: dict[str, int] = defaultdict(int)
    for v in values:
        counts[v] += 1
    return min(counts, key=lambda v: (-counts[v], v))


def _merge_actors(
    mentions: list[_ActorMention], clusters: list[list[int]]
) -> tuple[list[MergedActor], dict[str, str]]:
    """MergedActors with ids A1.. (most-reported first) and the map record ref -> actor id."""
    built = [_merged_actor([mentions[i] for i in cluster]) for cluster in clusters]
    ranked = _numbered("A", built, lambda a: (-len(a.articles), fold(a.canonical_name)))
    return ranked, {ref: actor.id for actor in ranked for ref in actor.sources}


def _merged_actor(members: list[_ActorMention]) -> MergedActor:
    """One cluster as a MergedActor; the canonical name is never one of its aliases when avoidable."""
    person = members[0].group == "person"

    def key(value: str) -> str:
        return fold(value, person)

    aliases = _sourced(((a, m.ref) for m in members for a in m.actor.aliases), fold)
    alias_keys = {key(v.value) for v in aliases}
    canon = _sourced(((m.actor.canonical_name, m.ref) for m in members), key)
    canon = [v for v in canon if key(v.value) not in alias_keys] or canon
    best = max(canon, key=lambda v: (len(v.articles), len(key(v.value).split())))
    return MergedActor(
        id="",
        canonical_name=best.value,
        type=ActorType(_most_common([m.actor.type.value for m in members])),
        names=_sourced(((m.actor.name, m.ref) for m in members), key),
        titles=_sourced(((m.actor.title, m.ref) for m in members if m.actor.title), fold),
        aliases=aliases,
        sources=sorted(m.ref for m in members),
        articles=sorted({m.article for m in members}),
    )


def _cluster_disjoint(
    n: int,
    pairs: Sequence[tuple[float, int, int]],
    articles: list[str],
    labels: list[str | None] | None = None,
) -> list[list[int]]:
    """Union best pairs first, never putting two records of one article together.

    Within one article the extractor (or labeller) already decided that two
    records are different happenings or different quotes. With ``labels``
    (quote speakers), a cluster also never holds two different known labels.
    """
    uf = _UnionFind(n)
    seen: list[set[str]] = [{a} for a in articles]
    known: list[set[str]] = [{lab} if lab else set() for lab in (labels or [None] * n)]
    for _, a, b in sorted(pairs):
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb or seen[ra] & seen[rb] or len(known[ra] | known[rb]) > 1:
            continue
        root = uf.union(ra, rb)
        seen[root], known[root] = seen[ra] | seen[rb], known[ra] | known[rb]
    return uf.groups()


# ---------------------------------------------------------------- events


@dataclass(frozen=True)
class _EventMention:
    """One event record with what matching needs: family, merged participants, folded place."""

    ref: str
    article: str
    event: Event
    family: str
    actors: frozenset[str]
    leads: frozenset[str]
    place: str


def _event_mentions(lines: list[ArticleResult], actor_of: dict[str, str]) -> list[_EventMention]:
    out: list[_EventMention] = []
    for line in lines:
        for e in line.records.events:
            ids = {p.actor_id: actor_of[source_ref(line.article_id, p.actor_id)] for p in e.participants}
            out.append(
                _EventMention(
                    ref=source_ref(line.article_id, e.id),
                    article=line.article_id,
                    event=e,
                    family=event_family(e.type),
                    actors=frozenset(ids.values()),
                    leads=frozenset(ids[p.actor_id] for p in e.participants if p.role in _LEAD_ROLES),
                    place=fold(_place_text(e.location)),
                )
            )
    return out


def places_compatible(a: str, b: str) -> bool:
    """Folded place names that may denote the same place ("anbar" and "anbar province")."""
    if not a or not b:
        return True
    ta, tb = set(a.split()), set(b.split())
    return ta <= tb or tb <= ta or fuzz.token_set_ratio(a, b) >= 85


def _events_match(a: _EventMention, b: _EventMention) -> bool:
    """Same family, compatible date and place, no conflicting agents, and one positive link."""
    if a.family != b.family or not dates_compatible(a.event.date, b.event.date):
        return False
    if not places_compatible(a.place, b.place):
        return False
    if a.family in _SPEECH_FAMILIES and a.leads and b.leads and not a.leads & b.leads:
        return False
    if a.actors & b.actors or (a.place and b.place):
        return True
    ia, ib = date_interval(a.event.date), date_interval(b.event.date)
    return ia is not None and ia == ib and ia[0] == ia[1]


def _event_keys(m: _EventMention) -> list[str]:
    """Blocking keys: an event can only match one sharing a participant, a place word or a day."""
    keys = [f"{m.family}|p|{a}" for a in sorted(m.actors)]
    keys += [f"{m.family}|loc|{skeleton(t)}" for t in m.place.split()]
    interval = date_interval(m.event.date)
    if interval is not None:
        keys.append(f"{m.family}|day|{interval[0].isoformat()}")
    return keys


def _merge_events(lines: list[ArticleResult], actor_of: dict[str, str]) -> list[MergedEvent]:
    """Cluster the story's events (most shared participants first); ids in date order."""
    mentions = _event_mentions(lines, actor_of)
    pairs = [
        (-len(mentions[a].actors & mentions[b].actors), a, b)
        for a, b in _candidate_pairs([_event_keys(m) for m in mentions], lambda i: mentions[i].ref)
        if _events_match(mentions[a], mentions[b])
    ]
    groups = _cluster_disjoint(len(mentions), pairs, [m.article for m in mentions])
    built = [_merged_event([mentions[i] for i in g], actor_of) for g in groups]
    return _numbered("E", built, lambda e: (e.dates[0].value if e.dates else "9999",))


def _merged_event(members: list[_EventMention], actor_of: dict[str, str]) -> MergedEvent:
    """One cluster as a MergedEvent, every attribute value kept with its sources."""
    members = sorted(members, key=lambda m: m.ref)
    parts = {
        (actor_of[source_ref(m.article, p.actor_id)], p.role) for m in members for p in m.event.participants
    }
    return MergedEvent(
        id="",
        type=EventType(_most_common([m.event.type.value for m in members])),
        types=_sourced(((m.event.type.value, m.ref) for m in members), str),
        summary=members[0].event.summary,
        dates=_sourced(
            ((m.event.date.value, m.ref) for m in members if m.event.date and m.event.date.value), str
        ),
        locations=_sourced(((_place_text(m.event.location), m.ref) for m in members if m.place), fold),
        fatalities=_sourced(
            ((str(m.event.fatalities), m.ref) for m in members if m.event.fatalities is not None), str
        ),
        participants=[
            MergedParticipant(actor_id=a, role=r)
            for a, r in sorted(parts, key=lambda p: (int(p[0][1:]), p[1].value))
        ],
        sources=[m.ref for m in members],
        articles=sorted({m.article for m in members}),
    )


def _place_text(loc: Location | None) -> str:
    """The most specific place named: name, else region, else country."""
    return (loc.name or loc.admin_region or loc.country or "") if loc else ""


# ---------------------------------------------------------------- quotes


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


def _merge_quotes(lines: list[ArticleResult], actor_of: dict[str, str]) -> list[MergedQuote]:
    """Cluster the story's quotes by speaker and shared words; ids grouped by speaker."""
    items: list[tuple[str, str, Quote, str | None]] = []
    for line in lines:
        for q in line.records.quotes:
            speaker = actor_of[source_ref(line.article_id, q.speaker_id)] if q.speaker_id else None
            items.append((source_ref(line.article_id, q.id), line.article_id, q, speaker))
    stems = [content_stems(q.text) for _, _, q, _ in items]
    pairs = [
        (-containment(stems[a], stems[b]), a, b)
        for a, b in _candidate_pairs(
            [[f"stem|{t}" for t in sorted(st)] for st in stems], lambda i: items[i][0]
        )
        if (items[a][3] == items[b][3] or None in (items[a][3], items[b][3]))
        and _quotes_match(stems[a], stems[b], items[a][3] == items[b][3] and items[a][3] is not None)
    ]
    groups = _cluster_disjoint(len(items), pairs, [it[1] for it in items], [it[3] for it in items])
    built = [_merged_quote([items[i] for i in group]) for group in groups]
    return _numbered("Q", built, lambda q: (int(q.speaker_id[1:]) if q.speaker_id else 10**9,))


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


# ---------------------------------------------------------------- agreements


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


def _merge_agreements(lines: list[ArticleResult], actor_of: dict[str, str]) -> list[MergedAgreement]:
    """Cluster the story's agreements by parties and subject."""
    items: list[tuple[str, str, Agreement, frozenset[str]]] = []
    for line in lines:
        for g in line.records.agreements:
            parties = frozenset(actor_of[source_ref(line.article_id, p)] for p in g.parties)
            items.append((source_ref(line.article_id, g.id), line.article_id, g, parties))
    keys = [[f"party|{p}" for p in sorted(parties)] + ["any"] for *_, parties in items]
    pairs = [
        (-len(items[a][3] & items[b][3]), a, b)
        for a, b in _candidate_pairs(keys, lambda i: items[i][0])
        if _agreements_match(items[a][2:], items[b][2:])
    ]
    built = [
        _merged_agreement([items[i] for i in g])
        for g in _cluster_disjoint(len(items), pairs, [it[1] for it in items])
    ]
    return _numbered("G", built, lambda g: ())


def _merged_agreement(members: list[tuple[str, str, Agreement, frozenset[str]]]) -> MergedAgreement:
    """One cluster as a MergedAgreement, statuses and dates kept with their sources."""

    def dates(attr: str) -> list[SourcedValue]:
        pairs = (
            (getattr(g, attr).value, ref)
            for ref, _, g, _ in members
            if getattr(g, attr) and getattr(g, attr).value
        )
        return _sourced(pairs, str)

    return MergedAgreement(
        id="",
        subject=members[0][2].subject,
        parties=sorted({p for *_, parties in members for p in parties}, key=lambda p: int(p[1:])),
        statuses=_sourced(((g.status.value, ref) for ref, _, g, _ in members), str),
        signed=dates("signed"),
        deadlines=dates("deadline"),
        sources=sorted(ref for ref, *_ in members),
        articles=sorted({article for _, article, *_ in members}),
    )
