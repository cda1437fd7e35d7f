"""Which structured-output mode an endpoint actually supports, found by trying each one.

Servers differ (llama.cpp takes ``json_schema`` grammars, llama-cpp-python
only ``json_object``, Ollama's tool calls depend on the model), and the
failure a wrong mode gives is often an HTTP 500 or an answer without a tool
call. ``probe`` sends one tiny article in every mode through the real
pipeline (prompt, instructor, grounding) and reports what worked, how fast
and at what token cost; ``recommend`` picks the mode to use, and
``mode_for`` remembers that choice per endpoint and model so ``--mode auto``
probes once, not on every run.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.engines.local import extract_stream
from pipeline.extract.settings import ExtractConfig, LLMSettings
from pipeline.io.articles import Article
from schemas import ArticleMeta, ArticleResult

MODES = ("json_schema", "tools", "json", "md_json")
#: Preference among modes that work: grammar-constrained first, then tool calls, then free JSON.
_PREFERENCE = {mode: rank for rank, mode in enumerate(MODES)}

PROBE_TEXT = (
    "Mayor Ada Brook said on Monday that the city council approved a new bridge over the river.\n"
    '"It is a great day for everyone who crosses it," Brook told reporters at the town hall.\n'
)


@dataclass(frozen=True)
class ProbeResult:
    """How one mode did on the probe article."""

    mode: str
    works: bool
    seconds: float
    requests: int
    prompt_tokens: int
    completion_tokens: int
    records: int
    problem: str | None = None


def probe(settings: LLMSettings, modes: tuple[str, ...] = MODES) -> list[ProbeResult]:
    """Try each mode on the probe article (no cache, one re-ask at most).

    Raises:
        EndpointUnreachable: nothing answers at the endpoint.
    """
    return [_probe_one(settings, mode) for mode in modes]


def _probe_one(settings: LLMSettings, mode: str) -> ProbeResult:
    llm = settings.model_copy(update={"mode": mode, "max_reasks": min(settings.max_reasks, 1)})
    config = ExtractConfig(backend="llm", llm=llm, cache_path=None, concurrency=1)
    article = Article(id=f"probe-{mode}", source="probe", text=PROBE_TEXT, metadata=ArticleMeta(published_at="2025-03-12"))
    started = time.perf_counter()

    async def run() -> list[object]:
        return [line async for line in extract_stream([article], config)]

    (line,) = asyncio.run(run())  # EndpointUnreachable propagates: nothing to probe
    seconds = round(time.perf_counter() - started, 2)
    if isinstance(line, ArticleResult):
        records = sum(line.records.count().values())
        u = line.usage
        return ProbeResult(mode, records > 0, seconds, u.requests, u.prompt_tokens, u.completion_tokens, records,
                           None if records else "the answer held no grounded record")
    u = getattr(line, "usage", None)
    return ProbeResult(
        mode, False, seconds, getattr(line, "attempts", 0), u.prompt_tokens if u else 0,
        u.completion_tokens if u else 0, 0, str(getattr(line, "error", "failed")),
    )


def recommend(results: list[ProbeResult]) -> str | None:
    """The preferred mode among those that produced grounded records, or None when none did."""
    working = [r for r in results if r.works]
    return min(working, key=lambda r: _PREFERENCE[r.mode]).mode if working else None


def table(results: list[ProbeResult]) -> str:
    """The probe results as a Markdown table."""
    lines = ["| mode | works | seconds | requests | prompt tokens | completion tokens | records | problem |",
             "|---|---|---:|---:|---:|---:|---:|---|"]
    for r in results:
        lines.append(
            f"| {r.mode} | {'yes' if r.works else 'no'} | {r.seconds:.1f} | {r.requests} | {r.prompt_tokens} |"
            f" {r.completion_tokens} | {r.records} | {(r.problem or '')[:120]} |"
        )
    return "\n".join(lines)


def mode_for(settings: LLMSettings, store: Path) -> tuple[str, bool]:
    """The mode ``--mode auto`` uses for this endpoint and model, probing once and remembering it.

    Returns:
        (mode, probed now). ``tools`` when no mode worked: its failure then
        says what went wrong, article by article.
    """
    key = f"{settings.base_url or 'openai'} {settings.model}"
    known = _read(store)
    if key in known:
        return str(known[key]["mode"]), False
    results = probe(settings)
    chosen = recommend(results) or "tools"
    known[key] = {"mode": chosen, "probe": [asdict(r) for r in results]}
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_text(json.dumps(known, indent=1) + "\n", encoding="utf-8")
    return chosen, True


def _read(store: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
