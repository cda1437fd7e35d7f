"""The gold authoring tool: offsets come out exact, ambiguity is refused, forms round-trip."""

from __future__ import annotations

import pytest

from evals.gold_tool import build_gold, locate, to_form
from pipeline.core.errors import InputError
from schemas import GoldArticle, Granularity

TEXT = (
    "Kestrian Interior Minister Rosa Lind said on Tuesday that police arrested Omar Said, "
    'also known as "Abu Layla," in Kessel province. "We will not stop," Lind told reporters. '
    "Kestria and Valmora signed a border pact last year, due to end by June 2026. Lind left."
)


def _form() -> dict:
    return {
        "article_id": "synthetic_1",
        "published_at": "2025-03-14",
        "notes": "synthetic",
        "actors": [
            {
                "key": "lind",
                "name": "Rosa Lind",
                "type": "person",
                "title": "Interior Minister",
                "affiliation": "Kestria",
                "evidence": ["Interior Minister Rosa Lind", {"text": "Lind", "within": "Lind told"}],
            },
            {
                "key": "said",
                "name": "Omar Said",
                "type": "person",
                "aliases": ["Abu Layla"],
                "evidence": ['Omar Said, also known as "Abu Layla,"'],
            },
            {"key": "kestria", "name": "Kestria", "type": "country", "evidence": ["Kestria and"]},
            {"key": "valmora", "name": "Valmora", "type": "country", "evidence": ["Valmora"]},
        ],
        "events": [
            {
                "type": "arrest",
                "summary": "Police arrested Omar Said in Kessel province.",
                "date": {"text": "Tuesday", "value": "2025-03-11"},
                "location": {"name": "Kessel province", "admin_region": "Kessel province"},
                "participants": [["said", "target"], ["lind", "announcer"]],
                "evidence": ["police arrested Omar Said", "in Kessel province"],
            }
        ],
        "quotes": [
            {
                "text": "We will not stop,",
                "speaker": "lind",
                "kind": "direct",
                "channel": None,
                "evidence": ["Lind told reporters"],
            }
        ],
        "agreements": [
            {
                "parties": ["kestria", "valmora"],
                "subject": "border pact",
                "status": "signed",
                "signed": {"text": "last year", "value": "2024"},
                "deadline": {"text": "June 2026", "value": "2026-06"},
                "evidence": ["Kestria and Valmora signed a border pact last year, due to end by June 2026."],
            }
        ],
    }


def test_build_gold_gives_exact_spans_ids_and_resolved_references() -> None:
    gold = build_gold(_form(), TEXT)
    for _kind, _rid, span in gold.records.spans():
        assert TEXT[span.start : span.end] == span.text
    lind, said = gold.records.actors[0], gold.records.actors[1]
    assert lind.id == "a1" and lind.canonical_name == "Rosa Lind"
    assert lind.evidence[1].start == TEXT.index("Lind told")
    assert said.aliases == ["Abu Layla"]
    event = gold.records.events[0]
    assert [(p.actor_id, p.role.value) for p in event.participants] == [("a2", "target"), ("a1", "announcer")]
    quote = gold.records.quotes[0]
    assert quote.speaker_id == "a1" and quote.evidence[0].text == "We will not stop,"
    assert gold.records.agreements[0].parties == ["a3", "a4"]


def test_dates_get_granularity_from_the_value_and_publication_date_as_anchor() -> None:
    gold = build_gold(_form(), TEXT)
    assert gold.records.events[0].date is not None
    assert gold.records.events[0].date.granularity == Granularity.day
    agreement = gold.records.agreements[0]
    assert agreement.signed is not None and agreement.signed.granularity == Granularity.year
    assert agreement.deadline is not None and agreement.deadline.granularity == Granularity.month
    assert agreement.deadline.anchor == "2025-03-14"


def test_ambiguous_evidence_is_refused_with_the_fix() -> None:
    with pytest.raises(InputError, match="occurs 3 times.*add 'occurrence'"):
        locate(TEXT, "Lind")


def test_occurrence_picks_the_nth_match() -> None:
    span = locate(TEXT, {"text": "Lind", "occurrence": 2})
    assert span.start == TEXT.index("Lind left")


def test_missing_evidence_is_refused() -> None:
    with pytest.raises(InputError, match="is not in the article"):
        locate(TEXT, "Lind resigned")


def test_out_of_range_occurrence_is_refused() -> None:
    with pytest.raises(InputError, match="occurrence 5 does not exist"):
        locate(TEXT, {"text": "Lind", "occurrence": 5})


def test_unknown_actor_key_is_refused() -> None:
    form = _form()
    form["quotes"][0]["speaker"] = "nobody"
    with pytest.raises(InputError, match="'nobody' names no actor"):
        build_gold(form, TEXT)


def test_invalid_field_value_becomes_input_error() -> None:
    form = _form()
    form["events"][0]["type"] = "picnic"
    with pytest.raises(InputError, match="synthetic_1"):
        build_gold(form, TEXT)


def test_to_form_round_trips_to_an_equal_article() -> None:
    gold = build_gold(_form(), TEXT)
    rebuilt = build_gold(to_form(gold), TEXT)
    assert rebuilt == gold
    assert GoldArticle.model_validate_json(rebuilt.model_dump_json()) == gold
