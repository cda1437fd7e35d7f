"""What the model fills: small, flat records with verbatim evidence strings.

Every ``description`` here is prompt text: instructor sends these models'
JSON Schema to the model, so the descriptions are written for the model.
References between records are by the actor's name as written, because a
model is better at copying names than at inventing consistent ids; the
pipeline turns them into ids after grounding.

The root model runs a grounding check supplied through pydantic's
validation context (``context={"check": callable}``). Keeping the check a
callable keeps this package free of pipeline imports while still letting a
failed check raise inside instructor, which is what makes instructor re-ask
the model with the message naming what was not found.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from schemas.vocab import ActorType, AgreementStatus, EventType, ParticipantRole, QuoteKind

_EVIDENCE = (
    "One or more passages copied character for character from the article "
    "(a phrase or a sentence) that state this. Never paraphrase."
)


class _Draft(BaseModel):
    model_config = ConfigDict(extra="ignore", use_enum_values=False)


class ActorDraft(_Draft):
    """A named person, organisation, country, armed group or government body."""

    name: str = Field(
        description="The fullest form of the name as written in the article, e.g. 'Maria Elena Gonzalez'."
    )
    type: ActorType = Field(description="What kind of actor this is.")
    title: str | None = Field(
        default=None, description="Title or role as written, e.g. 'Foreign Minister'; null if none."
    )
    affiliation: str | None = Field(
        default=None,
        description="Organisation or country the actor belongs to, as written; null if not stated.",
    )
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names the article explicitly gives this actor ('also known as', 'known as', 'previously known as'), as written.",
    )
    evidence: list[str] = Field(min_length=1, description=_EVIDENCE)


class ParticipantDraft(_Draft):
    """An actor's part in an event."""

    actor: str = Field(description="The actor's name exactly as given in the actors list.")
    role: ParticipantRole = Field(description="agent does it, target/victim suffers it.")


class EventDraft(_Draft):
    """Something that happened (or is reported as happening) at a time and place."""

    type: EventType = Field(description="The event type from the vocabulary.")
    summary: str = Field(description="One short sentence saying who did what to whom.")
    date_text: str | None = Field(
        default=None,
        description="The time expression exactly as written in the article ('Tuesday night', 'May 2'); null if none.",
    )
    location: str | None = Field(
        default=None, description="The most specific place named for the event, as written; null if none."
    )
    admin_region: str | None = Field(
        default=None, description="Province or region of the place, as written; null if not stated."
    )
    country: str | None = Field(
        default=None, description="Country of the place, as written; null if not stated."
    )
    participants: list[ParticipantDraft] = Field(default_factory=list)
    fatalities: int | None = Field(
        default=None, ge=0, description="Number of people killed, only when the article states it."
    )
    evidence: list[str] = Field(min_length=1, description=_EVIDENCE)


class QuoteDraft(_Draft):
    """Words the article puts in someone's mouth inside quotation marks."""

    text: str = Field(
        description="The quoted words exactly as they appear between the quotation marks, without the marks."
    )
    speaker: str | None = Field(
        default=None,
        description="Who said it, by the name given in the actors list; null if the article does not say.",
    )
    kind: QuoteKind = Field(
        description="direct for a whole quoted statement, partial for a quoted fragment inside a paraphrase."
    )
    channel: str | None = Field(
        default=None,
        description="Where it was said as written ('on X', 'at a press conference'); null if not stated.",
    )
    evidence: list[str] = Field(
        default_factory=list,
        description="The passage that attributes the quote to the speaker ('he said', 'Hussein stated'), copied verbatim.",
    )


class AgreementDraft(_Draft):
    """An agreement, deal, treaty or pledge between parties."""

    parties: list[str] = Field(description="The parties' names exactly as given in the actors list.")
    subject: str = Field(description="What the agreement is about, in a few words.")
    status: AgreementStatus = Field(description="Where the agreement stands according to the article.")
    signed_text: str | None = Field(
        default=None, description="When it was reached or signed, as written; null if not stated."
    )
    deadline_text: str | None = Field(
        default=None, description="Its deadline or end date, as written; null if not stated."
    )
    evidence: list[str] = Field(min_length=1, description=_EVIDENCE)


class Extraction(_Draft):
    """All records found in one article."""

    actors: list[ActorDraft] = Field(default_factory=list)
    events: list[EventDraft] = Field(default_factory=list)
    quotes: list[QuoteDraft] = Field(default_factory=list)
    agreements: list[AgreementDraft] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_against_article(self, info: ValidationInfo) -> Extraction:
        """Run the pipeline's grounding check when one is supplied.

        Raising here is what makes instructor re-ask; the message lists every
        evidence string that was not found so the model can correct exactly
        those.
        """
        context: dict[str, Any] = info.context or {}
        check: Callable[[Extraction], list[str]] | None = context.get("check")
        if check is not None:
            problems = check(self)
            if problems:
                raise ValueError(
                    "These records are not supported by the article text; copy evidence "
                    "and quotes verbatim or remove the records: " + " | ".join(problems)
                )
        return self
