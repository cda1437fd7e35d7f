"""An OpenAI-compatible mock model on loopback, for tests, CI and benchmarks.

It answers ``POST /v1/chat/completions`` in tools, json_schema, json and
md_json styles, so the real ``openai`` client and ``instructor`` are
exercised over HTTP. Answers come from, in order: a scripted queue (tests
push exact replies and faults), random faults at configured rates, a
fixture file ``<fixtures>/<article_id>.json`` (an ``Extraction`` under
``extraction``, and optionally the corrected one a re-ask gets under
``reask``, as a model that fixes what it was told about), or the heuristic
extractor run on the article found between the prompt's markers.
Answers it makes up are synthetic: they test plumbing, not a model.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from pipeline.backends.heuristic.extractor import extract_drafts

STATE: web.AppKey[MockState] = web.AppKey("state", object)  # type: ignore[arg-type]
_ARTICLE = re.compile(r"<<<ARTICLE (\w+)>>>\n(.*)\n<<<END \1>>>", re.DOTALL)
_ARTICLE_ID = re.compile(r" of article (\S+), published ")

#: A quote no article contains: the "hallucination" fault.
HALLUCINATED_QUOTE = "This sentence appears nowhere in the article."


class Faults(BaseModel):
    """Probabilities (0-1) of each fault per request, drawn from a seeded generator; a rate outside 0-1 is refused."""

    model_config = ConfigDict(extra="forbid")

    rate_limit: float = Field(0.0, ge=0, le=1, description="429 with a Retry-After header.")
    server_error: float = Field(0.0, ge=0, le=1, description="500 internal error.")
    hang: float = Field(0.0, ge=0, le=1, description="No answer for hang_s seconds, then 504.")
    malformed: float = Field(0.0, ge=0, le=1, description="An answer cut inside its JSON.")
    schema_invalid: float = Field(0.0, ge=0, le=1, description="Valid JSON of the wrong shape.")
    hallucinate: float = Field(0.0, ge=0, le=1, description="The answer plus a quote no article contains.")
    retry_after_s: float = Field(0.05, ge=0, description="The Retry-After a 429 carries.")
    hang_s: float = Field(30.0, ge=0, description="How long a hang lasts.")


@dataclass
class MockState:
    """Configuration and counters of one mock server."""

    latency_s: float = 0.0
    fixtures: Path | None = None
    faults: Faults = field(default_factory=Faults)
    seed: int = 0
    script: deque[dict[str, Any]] = field(default_factory=deque)
    requests: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)
    log: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=200))
    prefixes: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self._answers: dict[str, str] = {}

    def count(self, outcome: str) -> None:
        self.by_outcome[outcome] = self.by_outcome.get(outcome, 0) + 1

    def answer_for(self, article_id: str | None, text: str, reask: bool = False) -> str:
        """The extraction JSON for an article: its fixture (its ``reask`` answer for a re-ask), else the heuristic's drafts (memoised)."""
        key = f"{article_id}\x00{hash(text)}\x00{reask}"
        if key not in self._answers:
            fixture = self.fixtures / f"{article_id}.json" if self.fixtures and article_id else None
            if fixture is not None and fixture.exists():
                data = json.loads(fixture.read_text(encoding="utf-8"))
                answer = data.get("reask") if reask and "reask" in data else data.get("extraction", {})
                self._answers[key] = json.dumps(answer)
            else:
                self._answers[key] = extract_drafts(text).model_dump_json()
        return self._answers[key]


def _prefix_chars(body: dict[str, Any], seen: set[str]) -> int:
    """Characters of this request's leading part (tools, response format, system message) seen before.

    Stands in for a server's prompt cache (OpenAI's automatic caching, vLLM's
    prefix caching, llama.cpp's slots): a request whose fixed part repeats an
    earlier request's is served that part from cache.
    """
    messages = body.get("messages") or [{}]
    head = json.dumps([body.get("tools"), body.get("response_format"), messages[0].get("content")])
    cached = _schema_chars(body) + len(str(messages[0].get("content") or "")) if head in seen else 0
    seen.add(head)
    return cached


def _schema_chars(body: dict[str, Any]) -> int:
    """Characters of the schema a request carries (tools or response format): a server counts them as prompt."""
    return sum(len(json.dumps(body[k], separators=(",", ":"))) for k in ("tools", "response_format") if body.get(k))


def _completion(body: dict[str, Any], payload: str, finish: str = "stop", cached_chars: int = 0) -> dict[str, Any]:
    """Wrap a JSON payload the way the request's mode expects it back."""
    prompt_chars = _schema_chars(body) + sum(len(str(m.get("content") or "")) for m in body.get("messages", []))
    message: dict[str, Any] = {"role": "assistant", "content": None}
    tools = body.get("tools") or []
    if tools:
        name = tools[0].get("function", {}).get("name", "Extraction")
        message["tool_calls"] = [
            {"id": "call_0", "type": "function", "function": {"name": name, "arguments": payload}}
        ]
        finish = "tool_calls" if finish == "stop" else finish
    elif body.get("response_format"):
        message["content"] = payload
    else:
        message["content"] = f"```json\n{payload}\n```"
    return {
        "id": "chatcmpl-mock",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "mock"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": prompt_chars // 4,
            "completion_tokens": len(payload) // 4,
            "total_tokens": prompt_chars // 4 + len(payload) // 4,
            "prompt_tokens_details": {"cached_tokens": cached_chars // 4},
        },
    }


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response(
        {"error": {"message": message, "type": "mock_error", "code": status}}, status=status, headers=headers
    )


def _article(body: dict[str, Any]) -> tuple[str | None, str]:
    """The article id and text found in the request's first user message."""
    for m in body.get("messages", []):
        content = m.get("content")
        if m.get("role") == "user" and isinstance(content, str) and (hit := _ARTICLE.search(content)):
            aid = _ARTICLE_ID.search(content)
            return (aid.group(1).strip() if aid else None), hit.group(2)
    return None, ""


async def reply(state: MockState, body: dict[str, Any], step: dict[str, Any]) -> web.StreamResponse:
    """Turn one planned step (scripted or drawn) into an HTTP response."""
    kind = step.get("fault")
    if "status" in step:
        headers = {k: str(v) for k, v in step.get("headers", {}).items()}
        state.count(f"http_{step['status']}")
        return _error(int(step["status"]), step.get("message", "mock failure"), headers)
    if kind == "hang":
        state.count("hang")
        await asyncio.sleep(step.get("seconds", state.faults.hang_s))
        return _error(504, "mock hang ended")
    if kind == "malformed":
        state.count("malformed")
        return web.json_response(_completion(body, '{"actors": [{"name": "unterminated'))
    if kind == "schema_invalid":
        state.count("schema_invalid")
        return web.json_response(_completion(body, json.dumps({"actors": "not a list", "events": 7})))
    if kind == "length":
        state.count("length")
        return web.json_response(_completion(body, '{"actors": [', finish="length"))
    aid, text = _article(body)
    if "content" in step:
        content = step["content"]
        payload = content if isinstance(content, str) else json.dumps(content)
        state.count("scripted")
        finish = str(step.get("finish", "stop"))  # "length": the answer is cut, as a model at its limit
        return web.json_response(
            _completion(body, payload, finish=finish, cached_chars=_prefix_chars(body, state.prefixes))
        )
    payload = state.answer_for(aid, text, reask=len(body.get("messages", [])) > 2)  # system, user, then the re-ask
    if kind == "hallucinate":
        data = json.loads(payload)
        data.setdefault("quotes", []).append(
            {"text": HALLUCINATED_QUOTE, "speaker": None, "kind": "direct", "evidence": []}
        )
        payload = json.dumps(data)
        state.count("hallucinate")
    else:
        state.count("ok")
    return web.json_response(_completion(body, payload, cached_chars=_prefix_chars(body, state.prefixes)))


def draw(state: MockState) -> dict[str, Any]:
    """A random fault step (or a normal answer) at the configured rates."""
    f = state.faults
    r = state.rng.random()
    for rate, step in (
        (f.rate_limit, {"status": 429, "headers": {"Retry-After": f"{f.retry_after_s:g}"}, "message": "rate limited"}),
        (f.server_error, {"status": 500, "message": "internal error"}),
        (f.hang, {"fault": "hang"}),
        (f.malformed, {"fault": "malformed"}),
        (f.schema_invalid, {"fault": "schema_invalid"}),
        (f.hallucinate, {"fault": "hallucinate"}),
    ):
        if r < rate:
            return step
        r -= rate
    return {}


async def _chat(request: web.Request) -> web.StreamResponse:
    state: MockState = request.app[STATE]
    state.requests += 1
    try:
        body = await request.json()
    except json.JSONDecodeError:
        return _error(400, "request body is not JSON")
    state.log.append(
        {
            "model": body.get("model"),
            "temperature": body.get("temperature"),
            "tools": bool(body.get("tools")),
            "response_format": (body.get("response_format") or {}).get("type"),
            "messages": len(body.get("messages", [])),
            "last_message": str(body.get("messages", [{}])[-1].get("content", ""))[:2000],
            "authorization": "present" if request.headers.get("Authorization") else "absent",
        }
    )
    step = state.script.popleft() if state.script else draw(state)
    if state.latency_s:
        await asyncio.sleep(state.latency_s)
    return await reply(state, body, step)


async def _script(request: web.Request) -> web.Response:
    state: MockState = request.app[STATE]
    steps = await request.json()
    state.script.extend(steps if isinstance(steps, list) else [steps])
    return web.json_response({"queued": len(state.script)})


async def _stats(request: web.Request) -> web.Response:
    state: MockState = request.app[STATE]
    return web.json_response({"requests": state.requests, "outcomes": state.by_outcome, "log": list(state.log)})


async def _models(request: web.Request) -> web.Response:
    return web.json_response({"object": "list", "data": [{"id": "mock", "object": "model"}]})


def make_app(state: MockState) -> web.Application:
    """The aiohttp application; routes under /v1 like the real API, test controls under /_mock."""
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app[STATE] = state
    app.router.add_post("/v1/chat/completions", _chat)
    app.router.add_get("/v1/models", _models)
    app.router.add_post("/_mock/script", _script)
    app.router.add_get("/_mock/stats", _stats)
    from pipeline.testing.mock_batch import add_batch_routes  # late: mock_batch imports this module
    add_batch_routes(app)
    return app


async def serve(state: MockState, host: str = "127.0.0.1", port: int = 0) -> tuple[web.AppRunner, int]:
    """Start serving; return the runner (to clean up) and the bound port."""
    runner = web.AppRunner(make_app(state), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1] if runner.addresses else port
    return runner, int(bound)


@contextmanager
def running_mock(state: MockState | None = None) -> Iterator[tuple[str, MockState]]:
    """Run a mock server on a free loopback port in a background thread; yield its base URL.

    For tests and benchmarks: ``with running_mock(MockState(latency_s=0.2)) as (url, state): ...``.
    """
    state = state or MockState()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    box: dict[str, Any] = {}

    def run() -> None:
        asyncio.set_event_loop(loop)
        box["runner"], box["port"] = loop.run_until_complete(serve(state))
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name="newsfacts-mock-llm", daemon=True)
    thread.start()
    if not ready.wait(10):
        raise RuntimeError("mock model server did not start within 10 s")
    try:
        yield f"http://127.0.0.1:{box['port']}/v1", state
    finally:
        asyncio.run_coroutine_threadsafe(box["runner"].cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
