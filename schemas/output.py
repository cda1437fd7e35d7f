"""The JSONL line shapes: one ArticleResult per article, one ErrorLine per failure.

Everything downstream (eval, merge, export, review) reads these lines only,
so they carry the article text the offsets refer to and full provenance.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.records import Records

SCHEMA_VERSION = "1.0"


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleMeta(_Line):
    """What is known about the article besides its text."""

    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published_at: str | None = Field(default=None, description="ISO date the dates were resolved against.")
    published_at_source: str | None = Field(
        default=None, description="Where published_at came from: manifest, jsonl, html, flag."
    )
    encoding: str | None = None


class Boilerplate(_Line):
    """A line kept out of extraction, with the rule that flagged it."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    rule: str


class ExtractorInfo(_Line):
    """Which backend, model, mode and prompt produced the records."""

    backend: str
    model: str | None = None
    mode: str | None = None
    prompt_version: str
    prompt_hash: str
    schema_version: str = SCHEMA_VERSION
    grounding: str | None = Field(default=None, description="strict or lenient: what untied references became.")


class Usage(_Line):
    """Requests and tokens across every attempt, re-asks and transport retries included."""

    requests: int = 0
    reasks: int = 0
    transport_retries: int = 0
    prompt_tokens: int = 0
    cached_prompt_tokens: int = Field(
        default=0, description="Prompt tokens the server served from its prompt cache (usage.prompt_tokens_details)."
    )
    completion_tokens: int = 0
    cost_usd: float | None = None
    cached: bool = Field(default=False, description="Answered from newsfacts' own response cache: nothing sent.")

    def add(self, part: Usage) -> None:
        """Add another request's or article's spending to this total (a chunk, a re-ask, a whole line).

        ``cost_usd`` stays None until some part has a known price; ``cached``
        is true when any part was answered from the cache.
        """
        counters = ("requests", "reasks", "transport_retries", "prompt_tokens", "cached_prompt_tokens", "completion_tokens")
        for name in counters:
            setattr(self, name, getattr(self, name) + getattr(part, name))
        if part.cost_usd is not None:
            self.cost_usd = (self.cost_usd or 0.0) + part.cost_usd
        self.cached = self.cached or part.cached


class WarningCode(StrEnum):
    """Why something was dropped or flagged instead of emitted."""

    ungrounded = "ungrounded"
    speaker_unattributed = "speaker_unattributed"
    participant_ungrounded = "participant_ungrounded"
    alias_ungrounded = "alias_ungrounded"
    unknown_actor = "unknown_actor"
    truncated = "truncated"
    chunked = "chunked"
    too_many_records = "too_many_records"
    invalid_record = "invalid_record"
    date_unresolved = "date_unresolved"
    published_at_unreadable = "published_at_unreadable"


class LineWarning(_Line):
    """One thing the reader of this line should know about."""

    code: WarningCode
    message: str
    record_type: str | None = None


class GroundingCounts(_Line):
    """What the attribution checks did to one article's references (see ``--grounding``)."""

    speakers_checked: int = 0
    speakers_tied: int = Field(default=0, description="Speakers the article ties to the quote; span recorded.")
    speakers_nulled: int = Field(default=0, description="Untied speakers set to null (strict grounding).")
    speakers_kept: int = Field(default=0, description="Untied speakers kept with a warning (lenient grounding).")
    references_checked: int = 0
    references_dropped: int = Field(default=0, description="Participants and parties not named near the record.")
    references_kept: int = Field(default=0, description="Untied participants and parties kept (lenient).")
    reasked: int = Field(default=0, description="Attribution problems sent back to the model.")

    def add(self, other: GroundingCounts) -> None:
        """Add another article's (or chunk's) counts to these."""
        for name in type(self).model_fields:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def text(self) -> str:
        """One line for the run summary and the eval report (the same words in both)."""
        return (
            f"attribution: {self.speakers_tied} of {self.speakers_checked} speakers tied to their quote"
            f" ({self.speakers_nulled} nulled, {self.speakers_kept} kept untied);"
            f" {self.references_dropped} of {self.references_checked} participants/parties dropped"
            f" ({self.references_kept} kept untied); {self.reasked} re-asked"
        )


class Timings(_Line):
    """Wall-clock seconds spent on the article."""

    total_s: float = 0.0
    model_s: float = 0.0


class ArticleResult(_Line):
    """One output line: an article, its grounded records and their provenance."""

    schema_version: str = SCHEMA_VERSION
    article_id: str
    source: str = Field(description="File path, or file:line for JSONL input.")
    metadata: ArticleMeta = Field(default_factory=ArticleMeta)
    text: str = Field(description="The article text every span's offsets refer to.")
    boilerplate: list[Boilerplate] = Field(default_factory=list)
    records: Records = Field(default_factory=Records)
    extractor: ExtractorInfo
    usage: Usage = Field(default_factory=Usage)
    warnings: list[LineWarning] = Field(default_factory=list)
    grounding: GroundingCounts = Field(default_factory=GroundingCounts)
    timings: Timings = Field(default_factory=Timings)

    @model_validator(mode="after")
    def _spans_match_text(self) -> ArticleResult:
        """Refuse a line whose spans or references do not hold: downstream trusts them."""
        self.records.check_grounded(self.text)
        return self


class ErrorLine(_Line):
    """One line of ``<out>.errors.jsonl``: an article (or input) that produced no output line."""

    article_id: str | None = None
    source: str
    stage: str = Field(description="load, extract, ground, worker (its process died) or internal (a bug).")
    error: str = Field(description="One-line reason.")
    attempts: int = Field(default=0, description="HTTP requests actually sent for the article.")
    usage: Usage | None = Field(default=None, description="Tokens and cost spent before it was given up.")


class GoldArticle(_Line):
    """A hand-labelled article in ``evals/gold/``: the emitted record format plus its text.

    Sharing ``Records`` with the pipeline's output means gold validates against
    the same models and the scorer compares like with like.
    """

    schema_version: str = SCHEMA_VERSION
    article_id: str
    published_at: str | None = None
    text: str
    records: Records
    notes: str | None = Field(default=None, description="Labeller's remarks on hard cases.")

    @model_validator(mode="after")
    def _spans_match_text(self) -> GoldArticle:
        """Gold is checked like output: its spans quote its text, its references name its actors."""
        self.records.check_grounded(self.text)
        return self
