"""The HTTP side of the model backend: failures classified, the request body in each server's dialect.

``LLMBackend`` retries transient failures and opens its circuit breaker on a
refused connection; which failure is which, how long a server asks us to
wait, and how an error is told to the user without leaking the API key are
decided here, apart from the retry loop, because they are plain functions of
an exception or a body. So are the small rewrites local servers need
(``tool_choice`` as a string, ``json_object`` for servers refusing
``json_schema``) and the choice of HTTP transport.
"""

from __future__ import annotations

import errno
import os
import socket
import urllib.parse
import urllib.request
from typing import Any

import openai
from tenacity import RetryCallState
from tenacity.stop import stop_base

_TRANSIENT_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}

#: Tries of a request whose connection is refused before the endpoint counts as down for the run.
CONNECT_ATTEMPTS = 3

#: Socket errors that say nothing listens there (as opposed to a timeout or a dropped connection).
_UNREACHABLE_ERRNOS = {errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH}


def refused(exc: BaseException | None) -> str | None:
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


def shown_url(url: object) -> str:
    """The endpoint as printed in messages: without a trailing slash or any user:password part."""
    parts = urllib.parse.urlsplit(str(url))
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl().rstrip("/")


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code in _TRANSIENT_STATUS


def retry_after(exc: BaseException | None) -> float | None:
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


class StopWhenRefused(stop_base):
    """Give up early on a refused connection: nothing listens, and waiting longer rarely changes that."""

    def __call__(self, retry_state: RetryCallState) -> bool:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        return retry_state.attempt_number >= CONNECT_ATTEMPTS and refused(exc) is not None


def describe_failure(exc: BaseException, secret: str = "") -> str:
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



def wire_body(body: dict[str, Any]) -> dict[str, Any]:
    """The request as sent: ``tool_choice`` as the string every server takes.

    instructor names the one tool (``{"type": "function", ...}``); llama.cpp's
    server refuses that form and answers without a tool call. With a single
    tool, ``"required"`` means the same to OpenAI, vLLM and llama.cpp alike.
    """
    if isinstance(body.get("tool_choice"), dict) and len(body.get("tools") or []) == 1:
        return {**body, "tool_choice": "required"}
    return body


def refuses_json_schema(err: openai.APIStatusError, body: dict[str, Any]) -> bool:
    """A 4xx/5xx answer to a json_schema request that names the response format as the problem."""
    fmt = body.get("response_format") or {}
    if fmt.get("type") != "json_schema" or err.status_code < 400:
        return False
    said = server_says(err).lower()
    return "json_schema" in said or "response_format" in said or "response format" in said


def as_json_object(body: dict[str, Any]) -> dict[str, Any]:
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
