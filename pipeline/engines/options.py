"""The options of a run, named as the library names them: ``newsfacts``' flags are generated from these fields.

Kept apart from the engines that run them so the CLI can build its flags
(and ``--help``) without importing an engine, and so a flag and its keyword
are the same word by construction (``--max-chars`` is ``max_chars``):
``extract`` (``ExtractOptions``, for ``plan_extract``), ``doctor``
(``DoctorOptions``, for ``doctor.probe``) and the ``batch`` commands (one
model each, for the ``batch_api`` function of the same name).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator

from pipeline.core.options import option
from pipeline.extract.settings import DEFAULT_CACHE_PATH

_BASE_URL = "OpenAI-compatible endpoint [env OPENAI_BASE_URL]."
_API_KEY = "API key [env OPENAI_API_KEY]; local servers need none."
_MODEL = "Model name [env NEWSFACTS_MODEL]."


class EndpointOptions(BaseModel):
    """Where the model is; each falls back to its environment variable."""

    model_config = ConfigDict(extra="forbid")

    base_url: str | None = option(None, _BASE_URL)
    api_key: str | None = option(None, _API_KEY, repr=False)
    model: str | None = option(None, _MODEL)


class ExtractOptions(BaseModel):
    """The options of ``newsfacts extract``; ``--flag-name`` is the field ``flag_name``.

    Not a subclass of ``EndpointOptions``: the endpoint flags stand after
    ``--backend`` in ``--help``, where a reader looks for them.
    """

    model_config = ConfigDict(extra="forbid")

    inputs: list[str] = option(..., "Files, folders (recursive) or JSONL files of articles; - for JSONL on stdin.", argument=True)
    output: Path | None = option(None, "Output JSONL (default: stdout).", "-o")
    errors: Path | None = option(None, "Errors JSONL (default: <output>.errors.jsonl).")
    resume: bool = option(False, "Continue the output: skip articles already in it, retry those that failed (the errors file keeps their history).")
    overwrite: bool = option(False, "Start the output file again.")
    backend: Literal["auto", "heuristic", "llm"] = option("auto", "auto (a model when one is configured, else heuristic), heuristic or llm.")
    base_url: str | None = option(None, _BASE_URL)
    api_key: str | None = option(None, _API_KEY, repr=False)
    model: str | None = option(None, _MODEL)
    mode: Literal["tools", "json_schema", "json", "md_json", "auto"] = option("tools", "tools, json_schema, json, md_json, or auto (probe the endpoint once, see 'newsfacts doctor').")
    concurrency: int = option(8, "Articles in flight at once (all workers together).", ge=1)
    workers: int = option(1, "Processes sharing the client's CPU; use 2+ when --concurrency is high.", ge=1)
    published_at: str | None = option(None, "Publication date for articles that carry none (YYYY-MM-DD).")
    max_chars: int = option(24_000, "Chunk budget in characters; longer articles are split.", ge=500)
    max_article_chars: int = option(1_000_000, "Larger articles go to the errors file.", ge=1)
    dedupe: Literal["error", "first", "last", "suffix"] = option("error", "When two articles give one id: error (refuse the run), first, last, or suffix (later ones become <id>~2, <id>~3).")
    max_records: int = option(200, "Cap on records of one type per article.", ge=1)
    grounding: Literal["strict", "lenient"] = option("strict", "strict: a speaker the article does not tie to its quote becomes null, an unnamed participant or party is dropped (after one re-ask); lenient: both are kept with a warning.")
    max_tokens: int | None = option(None, "Output token limit per request (default: sized to each chunk, 512-4096).", ge=1)
    frequency_penalty: float | None = option(None, "Loop guard for small local models that repeat themselves (e.g. 0.3).", ge=-2, le=2)
    max_reasks: int = option(2, "Validation re-asks per request.", ge=0)
    max_retries: int = option(6, "Transport retries per request (429, 5xx, timeouts).", ge=0)
    timeout: float | None = option(None, "Seconds per HTTP request (default 60; for a server on this machine, the --article-timeout: a CPU model may need minutes per answer).", ge=0.1)
    article_timeout: float = option(300.0, "Deadline in seconds per article across all its requests and re-asks.", "--article-budget", ge=0.1)
    rpm: float | None = option(None, "Requests per minute limit.", ge=0.1)
    tpm: float | None = option(None, "Tokens per minute limit.", ge=1)
    price_in: float | None = option(None, "USD per million prompt tokens, for the cost report.")
    price_out: float | None = option(None, "USD per million completion tokens.")
    price_cached: float | None = option(None, "USD per million prompt tokens the provider served from its prompt cache (default: --price-in).")
    cache: Path = option(DEFAULT_CACHE_PATH, "Response cache file.")
    no_cache: bool = option(False, "Do not read or write the response cache.")
    progress: bool | None = option(None, "Progress bar (default: when stderr is a terminal).")
    verbose: bool = option(False, "Log HTTP traffic (keys redacted) on stderr.", "-v")
    engine: Literal["local", "ray"] = option("local", "local (asyncio in this process) or ray (actors; -o is a folder of shards).")
    ray_address: str | None = option(None, "Ray cluster to join (default: start a local one).")
    ray_workers: int = option(2, "Actors for --engine ray, one CPU each.", ge=1)


class DoctorOptions(EndpointOptions):
    """The options of ``newsfacts doctor``: the endpoint, and how long each request and each mode may take."""

    timeout: float = option(120.0, "Seconds per HTTP request.", ge=0.1)
    article_timeout: float = option(200.0, "Seconds per mode.", ge=0.1)


def _batch_mode(mode: str) -> str:
    if mode not in ("tools", "json_schema", "json", "md_json"):
        raise ValueError("use tools, json_schema, json or md_json")
    return mode


#: The modes a Batch API request can be written in (``auto`` would need the endpoint at prepare time).
BatchMode = Annotated[str, AfterValidator(_batch_mode)]
_BATCH_API_KEY = "API key [env OPENAI_API_KEY]."


class BatchPrepareOptions(BaseModel):
    """``newsfacts batch prepare``: ``prepare_requests`` for the articles, with the live path's settings."""

    model_config = ConfigDict(extra="forbid")

    inputs: list[str] = option(..., "Files, folders or JSONL files of articles; - for JSONL on stdin.", argument=True)
    output: Path = option(..., "Request JSONL to upload.", "-o", dir_okay=False)
    errors: Path | None = option(None, "Errors JSONL (default: <output>.errors.jsonl).")
    model: str | None = option(None, _MODEL)
    mode: BatchMode = option("tools", "tools, json_schema, json or md_json.")
    max_chars: int = option(24_000, "Chunk budget; longer articles become <id>#<n> requests.", ge=500)
    max_tokens: int = option(4096, "Output token limit per request.", ge=1)
    published_at: str | None = option(None, "Publication date for articles that carry none.")


class BatchCollectOptions(BaseModel):
    """``newsfacts batch collect``: ``collect_results`` with the settings given to prepare."""

    model_config = ConfigDict(extra="forbid")

    results: Path = option(
        ..., "Results JSONL written by 'newsfacts batch fetch'.", argument=True, metavar="RESULTS", dir_okay=False
    )
    inputs: list[str] | None = option(
        None, "The articles given to prepare (files, folders or JSONL).", argument=True, metavar="INPUTS",
        validate_default=True,
    )
    output: Path | None = option(None, "Output JSONL (default: stdout).", "-o", dir_okay=False)
    errors: Path | None = option(None, "Errors JSONL (default: <output>.errors.jsonl).")
    overwrite: bool = option(False, "Write the output again if it exists.")
    model: str | None = option(None, "Model recorded in provenance [env NEWSFACTS_MODEL].")
    mode: BatchMode = option("tools", "The mode given to prepare.")
    max_chars: int = option(24_000, "The chunk budget given to prepare.", ge=500)
    max_records: int = option(200, "Cap on records of one type per article.", ge=1)
    published_at: str | None = option(None, "The publication date given to prepare.")

    @field_validator("inputs")
    @classmethod
    def _articles_given(cls, inputs: list[str] | None) -> list[str]:
        if not inputs:
            raise ValueError("give the articles given to prepare after RESULTS")
        return inputs


class BatchSubmitOptions(BaseModel):
    """``newsfacts batch submit``: ``submit_batch(requests, ...)`` at the endpoint."""

    model_config = ConfigDict(extra="forbid")

    requests: Path = option(..., "Request JSONL written by 'newsfacts batch prepare'.", argument=True, dir_okay=False)
    base_url: str | None = option(None, _BASE_URL)
    api_key: str | None = option(None, _BATCH_API_KEY, repr=False)


_BATCH_ID = "Id printed by 'newsfacts batch submit'."


class BatchStatusOptions(BaseModel):
    """``newsfacts batch status``: ``batch_status(batch_id, ...)`` at the endpoint."""

    model_config = ConfigDict(extra="forbid")

    batch_id: str = option(..., _BATCH_ID, argument=True)
    base_url: str | None = option(None, _BASE_URL)
    api_key: str | None = option(None, _BATCH_API_KEY, repr=False)


class BatchFetchOptions(BaseModel):
    """``newsfacts batch fetch``: ``fetch_results(batch_id, output, ...)`` from the endpoint."""

    model_config = ConfigDict(extra="forbid")

    batch_id: str = option(..., _BATCH_ID, argument=True)
    output: Path = option(..., "Results JSONL for 'newsfacts batch collect'.", "-o", dir_okay=False)
    base_url: str | None = option(None, _BASE_URL)
    api_key: str | None = option(None, _BATCH_API_KEY, repr=False)
