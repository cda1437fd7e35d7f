"""The model backend: instructor over ``openai.AsyncOpenAI``, against any compatible endpoint.

Two retry loops, kept apart on purpose:

* transport failures (429 honouring Retry-After, 5xx, timeouts, dropped
  connections) are retried by tenacity inside the create function instructor
  calls, with exponential backoff and jitter — they say nothing about the
  answer, so they must not use up re-asks. A connection the endpoint refuses
  (nothing listening, unknown host) is retried only briefly; then the
  endpoint is taken as down for the whole run (a circuit breaker), every
  request after that fails at once and the run stops, instead of spending
  the full retry schedule on each remaining article;
* validation failures (schema, grounding) are re-asked by instructor, which
  tells the model what was wrong; after the last re-ask the final answer is
  parsed leniently and what is still unsupported is dropped by the resolver.

One time budget covers every attempt for an article. ``finish_reason ==
"length"`` is reported as truncation, never blindly re-asked. Tokens are
counted on every HTTP response, re-asks included.
"""

from __future__ import annotations

import asyncio
import contextvars
import errno
import functools
import os
import random
import re
import socket
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Self, cast

import instructor
import openai
import pydantic_core
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError, ValidationInfo, model_validator
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_any
from tenacity.stop import stop_base

from pipeline.backends.llm import instructor_memo as instructor_memo
from pipeline.backends.llm.cache import ResponseCache, cache_key
from pipeline.backends.llm.ratelimit import RateLimiter
from pipeline.core.errors import (
    BudgetExceeded,
    ConfigError,
    EndpointUnreachable,
    ExtractionError,
    NewsfactsError,
    TransportError,
    TruncationError,
)
from pipeline.extract.backend import BackendResult, Check, ExtractRequest
from pipeline.extract.prompt import PromptTemplate, load_prompt
from pipeline.extract.settings import LLMSettings, output_cap
from pipeline.extract.waiting import IN_FLIGHT
from pipeline.extract.wire_schema import wire_schema
from schemas import SCHEMA_VERSION, ActorDraft, AgreementDraft, EventDraft, Extraction, QuoteDraft, Usage

_MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}


@dataclass
class _Attempts:
    """Per-article state shared by instructor's loop, the transport loop and validation."""

    usage: Usage
    check: Check | None = None
    instructor_calls: int = 0
    article_id: str = ""


_current: contextvars.ContextVar[_Attempts] = contextvars.ContextVar("newsfacts_attempts")

_TRANSIENT_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}

#: Tries of a request whose connection is refused before the endpoint counts as down for the run.
CONNECT_ATTEMPTS = 3

#: Socket errors that say nothing listens there (as opposed to a timeout or a dropped connection).
_UNREACHABLE_ERRNOS = {errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH}


def _refused(exc: BaseException | None) -> str | None:
    """Why no connection could be made (e.g. "connection refused"), or None for other failures.

    Walks the exception's causes: depending on the HTTP transport a refused
    connection reaches openai as ``APIConnectionError`` or even as
    ``APITimeoutError``, and only the socket error underneath tells them apart.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, socket.gaierror):
            return "host name not resolved"
        if isinstance(exc, OSError) and exc.errno in _UNREACHABLE_ERRNOS:
            return os.strerror(exc.errno).lower()
        exc = exc.__cause__ or exc.__context__
    return None


def _shown_url(url: object) -> str:
    """The endpoint as printed in messages: without a trailing slash or any user:password part."""
    parts = urllib.parse.urlsplit(str(url))
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl().rstrip("/")


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code in _TRANSIENT_STATUS


def _retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (Retry-After or retry-after-ms), if any."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        if (ms := headers.get("retry-after-ms")) is not None:
            return max(0.0, float(ms) / 1000)
        if (sec := headers.get("retry-after")) is not None:
            return max(0.0, float(sec))
    except ValueError:
        return None
    return None


class _StopWhenRefused(stop_base):
    """Give up early on a refused connection: nothing listens, and waiting longer rarely changes that."""

    def __call__(self, retry_state: RetryCallState) -> bool:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        return retry_state.attempt_number >= CONNECT_ATTEMPTS and _refused(exc) is not None


def _describe(exc: BaseException, secret: str = "") -> str:
    """One line naming the failure and the server's own words, without request details or secrets."""
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code} from the model endpoint" + (
            f" ({said})" if (said := server_says(exc, secret)) else ""
        )
    if isinstance(exc, openai.APITimeoutError):
        return "request to the model endpoint timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "could not connect to the model endpoint"
    return type(exc).__name__


def _last_failure(exc: InstructorRetryException) -> str:
    """The last attempt's own error, one line: instructor's message is a template with placeholders."""
    failed = getattr(exc, "failed_attempts", None) or []
    cause = failed[-1].exception if failed else exc.__cause__
    text = str(cause).strip() if cause is not None else ""
    text = text or "invalid answer"
    return " ".join(text.split())


def wire_body(body: dict[str, Any]) -> dict[str, Any]:
    """The request as sent: ``tool_choice`` as the string every server takes.

    instructor names the one tool (``{"type": "function", ...}``); llama.cpp's
    server refuses that form and answers without a tool call. With a single
    tool, ``"required"`` means the same to OpenAI, vLLM and llama.cpp alike.
    """
    if isinstance(body.get("tool_choice"), dict) and len(body.get("tools") or []) == 1:
        return {**body, "tool_choice": "required"}
    return body


def _refuses_json_schema(err: openai.APIStatusError, body: dict[str, Any]) -> bool:
    """A 4xx/5xx answer to a json_schema request that names the response format as the problem."""
    fmt = body.get("response_format") or {}
    if fmt.get("type") != "json_schema" or err.status_code < 400:
        return False
    said = server_says(err).lower()
    return "json_schema" in said or "response_format" in said or "response format" in said


def _as_json_object(body: dict[str, Any]) -> dict[str, Any]:
    """The same request asking for ``json_object`` constrained by the schema (llama-cpp-python's form)."""
    fmt = body.get("response_format") or {}
    if fmt.get("type") != "json_schema":
        return body
    schema = (fmt.get("json_schema") or {}).get("schema")
    return {**body, "response_format": {"type": "json_object", "schema": schema}}


def server_says(exc: openai.APIStatusError, secret: str = "") -> str:
    """The first 300 characters of the error body, on one line, with the API key masked.

    A server's own message ("response_format type json_schema not supported")
    is what tells a user which flag to change; the request is never echoed.
    """
    try:
        body = exc.response.text
    except Exception:  # noqa: BLE001 - a streamed or closed body; fall back to the parsed message
        body = ""
    text = " ".join((body or str(exc.message or "")).split())
    if secret and len(secret) >= 8:
        text = text.replace(secret, "***")
    return text[:300]


_FENCE = re.compile(r"```(?:json)?\s*(\{.*\})\s*```", re.DOTALL)


def _truncated(completion: Any) -> TruncationError:
    """The truncation error, carrying the complete records the cut answer holds."""
    error = TruncationError(
        "model output was cut at its token limit (finish_reason=length); "
        "raise --max-tokens or lower --max-chars so the article is split"
    )
    text = _answer_text(completion, partial=True)
    error.partial = salvage(text) if text else None
    return error


def salvage(text: str) -> Extraction | None:
    """The records of a JSON answer cut mid-way that are complete and valid, or None when there are none.

    A small local model often runs out of tokens after a few good records;
    dropping them all for the last half-written one wastes the request. The
    cut JSON is parsed as far as it goes (pydantic-core's partial mode) and
    each record is validated on its own; grounding then treats them like any
    other answer.
    """
    try:
        data = pydantic_core.from_json(text, allow_partial=True)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    kept: dict[str, list[Any]] = {}
    for key, draft in (("actors", ActorDraft), ("events", EventDraft), ("quotes", QuoteDraft), ("agreements", AgreementDraft)):
        items = data.get(key)
        kept[key] = [
            d for d in (_valid(draft, item) for item in (items if isinstance(items, list) else [])) if d is not None
        ]
    return Extraction.model_construct(**kept) if any(kept.values()) else None


def _valid(model: type[BaseModel], item: Any) -> Any:
    try:
        return model.model_validate(item)
    except ValidationError:
        return None


def _answer_text(completion: Any, partial: bool = False) -> str | None:
    """The JSON text of a chat completion, whichever mode produced it."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError):
        return None
    if message.tool_calls:
        return str(message.tool_calls[0].function.arguments)
    content = message.content or ""
    fenced = _FENCE.search(content)
    if fenced:
        return fenced.group(1)
    start, end = content.find("{"), content.rfind("}")
    if partial and start >= 0:
        return content[start:].removesuffix("```").rstrip()  # a cut answer has no closing brace
    return content[start : end + 1] if 0 <= start < end else None


def http_client(timeout: float) -> Any:
    """openai's aiohttp transport when it is installed and no proxy is configured, else None (httpx).

    Per request the aiohttp transport costs the client about 0.5 ms less CPU
    than httpx (``python -m evals.bench``), which matters at high
    concurrency. It does not read proxy settings from the environment, so
    with ``HTTPS_PROXY`` and the like set the client keeps httpx, which does.
    """
    if any(scheme != "no" for scheme in urllib.request.getproxies()):
        return None
    try:
        return openai.DefaultAioHttpClient(timeout=timeout)
    except (AttributeError, RuntimeError):  # an openai without it, or without its aiohttp extra
        return None


@functools.cache
def _response_model() -> type[Extraction]:
    """``Extraction`` wrapped the way instructor wants it, once per process.

    Handed a plain model, instructor wraps it in a freshly created subclass on
    every call, so pydantic builds a class and its JSON Schema per request and
    instructor's own per-class schema cache never hits: that was most of the
    client's CPU per article. The wrapped class is what instructor would build
    (same name, docstring and schema), so requests and answers are unchanged.

    The grounding check reaches the validator through the per-article context
    variable, not instructor's ``context``: instructor also renders every
    message as a Jinja template when given a context, which rewrote articles
    containing ``{{ ... }}`` and crashed on ``{%`` (and cost a template parse
    per request).
    """
    wrapped: Any = instructor.response_schema(Extraction)

    class Answer(wrapped):  # type: ignore[misc]
        @classmethod
        def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
            """The compact wire schema (shapes only; the prompt carries the descriptions)."""
            return wire_schema()

        @model_validator(mode="after")
        def _check_against_article(self, info: ValidationInfo) -> Self:
            state = _current.get(None)
            found = _CheckInfo({"check": state.check if state else None})
            _GROUNDING_VALIDATOR(self, cast(ValidationInfo, found))
            return self

    return cast(type[Extraction], functools.wraps(Extraction, updated=())(Answer))


#: The grounding validator of ``Extraction`` as a plain function, so the wrapper can delegate to it.
_GROUNDING_VALIDATOR = cast(Callable[[Extraction, ValidationInfo], Extraction], Extraction._check_against_article)


@dataclass(frozen=True)
class _CheckInfo:
    """The one part of pydantic's ``ValidationInfo`` the grounding validator reads."""

    context: dict[str, Any]


class LLMBackend:
    """Extracts drafts from text with a model behind an OpenAI-compatible endpoint."""

    name = "llm"

    def __init__(
        self,
        settings: LLMSettings,
        cache: ResponseCache | None = None,
        prompt: PromptTemplate | None = None,
    ) -> None:
        """Build the client once; it pools connections for every article of the run."""
        if settings.mode not in _MODES:
            raise ConfigError(f"unknown mode {settings.mode!r}; use one of {', '.join(_MODES)}")
        self.settings = settings
        self.cache = cache
        self.prompt = prompt or load_prompt()
        self.limiter = RateLimiter(rpm=settings.rpm, tpm=settings.tpm)
        self.client = openai.AsyncOpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key.get_secret_value(),
            timeout=settings.request_timeout_s,
            max_retries=0,
            http_client=http_client(settings.request_timeout_s),
        )
        instructor_memo.install()
        self._create: Callable[..., Awaitable[Any]] = instructor.patch(create=self.send, mode=_MODES[settings.mode])
        #: Set once a request could not connect after its tries: the breaker is open for the run.
        self._down: str | None = None
        #: Set once the server refused response_format json_schema: json_object + schema from then on.
        self._json_object = False

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self.client.close()

    def _cache_key(self, text: str) -> str:
        s = self.settings
        return cache_key(
            s.base_url or "openai",
            s.model,
            self.prompt.version,
            self.prompt.short_hash,
            SCHEMA_VERSION,
            s.mode,
            cache_key(text),
        )

    async def extract(self, request: ExtractRequest) -> BackendResult:
        """Ask the model for the drafts of ``request.text``, within the article's time budget.

        Raises:
            EndpointUnreachable: the endpoint refused connections (now or earlier in the run).
            TransportError: the endpoint kept failing after the bounded retries.
            TruncationError: the answer was cut at the output limit.
            BudgetExceeded: all attempts together took longer than the budget.
            ExtractionError: the answer never parsed into the schema.
        """
        key = self._cache_key(request.text) if self.cache is not None else ""
        if self.cache is not None and (hit := self.cache.get(key)):
            return BackendResult(Extraction.model_validate_json(hit[0]), Usage(cached=True))
        self._check_breaker()
        attempts = _Attempts(Usage(), request.check, article_id=request.article_id)
        token = _current.set(attempts)
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self.settings.article_budget_s):
                extraction = await self._ask(request)
        except TimeoutError as exc:
            budget = BudgetExceeded(
                f"time budget of {self.settings.article_budget_s:g}s ran out after "
                f"{attempts.usage.requests} requests; raise --article-timeout"
            )
            budget.attempts, budget.usage = attempts.usage.requests, self._spent(attempts)
            raise budget from exc
        except ExtractionError as exc:
            exc.attempts, exc.usage = attempts.usage.requests, self._spent(attempts)
            raise
        finally:
            _current.reset(token)
        usage = self._spent(attempts)
        if self.cache is not None:
            self.cache.put(
                key,
                extraction.model_dump_json(),
                {"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens},
            )
        return BackendResult(extraction, usage, time.perf_counter() - started)

    async def _ask(self, request: ExtractRequest) -> Extraction:
        s = self.settings
        kwargs: dict[str, Any] = {
            "model": s.model,
            "messages": self.prompt.render(request.article_id, request.text, request.published_at),
            "temperature": s.temperature,
        }
        kwargs["max_tokens"] = output_cap(request.text, s.max_tokens)
        if s.frequency_penalty is not None:
            kwargs["frequency_penalty"] = s.frequency_penalty
        try:
            result: Extraction = await self._create(
                response_model=_response_model(),
                max_retries=s.max_reasks,
                strict=False,
                **kwargs,
            )
            return result
        except IncompleteOutputException as exc:
            raise _truncated(exc.last_completion) from exc
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, NewsfactsError):
                raise cause from None
            if isinstance(cause, IncompleteOutputException):
                raise _truncated(cause.last_completion) from exc
            return self._lenient(exc)

    def _lenient(self, exc: InstructorRetryException) -> Extraction:
        """Parse the last answer without the grounding check; the resolver drops what fails it."""
        text = _answer_text(exc.last_completion)
        if text is not None:
            try:
                return Extraction.model_validate_json(text)
            except ValidationError:
                pass
        raise ExtractionError(
            f"model answer did not fit the schema after {exc.n_attempts} attempts: {_last_failure(exc)[:200]}"
        )

    async def send(self, **kwargs: Any) -> Any:
        """The create function instructor calls once per attempt; retries transport failures.

        Public on purpose: it is the transport seam, which a subclass overrides to
        capture bodies instead of sending them (the Batch API engine does).

        The body instructor hands over is already plain JSON (model, messages,
        tools or response_format), so it goes out through the client's
        ``post``, the documented way to send a body as is. The typed
        ``chat.completions.create`` would first walk it against its TypedDicts
        (``openai._utils._transform``, recursing through the whole JSON Schema
        in ``tools``) only to return it unchanged: about 0.5 ms of CPU per
        request, a tenth of the client's work per article. Errors, timeouts
        and the parsed ``ChatCompletion`` are the same as through ``create``.
        """
        state = _current.get()
        state.instructor_calls += 1
        usage = state.usage
        s = self.settings
        estimate = sum(len(str(m.get("content", ""))) for m in kwargs.get("messages", [])) // 4 + int(
            kwargs.get("max_tokens") or 1024
        )
        retrying = AsyncRetrying(
            stop=stop_any(stop_after_attempt(s.max_transport_retries + 1), _StopWhenRefused()),
            wait=self._wait,
            retry=retry_if_exception(_is_transient),
            reraise=True,
        )
        tries = 0
        try:
            async for attempt in retrying:
                with attempt:
                    self._check_breaker()
                    await self.limiter.acquire(estimate)
                    usage.requests += 1
                    tries += 1
                    if tries > 1:
                        usage.transport_retries += 1
                    try:
                        with IN_FLIGHT.request(state.article_id, usage.requests):
                            response = await self._post(kwargs, usage)
                    except openai.RateLimitError as err:
                        self.limiter.on_rate_limited(_retry_after(err))
                        raise
                    self.limiter.on_success()
                    if response.usage is not None:
                        usage.prompt_tokens += response.usage.prompt_tokens or 0
                        usage.completion_tokens += response.usage.completion_tokens or 0
                        details = response.usage.prompt_tokens_details
                        usage.cached_prompt_tokens += (details.cached_tokens or 0) if details else 0
                        self.limiter.settle(estimate, response.usage.total_tokens or estimate)
                    return response
        except (openai.APIError, openai.OpenAIError) as exc:
            if (reason := _refused(exc)) is not None:
                self._down = f"could not connect to {self.endpoint} ({reason} after {tries} attempt(s))"
                raise self._unreachable() from None
            raise TransportError(
                f"{_describe(exc, s.api_key.get_secret_value())} after {tries} attempt(s)"
            ) from None
        raise TransportError("no attempt was made")  # pragma: no cover - tenacity always attempts once

    async def _post(self, body: dict[str, Any], usage: Usage) -> ChatCompletion:
        """POST one chat completion in the dialect the server takes.

        Local servers differ from OpenAI in two places: llama.cpp's server
        takes ``tool_choice`` only as a string (with one tool, ``"required"``
        means the same as naming it, for OpenAI too), and some servers
        (llama-cpp-python) refuse ``response_format`` ``json_schema`` but take
        ``json_object`` with the schema. The first is always sent as a string;
        the second falls back once, says so once, and stays for the run.
        """
        body = wire_body(body)
        if self._json_object:
            body = _as_json_object(body)
        try:
            return await self.client.post("/chat/completions", body=body, cast_to=ChatCompletion)
        except openai.APIStatusError as err:
            if self._json_object or not _refuses_json_schema(err, body):
                raise
            self._json_object = True
            sys.stderr.write(
                f"newsfacts: {self.endpoint} refuses response_format json_schema"
                f" ({server_says(err)[:120]}); sending json_object with the schema for the rest of the run\n"
            )
            usage.requests += 1
            return await self.client.post("/chat/completions", body=_as_json_object(body), cast_to=ChatCompletion)

    @property
    def endpoint(self) -> str:
        """The endpoint requests go to, as messages show it."""
        return _shown_url(self.client.base_url)

    def _check_breaker(self) -> None:
        """Fail at once, sending nothing, when an earlier request found the endpoint down.

        Raises:
            EndpointUnreachable: the endpoint refused a request's every try during this run.
        """
        if self._down is not None:
            raise self._unreachable()

    def _unreachable(self) -> EndpointUnreachable:
        return EndpointUnreachable(
            f"{self._down}; start the server or fix --base-url, then rerun with --resume "
            "to extract the articles not done"
        )

    def _wait(self, state: RetryCallState) -> float:
        """Retry-After when the server gives it, else exponential backoff with jitter."""
        exc = state.outcome.exception() if state.outcome else None
        server = _retry_after(exc)
        if server is not None:
            return min(server, self.settings.backoff_max_s)
        base = self.settings.backoff_initial_s * 2 ** (state.attempt_number - 1)
        return min(self.settings.backoff_max_s, base) + random.uniform(0, self.settings.backoff_initial_s)

    def _spent(self, attempts: _Attempts) -> Usage:
        """What the article cost so far: requests, re-asks, tokens and their price."""
        attempts.usage.reasks = max(0, attempts.instructor_calls - 1)
        return self._priced(attempts.usage)

    def _priced(self, usage: Usage) -> Usage:
        s = self.settings
        if s.price_in_per_mtok is not None or s.price_out_per_mtok is not None:
            fresh = usage.prompt_tokens - usage.cached_prompt_tokens
            cached_price = s.price_cached_per_mtok if s.price_cached_per_mtok is not None else s.price_in_per_mtok
            usage.cost_usd = round(
                fresh * (s.price_in_per_mtok or 0) / 1e6
                + usage.cached_prompt_tokens * (cached_price or 0) / 1e6
                + usage.completion_tokens * (s.price_out_per_mtok or 0) / 1e6,
                8,
            )
        return usage
