"""What ``newsfacts merge`` emits: stories built from many articles' records.

A story is a group of articles about the same happening. Inside it, records
that denote the same actor, event, quote or agreement are merged, and every
merged entity keeps its sources so nothing is asserted without an article
behind it. A source is written ``"<article_id>:<record_id>"`` because record
ids are only unique inside one JSONL line. Where sources disagree (a date, a
spelling, an alias), the merge does not pick a winner: it emits a ``Claim``
listing each value with the articles that state it.

Everything here is sorted by the producer so that the same input gives the
same bytes; the models only describe the shape.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.vocab import ActorType, EventType, ParticipantRole

STORY_SCHEMA_VERSION = "1.0"


class _Story(BaseModel):
    model_config = ConfigDict(extra="forbid")


#: The records a merged entity was built from, as ``"<article_id>:<record_id>"`` refs, sorted.
Sources = Annotated[list[str], Field(default_factory=list)]
#: The articles a merged entity or value appears in, sorted.
Articles = Annotated[list[str], Field(default_factory=list)]


def source_ref(article_id: str, record_id: str) -> str:
    """Build the global reference of a record: ``"<article_id>:<record_id>"``."""
    return f"{article_id}:{record_id}"


def split_ref(ref: str) -> tuple[str, str]:
    """Split a global reference back into (article_id, record_id).

    Record ids never contain ':' (the pipeline assigns a1, e1, ...), so the
    last colon is the separator even when an article id contains one.
    """
    article_id, _, record_id = ref.rpartition(":")
    return article_id, record_id


class SourcedValue(_Story):
    """One value of an attribute and where it was stated."""

    value: str = Field(description="The value as written (first spelling seen, in source order).")
    articles: list[str] = Field(default_factory=list, description="Article ids stating it, sorted.")
    sources: list[str] = Field(default_factory=list, description="'article_id:record_id' refs, sorted.")


#: Every value an attribute takes among the sources, each with who states it.
Sourced = Annotated[list[SourcedValue], Field(default_factory=list)]


class MergedActor(_Story):
    """One actor across articles: every spelling, title and alias with its sources."""

    id: str = Field(description="Story-local id: A1, A2, ...")
    canonical_name: str = Field(description="The most frequent, then fullest, tidied name.")
    type: ActorType = Field(description="The most frequent type among the sources.")
    names: list[SourcedValue] = Field(default_factory=list, description="Surface forms with sources.")
    titles: Sourced
    aliases: Sourced
    sources: list[str] = Field(default_factory=list, description="Every merged record, sorted.")
    articles: Articles


class MergedParticipant(_Story):
    """A merged actor's part in a merged event."""

    actor_id: str = Field(description="A MergedActor id of the same story.")
    role: ParticipantRole


class MergedEvent(_Story):
    """One happening reported by one or more records."""

    id: str = Field(description="Story-local id: E1, E2, ...")
    type: EventType = Field(description="The most frequent type among the sources.")
    types: list[SourcedValue] = Field(default_factory=list, description="Every type used, with sources.")
    summary: str = Field(description="The summary of the first source record.")
    dates: list[SourcedValue] = Field(default_factory=list, description="ISO values with sources.")
    locations: Sourced
    fatalities: Sourced
    participants: list[MergedParticipant] = Field(default_factory=list)
    sources: Sources
    articles: Articles


class QuoteVariant(_Story):
    """One outlet's wording of a quote."""

    text: str
    source: str = Field(description="'article_id:record_id' of the quote record.")
    article_id: str


class MergedQuote(_Story):
    """The same words of the same speaker, as worded by each outlet."""

    id: str = Field(description="Story-local id: Q1, Q2, ...")
    speaker_id: str | None = Field(default=None, description="A MergedActor id, or null.")
    text: str = Field(description="The longest variant, as the fullest rendering.")
    variants: list[QuoteVariant] = Field(default_factory=list)
    sources: Sources
    articles: Articles


class MergedAgreement(_Story):
    """One agreement across articles, its statuses and dates with sources."""

    id: str = Field(description="Story-local id: G1, G2, ...")
    subject: str
    parties: list[str] = Field(default_factory=list, description="MergedActor ids.")
    statuses: Sourced
    signed: Sourced
    deadlines: Sourced
    sources: Sources
    articles: Articles


class SubjectKind(StrEnum):
    """Which kind of merged entity a claim is about."""

    actor = "actor"
    event = "event"
    quote = "quote"
    agreement = "agreement"


class Claim(_Story):
    """An attribute the sources disagree on, each value with who states it."""

    id: str = Field(description="Story-local id: C1, C2, ...")
    subject_kind: SubjectKind
    subject_id: str = Field(description="Id of the merged entity the claim is about.")
    attribute: str = Field(
        description="name, title, alias, type, date, location, fatalities, status, signed or deadline."
    )
    values: list[SourcedValue] = Field(min_length=2, description="At least two incompatible values.")


class Story(_Story):
    """A group of articles about one happening and their merged records."""

    id: str = Field(description="S1, S2, ... in order of the earliest article id.")
    articles: Articles
    actors: list[MergedActor] = Field(default_factory=list)
    events: list[MergedEvent] = Field(default_factory=list)
    quotes: list[MergedQuote] = Field(default_factory=list)
    agreements: list[MergedAgreement] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)


class MergeInput(_Story):
    """Where one merged article's records came from, so sources can be traced back."""

    article_id: str
    source: str = Field(description="The extraction line's source (file path, file:line, or gold:<id>).")
    backend: str = Field(description="Extractor backend: llm, heuristic, gold, ...")


class MergeResult(_Story):
    """The whole output of ``newsfacts merge``: every story of the input."""

    schema_version: str = STORY_SCHEMA_VERSION
    article_count: int = 0
    inputs: list[MergeInput] = Field(default_factory=list, description="One per article, sorted by id.")
    stories: list[Story] = Field(default_factory=list)


EntityKind = Literal["actor", "event", "quote", "agreement", "claim"]


class MergedEntityLine(_Story):
    """One line of ``newsfacts merge --jsonl``: a merged entity and its story."""

    story_id: str
    kind: EntityKind
    entity: MergedActor | MergedEvent | MergedQuote | MergedAgreement | Claim
