"""Drafts to grounded records: what is kept, what is dropped, and how references resolve."""

from __future__ import annotations

from pipeline.extract.resolve import Resolver, canonical_name
from schemas import ActorDraft, Extraction, QuoteDraft, WarningCode

TEXT = (
    "Former Estavian President Mara Lind, also known as \"the Owl,\" spoke in Tarrow.\n"
    '"We stand together," Lind said on Monday.\n'
    "COPYRIGHT LINE THAT IS BOILERPLATE\n"
)


def _resolver(masked: str | None = None) -> Resolver:
    return Resolver(TEXT, masked, "2025-03-12")


def test_title_words_next_to_the_name_are_kept_but_invented_titles_are_not() -> None:
    ex = Extraction(actors=[
        ActorDraft(name="Mara Lind", type="person", title="Former President", evidence=["Mara Lind"]),
        ActorDraft(name="Lind", type="person", title="Supreme Leader", evidence=["Lind said"]),
    ])
    records, warnings = _resolver().build(ex)
    assert len(records.actors) == 1, "a surname-only draft folds into the full name"
    assert records.actors[0].title == "Former President"
    assert any("Supreme Leader" in w.message for w in warnings)


def test_alias_must_be_in_the_article() -> None:
    ex = Extraction(actors=[ActorDraft(name="Mara Lind", type="person", aliases=["the Owl", "the Hawk"], evidence=["Mara Lind"])])
    records, warnings = _resolver().build(ex)
    assert records.actors[0].aliases == ["the Owl"]
    assert [w.code for w in warnings] == [WarningCode.alias_ungrounded]


def test_speaker_by_surname_resolves_to_the_full_actor() -> None:
    ex = Extraction(
        actors=[ActorDraft(name="Mara Lind", type="person", evidence=["President Mara Lind"])],
        quotes=[QuoteDraft(text="We stand together,", speaker="Lind", kind="direct")],
    )
    records, _ = _resolver().build(ex)
    assert records.quotes[0].speaker_id == records.actors[0].id


def test_a_speaker_named_in_the_article_but_not_listed_becomes_an_actor() -> None:
    ex = Extraction(quotes=[QuoteDraft(text="We stand together,", speaker="Lind", kind="direct")])
    records, _ = _resolver().build(ex)
    assert [a.name for a in records.actors] == ["Lind"]
    assert records.quotes[0].speaker_id == records.actors[0].id


def test_nothing_grounds_inside_masked_boilerplate() -> None:
    masked = TEXT.replace("COPYRIGHT LINE THAT IS BOILERPLATE", " " * len("COPYRIGHT LINE THAT IS BOILERPLATE"))
    ex = Extraction(actors=[ActorDraft(name="COPYRIGHT LINE", type="organization", evidence=["COPYRIGHT LINE"])])
    records, warnings = _resolver(masked).build(ex)
    assert records.actors == [] and warnings[0].code == WarningCode.ungrounded


def test_problems_name_what_the_model_must_fix() -> None:
    ex = Extraction(quotes=[QuoteDraft(text="We stand united", kind="direct")])
    assert _resolver().problems(ex) == ["quote 'We stand united': not found verbatim in the article"]


def test_canonical_name_drops_honorifics_and_own_title() -> None:
    assert canonical_name("Dr. Mara Lind") == "Mara Lind"
    assert canonical_name("President Mara Lind", "President") == "Mara Lind"
