"""What the model fills: small, flat records with verbatim evidence strings.

Every ``description`` here is prompt text, written for the model: the
system prompt's field guide is built from them (``pipeline.extract.wire_schema``),
and what every field shares (left out when not stated) is said once there.
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

_EVIDENCE = "1-3 passages (phrases or sentences) that state it."


def _optional(description: str) -> Any:
    """An optional text field: left out (null) when the article does not say it (the prompt says so once for all)."""
    return Field(default=None, description=description)


class _Draft(BaseModel):
    model_config = ConfigDict(extra="ignore", use_enum_values=False)


class ActorDraft(_Draft):
    """A named person, organisation, country, armed group or government body that acts, speaks, is a party, target or victim."""

    name: str = Field(description="Fullest form of the name as written.")
    type: ActorType
    title: str | None = _optional("Title or role as written.")
    affiliation: str | None = _optional("Organisation or country it belongs to, as written.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names the article gives it ('also known as'), as written.",
    )
    evidence: list[str] = Field(min_length=1, description=_EVIDENCE)


class ParticipantDraft(_Draft):
    """An actor's part in an event."""

    actor: str = Field(description="A name from actors, exactly.")
    role: ParticipantRole = Field(description="agent does it; target or victim suffers it.")


class EventDraft(_Draft):
    """A main thing that happened or is reported, with the most specific type."""

    type: EventType
    summary: str = Field(description="One short sentence: who did what to whom.")
    date_text: str | None = _optional("Time expression as written ('Tuesday night', 'May 2').")
    location: str | None = _optional("Most specific place named, as written.")
    admin_region: str | None = _optional("Province or region, as written.")
    country: str | None = _optional("Country, as written.")
    participants: list[ParticipantDraft] = Field(default_factory=list)
    fatalities: int | None = Field(
        default=None, ge=0, description="People killed, only when stated."
    )
    evidence: list[str] = Field(min_length=1, description=_EVIDENCE)


class QuoteDraft(_Draft):
    """Words the article puts in quotation marks in someone's mouth."""

    text: str = Field(description="The words between the quotation marks, without the marks.")
    speaker: str | None = _optional("A name from actors.")
    kind: QuoteKind = Field(
        description="direct: a whole statement; partial: a fragment in a paraphrase."
    )
    channel: str | None = _optional("Where it was said, as written ('on X').")
    evidence: list[str] = Field(
        default_factory=list,
        description="The passage naming who said it ('he said'), verbatim.",
    )


class AgreementDraft(_Draft):
    """An agreement, deal, treaty or pledge between parties."""

    parties: list[str] = Field(description="Names from actors, exactly.")
    subject: str = Field(description="What it is about, in a few words.")
    status: AgreementStatus
    signed_text: str | None = _optional("When reached or signed, as written.")
    deadline_text: str | None = _optional("Its deadline or end date, as written.")
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
