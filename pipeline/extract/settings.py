"""The settings a run takes: the library's keyword arguments and the CLI's flags are these fields.

Kept apart from the stage code so that backends and engines can read the
settings without importing each other (the model backend reads
``LLMSettings``; engines read ``ExtractConfig``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from pipeline.extract.resolve import DEFAULT_MAX_RECORDS, Grounding
from pipeline.text.chunk import DEFAULT_MAX_CHARS

Mode = Literal["tools", "json_schema", "json", "md_json"]


#: Placeholder key for local servers that ignore authentication.
LOCAL_API_KEY = "sk-no-key-required"


class LLMSettings(BaseModel):
    """Where and how to call the model; flags and environment fill it."""

    model_config = ConfigDict(extra="forbid")

    base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1")
    api_key: SecretStr = Field(default=SecretStr(LOCAL_API_KEY), repr=False)
    model: str = "gpt-4o-mini"
    mode: Mode = "tools"
    temperature: float = 0.0
    max_tokens: int | None = Field(
        default=None, description="Output token cap per request; None derives it from the chunk (see output_cap)."
    )
    frequency_penalty: float | None = Field(
        default=None, description="Sent when set: the loop guard for small local models that repeat themselves."
    )
    request_timeout_s: float = 60.0
    article_budget_s: float = 300.0
    max_reasks: int = Field(default=2, ge=0)
    max_transport_retries: int = Field(default=6, ge=0)
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 30.0
    rpm: float | None = None
    tpm: float | None = None
    price_in_per_mtok: float | None = Field(default=None, description="USD per million prompt tokens")
    price_out_per_mtok: float | None = Field(default=None, description="USD per million completion tokens")
    price_cached_per_mtok: float | None = Field(
        default=None, description="USD per million prompt tokens served from the provider's prompt cache (default: price_in)"
    )


#: Where the response cache lives unless told otherwise.
DEFAULT_CACHE_PATH = Path(".newsfacts") / "cache.sqlite"


class ExtractConfig(BaseModel):
    """Everything that shapes a run; the CLI's flags map onto these fields."""

    model_config = ConfigDict(extra="forbid")

    backend: Literal["heuristic", "llm"] = "heuristic"
    llm: LLMSettings = Field(default_factory=LLMSettings)
    max_chars: int = Field(default=DEFAULT_MAX_CHARS, ge=500, description="Chunk budget in characters.")
    chunk_overlap: int = Field(default=400, ge=0)
    max_records: int = Field(default=DEFAULT_MAX_RECORDS, ge=1)
    fuzzy_threshold: float = Field(default=90.0, ge=50, le=100)
    grounding: Grounding = Field(
        default="strict",
        description="strict: untied speakers become null and untied participants/parties are dropped; "
        "lenient: they are kept with a warning.",
    )
    cache_path: Path | None = DEFAULT_CACHE_PATH
    concurrency: int = Field(default=8, ge=1, description="Articles in flight at once, across all workers.")
    workers: int = Field(default=1, ge=1, description="Processes sharing the work (see pipeline.engines.workers).")


def output_cap(text: str, fixed: int | None = None) -> int:
    """The output token cap for one request: ``fixed`` when given, else sized to the chunk.

    A grounded answer quotes the article (names, quotes, evidence passages),
    so it is roughly as long as the article in tokens (about 4 characters each)
    plus the JSON around it. A flat 4096 lets a small local model loop inside
    its grammar for minutes; 1.5x the chunk plus 400, between 512 and 4096,
    fits every seed and dev article's gold answer with room to spare.
    """
    if fixed:
        return fixed
    return max(512, min(4096, int(len(text) / 4 * 1.5) + 400))
