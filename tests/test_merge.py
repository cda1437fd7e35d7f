"""Cross-article merge on small hand-made record sets (invented names and places)."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import article_line, sourced, span

from pipeline.core.errors import InputError
from pipeline.io.results import read_results
from pipeline.story.actors import resolve_actors
from pipeline.story.claims import claim_values
from pipeline.story.merge import iter_entity_lines, merge_articles
from schemas import (
    Actor,
    Agreement,
    ArticleMeta,
    ArticleResult,
    Event,
    Location,
    Participant,
    Quote,
    Records,
    TimeExpression,
)
from schemas.story import Story


@dataclass
class A:
    """An actor to put in a test article."""

    name: str
    type: str = "person"
    aliases: list[str] = field(default_factory=list)
    title: str | None = None


@dataclass
class E:
    """An event; participants are (actor index, role)."""

    type: str
    date: str | None
    parts: list[tuple[int, str]] = field(default_factory=list)
    place: str | None = None
    fatalities: int | None = None


@dataclass
class Q:
    """A quote by actor index."""

    text: str
    speaker: int | None


def _article(
    aid: str, actors: list[A], events: list[E] = (), quotes: list[Q] = (), pub: str = "2025-03-14"
) -> ArticleResult:  # type: ignore[assignment]
    """Build a valid ArticleResult whose text contains every evidence string."""
    pieces = [a.name + (f", also known as {', '.join(a.aliases)}" if a.aliases else "") for a in actors]
    pieces += [f"Event {n}: {e.type} on {e.date}" for n, e in enumerate(events, 1)]
    pieces += [f'"{q.text}"' for q in quotes]
    text = ". ".join(pieces) + "."
    records = Records(
        actors=[
            Actor(
                id=f"a{n}",
                name=a.name,
                canonical_name=a.name,
                type=a.type,
                title=a.title,
                aliases=a.aliases,
                evidence=[span(text, a.name)],
            )
            for n, a in enumerate(actors, 1)
        ],
        events=[
            Event(
                id=f"e{n}",
                type=e.type,
                summary=f"{e.type} {n}",
                date=TimeExpression(text=str(e.date), value=e.date, granularity="day") if e.date else None,
                location=Location(name=e.place) if e.place else None,
                participants=[Participant(actor_id=f"a{i}", role=r) for i, r in e.parts],
                fatalities=e.fatalities,
                evidence=[span(text, f"Event {n}: {e.type} on {e.date}")],
            )
            for n, e in enumerate(events, 1)
        ],
        quotes=[
            Quote(
                id=f"q{n}",
                text=q.text,
                speaker_id=f"a{q.speaker}" if q.speaker else None,
                kind="direct",
                evidence=[span(text, q.text)],
            )
            for n, q in enumerate(quotes, 1)
        ],
    )
    return article_line(aid, text, records, ArticleMeta(published_at=pub))


def _story_of(lines: list[ArticleResult]) -> Story:
    result = merge_articles(lines)
    assert len(result.stories) == 1, [s.articles for s in result.stories]
    return result.stories[0]


def _cluster_of(story: Story, ref: str) -> set[str]:
    return next(set(a.sources) for a in story.actors if ref in a.sources)


BASE = [A("Northern Front", "armed_group"), A("Karsova", "country")]


def _pair(name_a: A, name_b: A) -> Story:
    """Two articles about one strike, differing only in how one person is named."""
    e = E("airstrike", "2025-03-13", [(1, "agent"), (3, "victim")], "Velm province")
    return _story_of([_article("x1", [*BASE, name_a], [e]), _article("x2", [*BASE, name_b], [e])])


def test_transliteration_variants_merge_and_the_spelling_becomes_a_claim() -> None:
    story = _pair(A("Fouad Hassan"), A("Fuad Hasan"))
    assert _cluster_of(story, "x1:a3") == {"x1:a3", "x2:a3"}
    (claim,) = [c for c in story.claims if c.attribute == "name"]
    assert {v.value: v.articles for v in claim.values} == {"Fouad Hassan": ["x1"], "Fuad Hasan": ["x2"]}


@pytest.mark.parametrize(("a", "b"), [("Ahmed Karimi", "Ahmed Rahimi"), ("Abu Sami", "Abu Salim")])
def test_look_alike_different_people_do_not_merge(a: str, b: str) -> None:
    story = _pair(A(a), A(b))
    assert _cluster_of(story, "x1:a3") == {"x1:a3"}


def test_an_alias_joins_only_through_the_articles_alias_evidence() -> None:
    e = E("killing", "2025-03-12", [(1, "agent"), (3, "victim")])
    with_alias = _article("x1", [*BASE, A("Omar Haddad", aliases=["Abu Sami"])], [e])
    named_by_alias = _article("x2", [*BASE, A("Abu Sami")], [e])
    without_alias = _article("x3", [*BASE, A("Omar Haddad")], [e])
    story = _story_of([with_alias, named_by_alias])
    assert _cluster_of(story, "x2:a3") == {"x1:a3", "x2:a3"}
    actor = next(a for a in story.actors if "x2:a3" in a.sources)
    assert actor.canonical_name == "Omar Haddad"
    assert not [c for c in story.claims if c.attribute == "name"]
    story = _story_of([without_alias, named_by_alias])
    assert _cluster_of(story, "x2:a3") == {"x2:a3"}


def test_different_aliases_become_one_alias_claim() -> None:
    story = _pair(A("Omar Haddad", aliases=["Abu Sami"]), A("Omar Haddad", aliases=["Abu Layth"]))
    (claim,) = [c for c in story.claims if c.attribute == "alias"]
    assert [(v.value, v.articles) for v in claim.values] == [("Abu Layth", ["x2"]), ("Abu Sami", ["x1"])]


def test_conflicting_dates_become_one_claim_with_two_values_and_sources() -> None:
    actors = [*BASE, A("Omar Haddad")]
    lines = [
        _article("x1", actors, [E("airstrike", "2025-03-13", [(1, "agent"), (3, "victim")], "Velm")]),
        _article("x2", actors, [E("killing", "2025-03-13", [(3, "victim")])]),
        _article(
            "x3",
            actors,
            [E("military_operation", "2025-03-15", [(1, "agent"), (3, "victim")], "Velm province")],
        ),
    ]
    story = _story_of(lines)
    (event,) = story.events
    assert event.sources == ["x1:e1", "x2:e1", "x3:e1"]
    (claim,) = story.claims
    assert (claim.subject_id, claim.attribute) == (event.id, "date")
    assert [(v.value, v.articles, v.sources) for v in claim.values] == [
        ("2025-03-13", ["x1", "x2"], ["x1:e1", "x2:e1"]),
        ("2025-03-15", ["x3"], ["x3:e1"]),
    ]


def test_events_far_apart_or_of_other_kinds_stay_apart() -> None:
    actors = [*BASE, A("Omar Haddad")]
    lines = [
        _article(
            "x1",
            actors,
            [
                E("airstrike", "2025-03-13", [(1, "agent"), (3, "victim")]),
                E("meeting", "2025-03-13", [(3, "partner")]),
            ],
        ),
        _article("x2", actors, [E("airstrike", "2025-03-01", [(1, "agent"), (3, "victim")])]),
    ]
    story = _story_of(lines)
    assert sorted(e.sources for e in story.events) == [["x1:e1"], ["x1:e2"], ["x2:e1"]]


def test_statements_by_different_people_on_one_day_stay_apart() -> None:
    actors = [*BASE, A("Omar Haddad"), A("Lena Okafor")]
    lines = [
        _article("x1", actors, [E("statement", "2025-03-14", [(3, "announcer"), (1, "other")])]),
        _article("x2", actors, [E("statement", "2025-03-14", [(4, "announcer"), (1, "other")])]),
    ]
    assert len(merge_articles(lines).stories[0].events) == 2


def test_the_same_quote_in_two_translations_is_one_quote_with_two_variants() -> None:
    actors = [*BASE, A("Fouad Hassan")]
    lines = [
        _article(
            "x1",
            actors,
            [E("airstrike", "2025-03-13", [(1, "agent")])],
            [
                Q("We will rebuild every bridge the rebels destroyed before winter", 3),
                Q("Our soldiers deserve better pay", 3),
            ],
        ),
        _article(
            "x2",
            [*BASE, A("Fuad Hasan")],
            [E("airstrike", "2025-03-13", [(1, "agent")])],
            [Q("We shall rebuild all the bridges destroyed by the rebels before the winter", 3)],
        ),
    ]
    story = _story_of(lines)
    joined = [q for q in story.quotes if len(q.variants) == 2]
    assert len(joined) == 1 and len(story.quotes) == 2
    assert [v.source for v in joined[0].variants] == ["x1:q1", "x2:q1"]
    speaker = next(a for a in story.actors if "x1:a3" in a.sources)
    assert joined[0].speaker_id == speaker.id


def test_unrelated_articles_make_separate_stories() -> None:
    strike = [E("airstrike", "2025-03-13", [(1, "agent"), (3, "victim")])]
    vote = [E("election", "2025-03-10", [(1, "agent")])]
    lines = [
        _article("s1", [*BASE, A("Omar Haddad")], strike),
        _article("s2", [*BASE, A("Omar Hadad")], strike),
        _article("v1", [A("Green Union", "organization"), A("Lena Okafor")], vote),
        _article("v2", [A("Green Union", "organization"), A("Leena Okafor")], vote),
    ]
    assert [s.articles for s in merge_articles(lines).stories] == [["s1", "s2"], ["v1", "v2"]]


def test_articles_published_weeks_apart_are_not_one_story() -> None:
    e = [E("airstrike", None, [(1, "agent"), (3, "victim")])]
    lines = [
        _article("x1", [*BASE, A("Omar Haddad")], e, pub="2025-01-02"),
        _article("x2", [*BASE, A("Omar Haddad")], e, pub="2025-03-02"),
    ]
    assert len(merge_articles(lines).stories) == 2


def test_a_surname_alone_does_not_chain_two_different_people() -> None:
    e = [E("meeting", "2025-03-13", [(1, "partner")])]
    lines = [
        _article("x1", [*BASE, A("Omar Haddad")], e),
        _article("x2", [*BASE, A("Haddad")], e),
        _article("x3", [*BASE, A("Rami Haddad")], e),
    ]
    story = _story_of(lines)
    assert _cluster_of(story, "x1:a3") != _cluster_of(story, "x3:a3")


def test_a_person_never_merges_with_a_country_of_the_same_name() -> None:
    story = _pair(A("Jordan Velm"), A("Jordan Velm", "country"))
    assert _cluster_of(story, "x1:a3") == {"x1:a3"}


def test_output_is_byte_identical_whatever_the_input_order() -> None:
    e = E("airstrike", "2025-03-13", [(1, "agent"), (3, "victim")], "Velm")
    lines = [
        _article(f"x{i}", [*BASE, A(n)], [e], [Q("We will not stop until the Front is gone", 3)])
        for i, n in enumerate(["Fouad Hassan", "Fuad Hasan", "Fouad Hasan", "Ahmed Karimi"])
    ]
    first = merge_articles(lines).model_dump_json()
    for seed in range(3):
        random.Random(seed).shuffle(lines)
        assert merge_articles(lines).model_dump_json() == first


def test_entity_lines_cover_every_entity_and_claim() -> None:
    result = merge_articles(
        [_article("x1", [*BASE, A("Fouad Hassan")]), _article("x2", [*BASE, A("Fuad Hasan")])]
    )
    story = result.stories[0]
    kinds = [line.kind for line in iter_entity_lines(result)]
    assert kinds.count("actor") == len(story.actors) and kinds.count("claim") == len(story.claims)


def test_duplicate_article_ids_are_refused() -> None:
    with pytest.raises(InputError, match="appears twice"):
        merge_articles([_article("x1", BASE), _article("x1", BASE)])


def test_a_bad_line_is_named() -> None:
    with pytest.raises(InputError, match="in.jsonl:2"):
        list(read_results([_article("x1", BASE).model_dump_json(), '{"article_id": 1}'], "in.jsonl"))


def test_values_within_each_other_are_no_disagreement() -> None:
    month = sourced("2025-03", "x1")
    day = sourced("2025-03-13", "x2")
    assert claim_values([month, day], str, lambda g, s: s.startswith(g) and g != s) is None


# ------------------------------------------------------------------ scale

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def _invented_name(rng: random.Random) -> str:
    return " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(2)
    )


def _variant(name: str) -> str:
    """A transliteration variant: u->ou, i->ee, or an added 'al-' before the surname."""
    first, last = name.split()
    if "u" in first:
        return f"{first.replace('u', 'ou', 1)} {last}"
    if "i" in last:
        return f"{first} {last.replace('i', 'ee', 1)}"
    return f"{first} al-{last}"


def test_blocking_finds_every_planted_pair_among_2000_articles() -> None:
    rng = random.Random(7)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < 3000:
        n = _invented_name(rng)
        if n.split()[1] not in seen:
            seen.add(n.split()[1])
            names.append(n)
    lines, planted = [], []
    for i in range(2000):
        own = [A(names[i])]
        if i % 10 == 1:  # plant a variant of the previous article's person
            own.append(A(_variant(names[i - 1])))
            planted.append((f"n{i - 1:04d}:a1", f"n{i:04d}:a2"))
        lines.append(_article(f"n{i:04d}", own, pub=f"2025-{1 + i % 12:02d}-01"))
    started = time.perf_counter()
    clusters = resolve_actors(lines)
    elapsed = time.perf_counter() - started
    cluster_of = {ref: n for n, c in enumerate(clusters) for ref in c}
    assert all(cluster_of[a] == cluster_of[b] for a, b in planted)
    assert len(clusters) == 2000  # every planted variant joined its original; nothing else merged
    assert elapsed < 10


def test_organisation_names_differing_by_a_generic_head_noun_merge() -> None:
    e = E("airstrike", "2025-03-13", [(3, "agent")])
    story = _pair(
        A("Velmic National Guard Service", "government_body"),
        A("Velmic National Guard forces", "government_body"),
    )
    assert _cluster_of(story, "x1:a3") == {"x1:a3", "x2:a3"}
    story = _story_of(
        [
            _article("x1", [*BASE, A("Velmic Border Police", "government_body")], [e]),
            _article("x2", [*BASE, A("Velmic Coast Police", "government_body")], [e]),
        ]
    )
    assert _cluster_of(story, "x1:a3") == {"x1:a3"}


def test_an_unattributed_quote_joins_the_attributed_one_only_when_nearly_identical() -> None:
    actors = [*BASE, A("Lena Okafor")]
    e = [E("airstrike", "2025-03-13", [(1, "agent")])]
    lines = [
        _article("x1", actors, e, [Q("one of the most dangerous commanders in the whole region", 3)]),
        _article(
            "x2",
            actors,
            e,
            [
                Q("one of the most dangerous commanders in the region", None),
                Q("the most dangerous day of the year", None),
            ],
        ),
    ]
    story = _story_of(lines)
    joined = next(q for q in story.quotes if "x1:q1" in q.sources)
    assert joined.sources == ["x1:q1", "x2:q1"] and joined.speaker_id is not None
    assert len(story.quotes) == 2


def test_one_pledge_worded_differently_by_two_outlets_is_one_agreement_with_a_deadline_claim() -> None:
    def line(aid: str, subject: str, deadline: str) -> ArticleResult:
        base = _article(
            aid,
            [A("Karsova", "country"), A("Velmia", "country"), A("Omar Haddad")],
            [E("meeting", "2025-03-13", [(1, "partner"), (2, "partner"), (3, "agent")])],
        )
        span = base.records.actors[0].evidence
        agreement = Agreement(
            id="g1",
            parties=["a1", "a2"],
            subject=subject,
            status="signed",
            deadline=TimeExpression(text=deadline, value=deadline, granularity="month"),
            evidence=span,
        )
        return base.model_copy(
            update={"records": base.records.model_copy(update={"agreements": [agreement]})}
        )

    story = _story_of(
        [
            line("x1", "work together against smuggling", "2025-09"),
            line("x2", "joint efforts to stop smuggling", "2025-10"),
        ]
    )
    (agreement,) = story.agreements
    assert agreement.sources == ["x1:g1", "x2:g1"]
    (claim,) = [c for c in story.claims if c.subject_kind == "agreement"]
    assert claim.attribute == "deadline" and [v.value for v in claim.values] == ["2025-09", "2025-10"]


def test_two_actors_of_one_article_are_never_merged() -> None:
    e = [E("meeting", "2025-03-13", [(1, "partner"), (3, "partner")])]
    lines = [
        _article("x1", [*BASE, A("Omar Haddad"), A("Haddad")], e),
        _article("x2", [*BASE, A("Omar Haddad")], e),
    ]
    story = _story_of(lines)
    assert _cluster_of(story, "x1:a3") == {"x1:a3", "x2:a3"}
    assert _cluster_of(story, "x1:a4") == {"x1:a4"}


def test_names_without_letters_never_merge_with_each_other() -> None:
    e = [E("meeting", "2025-03-13", [(1, "partner"), (3, "partner")])]
    story = _story_of([_article("x1", [*BASE, A("--")], e), _article("x2", [*BASE, A("--")], e)])
    assert _cluster_of(story, "x1:a3") == {"x1:a3"}


_POOL = [
    "Fouad Hassan",
    "Fuad Hasan",
    "Ahmed Karimi",
    "Ahmed Rahimi",
    "Abu Sami",
    "Abu Salim",
    "Haddad",
    "Omar Haddad",
    "Lena Okafor",
    "Leena Okafor",
]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(range(len(_POOL))), min_size=1, max_size=4, unique=True),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.sampled_from(["2025-03-11", "2025-03-13", "2025-03-20", None]), min_size=6, max_size=6),
    st.randoms(use_true_random=False),
)
def test_every_record_lands_in_exactly_one_entity_whatever_the_order(
    casts: list[list[int]], dates: list[str | None], rng: random.Random
) -> None:
    lines = [
        _article(
            f"h{i}",
            [*BASE, *(A(_POOL[n]) for n in cast)],
            [E("airstrike", dates[i], [(1, "agent"), (3, "victim")])],
            [Q("We will answer this attack on our people", 3)],
        )
        for i, cast in enumerate(casts)
    ]
    result = merge_articles(lines)
    for kind in ("actors", "events", "quotes"):
        refs = [r for s in result.stories for e in getattr(s, kind) for r in e.sources]
        expected = [f"{x.article_id}:{r.id}" for x in lines for r in getattr(x.records, kind)]
        assert sorted(refs) == sorted(expected)
    for story in result.stories:
        ids = {a.id for a in story.actors}
        assert all(p.actor_id in ids for e in story.events for p in e.participants)
        assert all(q.speaker_id in ids for q in story.quotes)
        for claim in story.claims:
            assert len(claim.values) >= 2
    rng.shuffle(lines)
    assert merge_articles(lines).model_dump_json() == result.model_dump_json()
