"""Merge scoring: B-cubed by hand, evidence-span mapping, claim matching, and the seeds' merge gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.merge_score import (
    GoldClaim,
    GoldClaimValue,
    MergeGold,
    bcubed,
    check_merge_gold,
    load_gold_articles,
    load_merge_gold,
    map_records,
    score_claims,
    score_merge,
)
from pipeline.core.errors import InputError
from pipeline.story.merge import merge_articles, read_inputs
from schemas import Actor, ArticleMeta, ArticleResult, Event, ExtractorInfo, GoldArticle, Quote, Records, Span
from schemas.story import Claim, MergedActor, MergeInput, MergeResult, SourcedValue, Story

GOLD = Path(__file__).resolve().parent.parent / "evals" / "gold"
TEXT = 'Interior Minister Lena Okafor met Kestria officials. "We will rebuild the bridge," Okafor said.'


def _span(s: str, occurrence: int = 0) -> Span:
    i = -1
    for _ in range(occurrence + 1):
        i = TEXT.index(s, i + 1)
    return Span(start=i, end=i + len(s), text=s)


def test_bcubed_matches_a_hand_computation() -> None:
    score = bcubed([["a", "b"], ["c"]], [["a", "b", "c"]])
    assert score.precision == 1.0
    assert score.recall == pytest.approx(5 / 9, abs=1e-4)
    assert score.f1 == pytest.approx(2 * (5 / 9) / (1 + 5 / 9), abs=1e-4)


def test_bcubed_reports_but_does_not_count_records_outside_the_gold() -> None:
    score = bcubed([["a", "b", "x"]], [["a", "b"], ["c"]])
    assert (score.precision, score.recall, score.mentions) == (1.0, 1.0, 2)
    assert score.unmatched == ["x"] and score.missing == ["c"]


def test_bcubed_of_a_merge_that_lumps_everything() -> None:
    score = bcubed([["a", "b", "c", "d"]], [["a", "b"], ["c", "d"]])
    assert (score.precision, score.recall) == (0.5, 1.0)


def _gold_article() -> GoldArticle:
    return GoldArticle(
        article_id="k1",
        text=TEXT,
        records=Records(
            actors=[
                Actor(
                    id="a1",
                    name="Kestria",
                    canonical_name="Kestria",
                    type="country",
                    evidence=[_span("Kestria")],
                ),
                Actor(
                    id="a2",
                    name="Lena Okafor",
                    canonical_name="Lena Okafor",
                    type="person",
                    evidence=[_span("Interior Minister Lena Okafor")],
                ),
            ],
            quotes=[
                Quote(
                    id="q1",
                    text="We will rebuild the bridge,",
                    speaker_id="a2",
                    kind="direct",
                    evidence=[_span("We will rebuild the bridge,"), _span("Okafor said")],
                )
            ],
        ),
    )


def _prediction(actors: list[Actor], quotes: list[Quote]) -> ArticleResult:
    return ArticleResult(
        article_id="k1",
        source="k1.txt",
        metadata=ArticleMeta(),
        text=TEXT,
        records=Records(actors=actors, quotes=quotes),
        extractor=ExtractorInfo(backend="heuristic", prompt_version="t", prompt_hash="t"),
    )


def test_records_map_to_gold_by_evidence_even_with_other_ids_and_spans() -> None:
    pred = _prediction(
        [
            Actor(
                id="a1",
                name="Lena Okafor",
                canonical_name="Lena Okafor",
                type="person",
                evidence=[_span("Lena Okafor"), _span("Okafor", 1)],
            ),
            Actor(
                id="a2", name="Kestria", canonical_name="Kestria", type="country", evidence=[_span("Kestria")]
            ),
        ],
        [
            Quote(
                id="q7",
                text="We will rebuild the bridge",
                speaker_id="a1",
                kind="direct",
                evidence=[_span("We will rebuild the bridge")],
            )
        ],
    )
    assert map_records([pred], {"k1": _gold_article()}) == {
        "k1:a1": "k1:a2",
        "k1:a2": "k1:a1",
        "k1:q7": "k1:q1",
    }


def test_an_actor_never_maps_to_another_actor_whose_evidence_contains_its_name() -> None:
    pred = _prediction(
        [
            Actor(
                id="a1",
                name="Interior",
                canonical_name="Interior",
                type="organization",
                evidence=[_span("Interior")],
            )
        ],
        [],
    )
    assert map_records([pred], {"k1": _gold_article()}) == {}


def test_an_event_maps_to_the_gold_event_of_its_type_when_one_sentence_states_two() -> None:
    text = "Rebels shelled Velm on Monday, a day after the army withdrew from Velm."
    sentence = Span(start=0, end=len(text), text=text)

    def event(eid: str, etype: str, part: str) -> Event:
        i = text.index(part)
        return Event(id=eid, type=etype, summary=part, evidence=[Span(start=i, end=i + len(part), text=part)])

    gold = GoldArticle(
        article_id="k1",
        text=text,
        records=Records(
            events=[
                event("e1", "attack", "Rebels shelled Velm on Monday"),
                event("e2", "troop_withdrawal", "the army withdrew from Velm"),
            ]
        ),
    )
    pred = ArticleResult(
        article_id="k1",
        source="k1.txt",
        text=text,
        records=Records(events=[Event(id="e9", type="troop_withdrawal", summary="s", evidence=[sentence])]),
        extractor=ExtractorInfo(backend="heuristic", prompt_version="t", prompt_hash="t"),
    )
    assert map_records([pred], {"k1": gold}) == {"k1:e9": "k1:e2"}


def _story_with_claim(values: list[str], refs: list[str]) -> MergeResult:
    actor = MergedActor(
        id="A1", canonical_name="Lena Okafor", type="person", sources=refs, articles=["k1", "k2"]
    )
    claim = Claim(
        id="C1",
        subject_kind="actor",
        subject_id="A1",
        attribute="name",
        values=[SourcedValue(value=v, articles=[f"k{n}"]) for n, v in enumerate(values, 1)],
    )
    return MergeResult(stories=[Story(id="S1", articles=["k1", "k2"], actors=[actor], claims=[claim])])


_GOLD_CLAIM = MergeGold(
    articles=["k1", "k2"],
    stories=[["k1", "k2"]],
    actors=[["k1:a2", "k2:a1"]],
    claims=[
        GoldClaim(
            subject_kind="actor",
            subject=["k1:a2", "k2:a1"],
            attribute="name",
            values=[
                GoldClaimValue(value="Lena Okafor", articles=["k1"]),
                GoldClaimValue(value="Leena Okafor", articles=["k2"]),
            ],
        )
    ],
)


def test_a_claim_matches_when_subject_overlaps_and_values_agree_after_normalisation() -> None:
    result = _story_with_claim(["LENA OKAFOR", "Minister Leena Okafor"], ["k1:a9", "k2:a9"])
    score = score_claims(result, _GOLD_CLAIM, {"k1:a9": "k1:a2"})
    assert (score.precision, score.recall, score.matched) == (1.0, 1.0, 1)


def test_a_claim_with_other_values_or_another_subject_is_a_false_positive() -> None:
    wrong_values = score_claims(
        _story_with_claim(["Lena Okafor", "Lina Okafor"], ["k1:a2"]), _GOLD_CLAIM, None
    )
    wrong_subject = score_claims(
        _story_with_claim(["Lena Okafor", "Leena Okafor"], ["k1:a1"]), _GOLD_CLAIM, None
    )
    for score in (wrong_values, wrong_subject):
        assert (score.precision, score.recall) == (0.0, 0.0)
        assert len(score.false_positives) == 1 and len(score.false_negatives) == 1


def test_a_story_from_extraction_needs_its_jsonl_to_be_scored() -> None:
    result = MergeResult(inputs=[MergeInput(article_id="k1", source="k1.txt", backend="heuristic")])
    with pytest.raises(InputError, match="also pass the extraction JSONL"):
        score_merge(result, GOLD)


def test_the_seeds_merge_gold_refers_to_existing_gold_records() -> None:
    ((_, gold),) = load_merge_gold(GOLD)
    assert check_merge_gold(gold, load_gold_articles(GOLD, gold.articles)) == []


def test_merging_the_seed_gold_reaches_the_merge_gold() -> None:
    result = merge_articles(read_inputs(GOLD))
    (score,) = score_merge(result, GOLD)
    assert len(result.stories) == 1
    for kind in ("actors", "events", "quotes", "agreements"):
        assert getattr(score, kind).f1 >= 0.9, kind
    assert score.claims.f1 >= 0.9, score.claims
