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
  appends the answer and what was wrong to the conversation (the error put
  in a few lines by ``pipeline.backends.llm.reask``); after the last re-ask
  the final answer is parsed leniently and what is still unsupported is
  dropped by the resolver.

One time budget covers every attempt for an article. ``finish_reason ==
"length"`` is reported as truncation, never blindly re-asked. Tokens are
counted on every HTTP response, re-asks included.

What a failure or an error body means and how the body is put in a server's
dialect is in ``pipeline.backends.llm.transport``; reading the JSON out of
an answer (and salvaging a cut one) in ``pipeline.backends.llm.answers``.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import json
import random
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Self, cast

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.v2.core.hooks import Hooks
from openai.types.chat import ChatCompletion
from pydantic import ValidationError, ValidationInfo, model_validator
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_any

from pipeline.backends.llm import instructor_memo
from pipeline.backends.llm.answers import answer_text, last_failure, truncation_error
from pipeline.backends.llm.cache import ResponseCache, cache_key
from pipeline.backends.llm.ratelimit import RateLimiter
from pipeline.backends.llm.reask import feedback, reword
from pipeline.backends.llm.transport import (
    StopWhenRefused,
    as_json_object,
    describe_failure,
    http_client,
    is_transient,
    refused,
    refuses_json_schema,
    retry_after,
    server_says,
    shown_url,
    wire_body,
)
from pipeline.core.errors import (
    BudgetExceeded,
    ConfigError,
    EndpointUnreachable,
    ExtractionError,
    NewsfactsError,
    TransportError,
)
from pipeline.extract.backend import BackendResult, Check, ExtractRequest
from pipeline.extract.prompt import PromptTemplate, load_prompt
from pipeline.extract.settings import LLMSettings, output_cap
from pipeline.extract.waiting import IN_FLIGHT
from pipeline.extract.wire_schema import wire_schema
from schemas import SCHEMA_VERSION, Extraction, Usage

_MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
#: The modes whose request carries the JSON Schema (as the tool's parameters or the response format).
_SCHEMA_MODES = frozenset(["tools", "json_schema"])


@dataclass
class _Attempts:
    """Per-article state shared by instructor's loop, the transport loop and validation."""

    usage: Usage
    check: Check | None = None
    instructor_calls: int = 0
    article_id: str = ""
    #: The last answer's validation failure, until the re-ask that reports it is sent.
    failure: BaseException | None = None


_current: contextvars.ContextVar[_Attempts] = contextvars.ContextVar("newsfacts_attempts")


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


def _prompt_chars(body: dict[str, Any]) -> int:
    """Characters a server counts as prompt: the messages and the schema the request carries.

    The rate limiter's token estimate; the schema (tools, response_format) is
    a third of a request and is billed as prompt tokens like the messages.
    """
    schema = sum(len(json.dumps(body[k], separators=(",", ":"))) for k in ("tools", "response_format") if body.get(k))
    return schema + sum(len(str(m.get("content", ""))) for m in body.get("messages", []))


def _own_system(messages: list[dict[str, Any]], system: str) -> list[dict[str, Any]]:
    """``messages`` with a first system message that begins with ``system`` cut back to it."""
    first = messages[0] if messages else {}
    content = first.get("content")
    if first.get("role") != "system" or not isinstance(content, str) or not content.startswith(system):
        return messages
    return [{**first, "content": system}, *messages[1:]]


def _remember_failure(error: BaseException, **_: Any) -> None:
    """instructor's parse-error hook: keep the failure for the re-ask that follows (if one does)."""
    state = _current.get(None)
    if state is not None:
        state.failure = error


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
        self._schema_in_request = settings.mode in _SCHEMA_MODES
        self._create: Callable[..., Awaitable[Any]] = instructor.patch(create=self._shaped, mode=_MODES[settings.mode])
        self._hooks = Hooks()
        self._hooks.on("parse:error", _remember_failure)
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
            "messages": self.prompt.render(
                request.article_id, request.text, request.published_at, schema_in_request=self._schema_in_request
            ),
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
                hooks=self._hooks,
                **kwargs,
            )
            return result
        except IncompleteOutputException as exc:
            raise truncation_error(exc.last_completion) from exc
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, NewsfactsError):
                raise cause from None
            if isinstance(cause, IncompleteOutputException):
                raise truncation_error(cause.last_completion) from exc
            return self._lenient(exc)

    def _lenient(self, exc: InstructorRetryException) -> Extraction:
        """Parse the last answer without the grounding check; the resolver drops what fails it."""
        text = answer_text(exc.last_completion)
        if text is not None:
            try:
                return Extraction.model_validate_json(text)
            except ValidationError:
                pass
        raise ExtractionError(
            f"model answer did not fit the schema after {exc.n_attempts} attempts: {last_failure(exc)[:200]}"
        )

    async def _shaped(self, **kwargs: Any) -> Any:
        """What instructor built, less the schema it appends in json modes, with a re-ask's error in short.

        In json and md_json modes instructor adds the JSON Schema, indented,
        after the system message: some 1,700 tokens on every request and
        re-ask. The system message already carries the same shapes as the
        typed field guide, so the system message goes out exactly as the
        prompt rendered it. Should instructor place its text elsewhere,
        nothing matches and the body goes out unchanged.

        On a re-ask, the error instructor appended (pydantic's text) is
        replaced by the few lines ``reask.feedback`` makes of the same
        failure, which the parse-error hook kept.
        """
        state = _current.get(None)
        if state is not None and state.failure is not None:
            reword(kwargs.get("messages", []), feedback(state.failure))
            state.failure = None
        if not self._schema_in_request:
            kwargs["messages"] = _own_system(kwargs.get("messages", []), self.prompt.system_text(typed=True))
        return await self.send(**kwargs)

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
        estimate = _prompt_chars(kwargs) // 4 + int(kwargs.get("max_tokens") or 1024)
        retrying = AsyncRetrying(
            stop=stop_any(stop_after_attempt(s.max_transport_retries + 1), StopWhenRefused()),
            wait=self._wait,
            retry=retry_if_exception(is_transient),
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
                        self.limiter.on_rate_limited(retry_after(err))
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
            if (reason := refused(exc)) is not None:
                self._down = f"could not connect to {self.endpoint} ({reason} after {tries} attempt(s))"
                raise self._unreachable() from None
            raise TransportError(
                f"{describe_failure(exc, s.api_key.get_secret_value())} after {tries} attempt(s)"
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
            body = as_json_object(body)
        try:
            return await self.client.post("/chat/completions", body=body, cast_to=ChatCompletion)
        except openai.APIStatusError as err:
            if self._json_object or not refuses_json_schema(err, body):
                raise
            self._json_object = True
            sys.stderr.write(
                f"newsfacts: {self.endpoint} refuses response_format json_schema"
                f" ({server_says(err)[:120]}); sending json_object with the schema for the rest of the run\n"
            )
            usage.requests += 1
            return await self.client.post("/chat/completions", body=as_json_object(body), cast_to=ChatCompletion)

    @property
    def endpoint(self) -> str:
        """The endpoint requests go to, as messages show it."""
        return shown_url(self.client.base_url)

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
        server = retry_after(exc)
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
