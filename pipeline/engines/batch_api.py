"""The OpenAI Batch API: request files out, result files back in, one code path for both.

``prepare_requests`` writes one ``/v1/chat/completions`` request per article
(per chunk for long articles, ``<id>#<n>``). The bodies are not rebuilt here:
the live ``LLMBackend`` builds them through instructor exactly as for a live
call, and a recording transport keeps the body instead of sending it, so the
two paths cannot drift apart (mode handling, schema, prompt, temperature).
The text each request carries comes from ``extract_article`` itself, run
with a backend that records instead of extracting, so boilerplate removal and
chunking are the live path's too.

``collect_results`` runs ``extract_article`` again with ``CollectedBackend``,
which answers each chunk from the results file: grounding, dates, ids and
warnings are the live path's. A missing result, a failed request or an
unparsable answer becomes a line of the errors file, never a silent gap.

``submit_batch``, ``batch_status`` and ``fetch_results`` wrap the openai
client's files and batches endpoints.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai
from pydantic import ValidationError

from pipeline.backends.llm.answers import json_in_content
from pipeline.backends.llm.client import LLMBackend
from pipeline.backends.llm.transport import wire_body
from pipeline.core.errors import ConfigError, ExtractionError, InputError, TransportError
from pipeline.engines.local import ErrorsFile, OutputLock, Sink, errors_path_for, ordered_results, writable
from pipeline.engines.summary import Summary
from pipeline.extract.article import error_line, extract_article, extractor_info
from pipeline.extract.backend import BackendResult, ExtractRequest
from pipeline.extract.settings import ExtractConfig, LLMSettings
from pipeline.io.articles import Article, LoadFailure
from schemas import ErrorLine, Extraction, Usage

#: The only endpoint the requests target.
CHAT_URL = "/v1/chat/completions"


# -- prepare ------------------------------------------------------------------------------------


class _Captured(ExtractionError):
    """Carries a request body out of instructor's retry loop (which re-raises ExtractionError causes)."""

    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__("request captured")
        self.body = body


class _BodyRecorder(LLMBackend):
    """The live backend with a transport that keeps the request instead of sending it."""

    async def send(self, **kwargs: Any) -> Any:
        raise _Captured(kwargs)

    async def body_for(self, request: ExtractRequest) -> dict[str, Any]:
        """The chat-completions body the live path would send first for this text."""
        try:
            await self._ask(request)
        except _Captured as captured:
            return wire_body(captured.body)
        raise ConfigError("instructor returned without calling the transport; report this as a bug")


@contextmanager
def _quiet_instructor() -> Iterator[None]:
    """Silence instructor's 'API call failed' log: each captured body looks like a failed call to it."""
    logger = logging.getLogger("instructor")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


class _RequestCollector:
    """A Backend that records one request body per chunk and extracts nothing."""

    name = "llm"

    def __init__(self, recorder: _BodyRecorder) -> None:
        self.recorder = recorder
        self.bodies: list[dict[str, Any]] = []

    async def extract(self, request: ExtractRequest) -> BackendResult:
        """Record the body for this chunk; an empty answer lets the article finish."""
        self.bodies.append(await self.recorder.body_for(request))
        return BackendResult(Extraction())

    async def aclose(self) -> None:
        """The recorder's client never opened a connection; nothing to release."""


def custom_ids(article_id: str, chunks: int) -> list[str]:
    """``<id>`` for a whole article, ``<id>#1`` … ``<id>#n`` for its chunks."""
    return [article_id] if chunks == 1 else [f"{article_id}#{i}" for i in range(1, chunks + 1)]


@dataclass
class PrepareSummary:
    """What ``prepare_requests`` wrote: the number of requests of each article written, and the failures.

    The counts are derived from that one list, so they cannot disagree.
    """

    per_article: list[int] = field(default_factory=list)
    failed: int = 0

    @property
    def articles(self) -> int:
        """Articles written."""
        return len(self.per_article)

    @property
    def requests(self) -> int:
        """Requests written (one per chunk)."""
        return sum(self.per_article)

    @property
    def chunked(self) -> int:
        """Articles split into chunks."""
        return sum(n > 1 for n in self.per_article)

    def text(self) -> str:
        """The line printed on stderr."""
        return (
            f"prepare: {self.requests} requests for {self.articles} articles"
            f" ({self.chunked} split into chunks), {self.failed} failed"
        )


async def _prepare_one(
    article: Article, recorder: _BodyRecorder, config: ExtractConfig
) -> list[dict[str, Any]] | ErrorLine:
    collector = _RequestCollector(recorder)
    try:
        await extract_article(article, collector, config, extractor_info(config))
    except (ExtractionError, ValueError) as exc:
        return error_line(article, "prepare", str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__)
    ids = custom_ids(article.id, len(collector.bodies))
    return [{"custom_id": cid, "method": "POST", "url": CHAT_URL, "body": body} for cid, body in zip(ids, collector.bodies)]


async def prepare_requests(
    items: Iterable[Article | LoadFailure], output: Path, config: ExtractConfig, *, errors: Path | None = None
) -> PrepareSummary:
    """Write a Batch API request file for ``items``; unreadable inputs go to the errors file.

    Raises:
        ConfigError: the mode is unknown.
    """
    recorder = _BodyRecorder(config.llm)
    summary = PrepareSummary()
    errors = errors or errors_path_for(output)
    writable(output, "-o")
    writable(errors, "--errors", "out.errors.jsonl")
    try:
        with _quiet_instructor(), open(output, "w", encoding="utf-8") as out, ErrorsFile(errors, "w") as err:
            for item in items:
                got = (
                    error_line(item, "load", item.error)
                    if isinstance(item, LoadFailure)
                    else await _prepare_one(item, recorder, config)
                )
                if isinstance(got, ErrorLine):
                    err.write(got.model_dump_json() + "\n")
                    summary.failed += 1
                    continue
                out.writelines(json.dumps(req, ensure_ascii=False) + "\n" for req in got)
                summary.per_article.append(len(got))
    finally:
        await recorder.aclose()
    return summary


# -- collect ------------------------------------------------------------------------------------


@dataclass
class Answer:
    """One result line reduced to what extraction needs."""

    text: str | None = None
    error: str | None = None
    finish_reason: str | None = None
    usage: Usage = field(default_factory=Usage)


def _answer_json(message: dict[str, Any]) -> str | None:
    """The JSON text of an assistant message, whichever mode produced it (tool call, bare or fenced)."""
    calls = message.get("tool_calls") or []
    if calls:
        return str(calls[0].get("function", {}).get("arguments", ""))
    return json_in_content(message.get("content") or "")


def parse_result_line(obj: dict[str, Any]) -> Answer:
    """Reduce a Batch API output (or error-file) line to an ``Answer``."""
    response = obj.get("response") or {}
    body = response.get("body") or {}
    status = response.get("status_code")
    if obj.get("error") or (status is not None and status != 200) or "error" in body:
        err = obj.get("error") or body.get("error") or {}
        message = err.get("message") if isinstance(err, dict) else str(err)
        return Answer(error=f"HTTP {status}: {message}" if status else str(message or "request failed"))
    usage = body.get("usage") or {}
    try:
        choice = body["choices"][0]
    except (KeyError, IndexError, TypeError):
        return Answer(error="result has no choices")
    return Answer(
        text=_answer_json(choice.get("message") or {}),
        finish_reason=choice.get("finish_reason"),
        usage=Usage(
            requests=1,
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            cached_prompt_tokens=int((usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
        ),
    )


def read_results(path: Path) -> dict[str, Answer]:
    """Results by custom_id from a results file (output and error lines alike).

    Raises:
        InputError: the file is missing or a line is not a JSON object with a custom_id.
    """
    answers: dict[str, Answer] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    answers[str(obj["custom_id"])] = parse_result_line(obj)
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise InputError(
                        f"{path}:{number} is not a Batch API result line ({type(exc).__name__}); fetch the results again"
                    ) from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}; give the file written by 'newsfacts batch fetch'") from None
    return answers


class CollectedBackend:
    """A Backend answering each chunk from Batch API results, in the order prepare numbered them."""

    name = "llm"

    def __init__(self, answers: dict[str, Answer]) -> None:
        """Take the results by custom_id; each is used once."""
        self.answers = answers
        self._calls: dict[str, int] = {}

    def _take(self, article_id: str) -> tuple[str, Answer | None]:
        n = self._calls.get(article_id, 0)
        self._calls[article_id] = n + 1
        cid = f"{article_id}#{n + 1}"
        if n == 0 and cid not in self.answers:
            cid = article_id  # a whole article, or a missing one: name it by its id
        return cid, self.answers.pop(cid, None)

    async def extract(self, request: ExtractRequest) -> BackendResult:
        """The collected answer for the next chunk of ``request.article_id``, parsed into drafts.

        Raises:
            ExtractionError: no result, a failed request, a truncated or unparsable answer.
        """
        cid, answer = self._take(request.article_id)
        if answer is None:
            raise ExtractionError(
                f"no result for request {cid}; submit this article again "
                "(and collect with the --max-chars used to prepare)"
            )
        if answer.error is not None:
            raise ExtractionError(f"request {cid} failed in the batch: {answer.error}"[:300])
        if answer.finish_reason == "length":
            raise ExtractionError(
                f"answer for {cid} was cut at its token limit; prepare again with a larger --max-tokens or lower --max-chars"
            )
        try:
            extraction = Extraction.model_validate_json(answer.text or "")
        except ValidationError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "invalid"
            raise ExtractionError(f"answer for {cid} did not fit the schema: {first}"[:300]) from None
        return BackendResult(extraction, answer.usage)

    async def aclose(self) -> None:
        """Nothing to release."""


async def collect_results(
    items: Iterable[Article | LoadFailure],
    results: Path,
    output: Path | None,
    config: ExtractConfig,
    *,
    errors: Path | None = None,
    overwrite: bool = False,
) -> Summary:
    """Join Batch API results with their articles and write output lines as the live path would.

    Like ``extract``, no ``output`` means stdout, with error lines on stderr.

    Raises:
        InputError: the results file is unreadable, or the output exists and ``overwrite`` is off.
        OutputLockedError: another run is writing the same output.
    """
    if output is not None and output.exists() and output.stat().st_size and not overwrite:
        raise InputError(f"{output} already exists; use --overwrite to write it again")
    backend = CollectedBackend(read_results(results))
    config = config.model_copy(update={"backend": "llm"})
    summary = Summary()
    lines = ordered_results(items, backend, config, extractor_info(config))
    if output is None:
        async for line in lines:
            _write(sys.stderr if isinstance(line, ErrorLine) else sys.stdout, line.model_dump_json())
            summary.add(line)
        return summary
    errors = errors or errors_path_for(output)
    writable(output, "-o")
    writable(errors, "--errors", "out.errors.jsonl")
    output.parent.mkdir(parents=True, exist_ok=True)
    with OutputLock(output), open(output, "w", encoding="utf-8") as out, ErrorsFile(errors, "w") as err:
        async for line in lines:
            _write(err if isinstance(line, ErrorLine) else out, line.model_dump_json())
            summary.add(line)
    return summary


def _write(fh: Sink, text: str) -> None:
    fh.write(text + "\n")
    fh.flush()


# -- submit, status, fetch ----------------------------------------------------------------------


@dataclass
class BatchInfo:
    """The state of a submitted batch, as the endpoint reports it."""

    id: str
    status: str
    total: int = 0
    completed: int = 0
    failed: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None

    def text(self) -> str:
        """One line for stderr."""
        return f"batch {self.id}: {self.status}, {self.completed}/{self.total} done, {self.failed} failed"


def _client(settings: LLMSettings) -> openai.OpenAI:
    return openai.OpenAI(
        base_url=settings.base_url,
        api_key=settings.api_key.get_secret_value(),
        timeout=settings.request_timeout_s,
        max_retries=settings.max_transport_retries,
    )


def _info(batch: Any) -> BatchInfo:
    counts = getattr(batch, "request_counts", None)
    return BatchInfo(
        id=batch.id,
        status=batch.status,
        total=getattr(counts, "total", 0) or 0,
        completed=getattr(counts, "completed", 0) or 0,
        failed=getattr(counts, "failed", 0) or 0,
        output_file_id=batch.output_file_id,
        error_file_id=batch.error_file_id,
    )


def _transport(exc: openai.OpenAIError, doing: str) -> TransportError:
    if isinstance(exc, openai.APIStatusError):
        return TransportError(f"HTTP {exc.status_code} from the endpoint while {doing}; check --base-url and the key")
    return TransportError(f"could not reach the endpoint while {doing}; check --base-url and try again")


def submit_batch(requests: Path, settings: LLMSettings) -> BatchInfo:
    """Upload a request file (purpose "batch") and create a 24-hour batch over it.

    Raises:
        InputError: the request file cannot be read.
        TransportError: the endpoint refused or could not be reached.
    """
    if not requests.is_file():
        raise InputError(f"{requests} not found; write it with 'newsfacts batch prepare'")
    with _client(settings) as client:
        try:
            with open(requests, "rb") as fh:
                uploaded = client.files.create(file=fh, purpose="batch")
            batch = client.batches.create(
                input_file_id=uploaded.id, endpoint="/v1/chat/completions", completion_window="24h"
            )
        except openai.OpenAIError as exc:
            raise _transport(exc, "submitting the batch") from None
    return _info(batch)


def batch_status(batch_id: str, settings: LLMSettings) -> BatchInfo:
    """The batch's current status and request counts.

    Raises:
        TransportError: the endpoint refused (unknown id) or could not be reached.
    """
    with _client(settings) as client:
        try:
            return _info(client.batches.retrieve(batch_id))
        except openai.OpenAIError as exc:
            raise _transport(exc, f"reading batch {batch_id}") from None


def fetch_results(batch_id: str, output: Path, settings: LLMSettings) -> BatchInfo:
    """Download the batch's output and error files into one results file for ``collect_results``.

    Raises:
        InputError: the batch has no result files yet.
        TransportError: the endpoint refused or could not be reached.
    """
    with _client(settings) as client:
        try:
            info = _info(client.batches.retrieve(batch_id))
            files = [f for f in (info.output_file_id, info.error_file_id) if f]
            if not files:
                raise InputError(
                    f"batch {batch_id} is {info.status} and has no results yet; "
                    f"check with 'newsfacts batch status {batch_id}'"
                )
            parts = [client.files.content(file_id).read() for file_id in files]
        except openai.OpenAIError as exc:
            raise _transport(exc, f"fetching batch {batch_id}") from None
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "wb") as fh:
        fh.writelines(part if part.endswith(b"\n") or not part else part + b"\n" for part in parts)
    return info

