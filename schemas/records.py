"""What the pipeline emits: grounded records with ids, offsets and normalised values.

Every record's ``evidence`` holds spans into the article text stored in the
same output line, so ``text[span.start:span.end] == span.text`` always holds.
References (speaker, participants, parties) are actor ids of the same line.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.vocab import (
    ActorType,
    AgreementStatus,
    EventType,
    Granularity,
    MatchKind,
    ParticipantRole,
    QuoteKind,
)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Record):
    """A verbatim piece of the article located by character offsets.

    Frozen: the aligner hands the same span to every record that cites the
    same evidence.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0, description="Offset of the first character in the article text.")
    end: int = Field(ge=0, description="Offset one past the last character.")
    text: str = Field(description="Exactly text[start:end] of the article.")
    match: MatchKind = Field(default=MatchKind.exact, description="How the aligner found it.")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self


class TimeExpression(_Record):
    """A time expression as written, and its value resolved against the publication date."""

    text: str = Field(description="The expression exactly as written.")
    value: str | None = Field(
        default=None,
        description="ISO value at the stated granularity: YYYY-MM-DD, YYYY-MM or YYYY; the start for a range.",
    )
    end: str | None = Field(default=None, description="Last day (ISO) of a range, else null.")
    granularity: Granularity | None = None
    anchor: str | None = Field(
        default=None, description="The publication date (ISO) the value was resolved against."
    )


class Location(_Record):
    """Where an event took place, as written."""

    name: str | None = None
    admin_region: str | None = None
    country: str | None = None


class Actor(_Record):
    """A person, organisation, country, armed group or government body named in the article."""

    id: str
    name: str = Field(description="The fullest form of the name as written.")
    canonical_name: str = Field(description="The name tidied: honorifics and titles removed, spaces folded.")
    type: ActorType
    title: str | None = None
    affiliation: str | None = None
    aliases: list[str] = Field(default_factory=list, description="Other names the article gives it.")
    evidence: list[Span] = Field(min_length=1)


class Participant(_Record):
    """An actor's part in an event."""

    actor_id: str
    role: ParticipantRole


class Event(_Record):
    """Something that happened, with when, where and who."""

    id: str
    type: EventType
    summary: str
    date: TimeExpression | None = None
    location: Location | None = None
    participants: list[Participant] = Field(default_factory=list)
    fatalities: int | None = Field(default=None, ge=0)
    evidence: list[Span] = Field(min_length=1)


class Quote(_Record):
    """Quoted words and who said them; evidence[0] is the quote's own text."""

    id: str
    text: str
    speaker_id: str | None = None
    kind: QuoteKind
    channel: str | None = None
    attribution: Span | None = Field(
        default=None, description="Where the article ties the words to the speaker ('Li said', 'according to Li')."
    )
    evidence: list[Span] = Field(min_length=1)


class Agreement(_Record):
    """An agreement between parties, its subject, status and dates."""

    id: str
    parties: list[str] = Field(default_factory=list, description="Actor ids.")
    subject: str
    status: AgreementStatus
    signed: TimeExpression | None = None
    deadline: TimeExpression | None = None
    evidence: list[Span] = Field(min_length=1)


class Records(_Record):
    """All records of one article; references resolve within this object."""

    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)

    def dangling_references(self) -> list[str]:
        """Return a message for every reference that names no actor of this object."""
        ids = {a.id for a in self.actors}
        problems: list[str] = []
        for q in self.quotes:
            if q.speaker_id is not None and q.speaker_id not in ids:
                problems.append(f"quote {q.id}: speaker {q.speaker_id} is not an actor")
        for e in self.events:
            problems += [
                f"event {e.id}: participant {p.actor_id} is not an actor"
                for p in e.participants
                if p.actor_id not in ids
            ]
        for g in self.agreements:
            problems += [f"agreement {g.id}: party {p} is not an actor" for p in g.parties if p not in ids]
        return problems

    def spans(self) -> list[tuple[str, str, Span]]:
        """Every evidence span as (record type, record id, span), in record order.

        A quote's attribution span follows its evidence: it is the passage that
        ties the quote to its speaker, checked like any other.
        """
        out: list[tuple[str, str, Span]] = []
        for kind, items in (
            ("actor", self.actors),
            ("event", self.events),
            ("quote", self.quotes),
            ("agreement", self.agreements),
        ):
            for rec in items:
                out += [(kind, rec.id, s) for s in rec.evidence]
                if isinstance(rec, Quote) and rec.attribution is not None:
                    out.append((kind, rec.id, rec.attribution))
        return out

    def check_grounded(self, text: str) -> None:
        """Refuse records whose spans do not quote ``text`` or whose references name no actor.

        Raises:
            ValueError: the first span that does not match, or every dangling reference.
        """
        for kind, rid, span in self.spans():
            if text[span.start : span.end] != span.text:
                raise ValueError(f"{kind} {rid}: span {span.start}-{span.end} does not match the text")
        problems = self.dangling_references()
        if problems:
            raise ValueError("; ".join(problems))

    def count(self) -> dict[str, int]:
        """Number of records per type."""
        return {
            "actors": len(self.actors),
            "events": len(self.events),
            "quotes": len(self.quotes),
            "agreements": len(self.agreements),
        }
