"""Rate limits seen from the server: the mock model timestamps every request it receives.

The limiter's own unit tests run on a fake clock (tests/test_ratelimit.py);
these drive the real backend (instructor, openai, tenacity) through HTTP and
check what a provider would observe: no more requests or tokens than the
token bucket allows (one minute's allowance as burst, then the steady rate),
and nobody knocking while a 429's Retry-After runs. The mock runs in a thread
of this process, so the server's clock and the client's are the same.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

import pytest
from aiohttp import web

from evals.synth import generate_articles
from pipeline.backends.llm.client import LLMBackend
from pipeline.extract.backend import BackendResult, ExtractRequest
from pipeline.extract.settings import LLMSettings
from pipeline.testing import mock_server as mock_server
from pipeline.testing.mock_server import MockState, running_mock


@dataclass
class Hit:
    """One chat request as the server saw it."""

    arrived: float
    answered: float
    status: int
    tokens: int


@pytest.fixture
def stamped_mock(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, MockState, list[Hit]]]:
    """A mock model in its own thread and loop, whose app logs every chat request it serves."""
    hits: list[Hit] = []
    plain = mock_server.make_app

    @web.middleware
    async def stamp(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        arrived = time.monotonic()
        response = await handler(request)
        if request.path.endswith("/chat/completions"):
            body = getattr(response, "body", b"") or b"{}"
            usage = json.loads(body).get("usage") or {}
            hits.append(Hit(arrived, time.monotonic(), response.status, int(usage.get("total_tokens", 0))))
        return response

    def stamped_app(state: MockState) -> web.Application:
        app = plain(state)
        app.middlewares.append(stamp)
        return app

    monkeypatch.setattr(mock_server, "make_app", stamped_app)
    with running_mock(MockState()) as (url, state):
        yield url, state, hits


def _settings(url: str, rpm: float | None = None, tpm: float | None = None) -> LLMSettings:
    return LLMSettings(base_url=url, model="mock", max_tokens=600, backoff_max_s=5.0, rpm=rpm, tpm=tpm)


async def _extract_all(backend: LLMBackend, n: int, seed: int) -> list[BackendResult]:
    articles = list(generate_articles(n, seed=seed))
    try:
        return await asyncio.gather(*(backend.extract(ExtractRequest(a.id, a.text)) for a in articles))
    finally:
        await backend.aclose()


def _assert_within_bucket(start: float, hits: list[Hit], costs: list[float], per_minute: float, slack: float) -> None:
    """By every arrival, the cost seen so far is at most the burst plus the refill since the start.

    Anchored at the start the check is exact: a request arrives after it was
    sent. (Windows between two arrivals are not: under load the burst reaches
    the server late, so they are checked through the spacing of the tail.)
    """
    rate = per_minute / 60.0
    spent = 0.0
    for hit, cost in zip(hits, costs, strict=True):
        spent += cost
        allowed = per_minute + rate * (hit.arrived - start) + slack
        assert spent <= allowed, f"{spent:g} by {hit.arrived - start:.2f}s; the bucket allows {allowed:g}"


def test_rpm_keeps_requests_within_the_bucket_and_paces_the_rest(
    stamped_mock: tuple[str, MockState, list[Hit]],
) -> None:
    url, _, hits = stamped_mock
    rpm, n = 60.0, 63  # burst of 60, then one request per second
    start = time.monotonic()
    results = asyncio.run(_extract_all(LLMBackend(_settings(url, rpm=rpm)), n, seed=1))
    assert all(r.usage.requests == 1 for r in results)
    hits.sort(key=lambda h: h.arrived)
    assert len(hits) == n and all(h.status == 200 for h in hits)
    _assert_within_bucket(start, hits, [1.0] * n, rpm, slack=1e-6)
    # The three beyond the burst waited for the bucket to refill, one second each (the start-anchored
    # check above puts them after 1, 2 and 3 s); once the burst is through, they are a second apart.
    last, before = hits[-1].arrived, hits[-2].arrived
    assert last - before >= 0.8
    assert hits[-1].arrived - start >= (n - rpm) / (rpm / 60.0) - 0.05


def test_tpm_keeps_tokens_within_the_bucket(stamped_mock: tuple[str, MockState, list[Hit]]) -> None:
    url, _, log = stamped_mock
    n = 42
    one = asyncio.run(_extract_all(LLMBackend(_settings(url)), 1, seed=99))[0].usage
    tpm = 40.0 * (one.prompt_tokens + one.completion_tokens)  # a burst of about 40 articles
    log.clear()
    start = time.monotonic()
    asyncio.run(_extract_all(LLMBackend(_settings(url, tpm=tpm)), n, seed=2))
    hits = sorted(log, key=lambda h: h.arrived)
    assert len(hits) == n and all(h.status == 200 for h in hits)
    biggest = max(h.tokens for h in hits) + 600  # one request may pass on its estimate before settling
    _assert_within_bucket(start, hits, [float(h.tokens) for h in hits], tpm, slack=biggest)
    spent = sum(h.tokens for h in hits)
    assert spent > tpm  # the run needed more than the burst ...
    assert hits[-1].arrived - start >= (spent - tpm - biggest) / (tpm / 60.0)  # ... so its tail was paced


def test_a_429_pauses_every_request_for_its_retry_after(stamped_mock: tuple[str, MockState, list[Hit]]) -> None:
    url, state, hits = stamped_mock
    retry_after = 0.6
    state.script.extend({"status": 429, "headers": {"Retry-After": f"{retry_after:g}"}} for _ in range(3))

    async def run() -> tuple[list[BackendResult], float | None]:
        backend = LLMBackend(_settings(url, rpm=600))
        text = next(iter(generate_articles(1, seed=3))).text
        first = asyncio.ensure_future(backend.extract(ExtractRequest("a-first", text)))
        while not hits:  # the first request has been refused ...
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.05)  # ... and the client has read the refusal
        rest = await asyncio.gather(*(backend.extract(ExtractRequest(a.id, a.text)) for a in generate_articles(3, seed=4)))
        results = [await first, *rest]
        await backend.aclose()
        return results, backend.limiter.effective_rpm

    results, effective = asyncio.run(run())
    hits.sort(key=lambda h: h.arrived)
    refusals = [h for h in hits if h.status == 429]
    assert hits[0].status == 429 and len(refusals) == 3
    assert sum(r.usage.transport_retries for r in results) == 3
    for refusal in refusals:
        # Requests sent before the client read the refusal may land just after it; none later.
        quiet = [h for h in hits if refusal.answered + 0.1 < h.arrived < refusal.answered + retry_after - 0.01]
        assert not quiet, f"{len(quiet)} request(s) reached the server during a Retry-After pause"
    # The three articles started during the first pause waited for it, though none of them was refused.
    assert hits[1].arrived >= hits[0].answered + retry_after - 0.01
    assert effective is not None and effective < 600  # the effective rate was lowered (AIMD)
