"""The check instructor runs and the build that follows share their searches, with the same results."""

from __future__ import annotations

import pydantic
import pytest

from pipeline.extract import resolve
from pipeline.extract.attribution import ActorForms, check_speaker, find_mentions
from pipeline.extract.ground import Aligner
from pipeline.extract.resolve import Resolver
from schemas import ActorDraft, Extraction, QuoteDraft

TEXT = (
    "Harbour authority chief Ilse Brandt met union leader Tomas Brandt on Friday.\n"
    '"The cranes will run again," Ilse Brandt said after the talks. She called them frank.\n'
    '"We have not agreed yet," Tomas Brandt said.\n'
    "Brandt later left the port.\n"
)


def _extraction() -> Extraction:
    return Extraction(
        actors=[
            ActorDraft(name="Ilse Brandt", type="person", title="chief", evidence=["Ilse Brandt"]),
            ActorDraft(name="Tomas Brandt", type="person", evidence=["Tomas Brandt"]),
        ],
        quotes=[
            QuoteDraft(text="The cranes will run again,", speaker="Ilse Brandt", kind="direct"),
            QuoteDraft(text="We have not agreed yet,", speaker="Tomas Brandt", kind="direct"),
        ],
    )


def test_the_same_evidence_is_searched_once_and_its_span_cannot_be_changed() -> None:
    aligner = Aligner(TEXT)
    first = aligner.locate("the cranes will run again")
    assert first is not None and first.text == "The cranes will run again"
    assert aligner.locate("the cranes will run again") is first
    assert aligner.locate("the cranes will run again", after=first.end) is not first, "another offset is another search"
    with pytest.raises(pydantic.ValidationError):
        first.start = 0  # type: ignore[misc]  # shared by every record citing it, so frozen


def test_the_build_reuses_the_checks_mention_search(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def counting(text: str, actors: object, quotes: object = None) -> object:
        calls.append(1)
        return find_mentions(text, actors, quotes)  # type: ignore[arg-type]

    monkeypatch.setattr(resolve, "find_mentions", counting)
    resolver = Resolver(TEXT)
    ex = _extraction()
    assert resolver.problems(ex) == []
    records, _ = resolver.build(ex)
    assert len(calls) == 1, "the same actors were searched again"
    speakers = {q.text: q.speaker_id for q in records.quotes}
    names = {a.id: a.name for a in records.actors}
    assert {t: names.get(s) for t, s in speakers.items()} == {
        "The cranes will run again,": "Ilse Brandt",
        "We have not agreed yet,": "Tomas Brandt",
    }


def test_relabelled_mentions_equal_a_direct_search_even_for_a_shared_surname() -> None:
    forms = [
        ActorForms("zeta", ("Tomas Brandt",), "person"),
        ActorForms("alpha", ("Ilse Brandt",), "person", "chief"),
    ]
    direct = find_mentions(TEXT, forms)
    assert any(m.alts for m in direct), "the shared surname is a mention of either actor"
    assert Resolver(TEXT).mentions(forms) == direct


def test_an_answer_that_passes_the_check_is_not_judged_again(monkeypatch: pytest.MonkeyPatch) -> None:
    judged: list[str] = []

    def counting(frames: object, start: int, end: int, speaker: str, mentions: object) -> object:
        judged.append(speaker)
        return check_speaker(frames, start, end, speaker, mentions)  # type: ignore[arg-type]

    monkeypatch.setattr(resolve, "check_speaker", counting)
    resolver = Resolver(TEXT)
    ex = _extraction()
    assert resolver.problems(ex) == []
    records, warnings = resolver.build(ex)
    assert len(judged) == 2, "each speaker is judged once, by the check"
    assert warnings == []
    assert (resolver.counts.speakers_checked, resolver.counts.speakers_tied) == (2, 2)
    assert all(q.attribution is not None for q in records.quotes)


def test_a_reasked_answer_is_built_afresh_and_the_reasks_are_counted() -> None:
    resolver = Resolver(TEXT)
    swapped = _extraction()
    swapped.quotes[0].speaker = "Tomas Brandt"
    problems = resolver.problems(swapped)
    assert len(problems) == 1 and "does not tie it to 'Tomas Brandt'" in problems[0]
    fixed = _extraction()
    assert resolver.problems(fixed) == []
    records, _ = resolver.build(fixed)
    names = {a.id: a.name for a in records.actors}
    assert names[records.quotes[0].speaker_id or ""] == "Ilse Brandt"
    assert resolver.counts.reasked == 1
    again, warnings = resolver.build(swapped)  # an answer the check never passed: built and judged now
    assert again.quotes[0].speaker_id is None
    assert any("not tied to 'Tomas Brandt'" in w.message for w in warnings)
