"""Throughput benchmark against the mock model: python -m evals.bench [--articles N] [--json PATH].

The mock model runs in its own process (``newsfacts mock-llm``) with a fixed
latency, so its CPU never competes with the client for the GIL. The same
synthetic articles then go through:

* the real pipeline (``run_batch`` with the model backend: instructor,
  grounding, JSONL writing; cache off), in one process and with
  ``--workers`` processes;
* a plain sequential instructor loop (fewer articles: it is slow by design);
* a plain ``asyncio.gather`` + semaphore instructor loop;
* the bare ``openai`` client without instructor (same concurrency), parsing
  the answer with pydantic.

Each row reports articles/s, the ideal (concurrency / latency, or 1 / latency
when sequential), their ratio, the client's CPU milliseconds per article
(this process plus its finished worker processes), the mock's CPU per
article, and peak memory so far (this process, and the largest worker).

The mock stands in for a remote endpoint, but here it shares the client's
two cores. So by default its answers are computed before the clock starts
(the heuristic's drafts for each article, served as fixtures) and it spends
about a millisecond per request on HTTP and JSON; ``--live-answers`` makes it
run the heuristic per request instead.
``--memory-check`` instead runs the pipeline alone at 1,000 and 20,000
articles, each in a fresh process, and compares their peak memory: the
loader and the writer stream, so it should be flat.

``--realistic`` serves what a real model answers instead (``evals.realistic``):
3 KB articles, answers with missed records, evidence found only after
normalising or cut short, and invented records that are re-asked (most
fixed, some dropped after the last re-ask). Its rows also report requests,
prompt and completion tokens per article and the share of prompt tokens
the server's prefix cache served; the reference row is the bare
``openai`` client sending the pipeline's own first request.

The articles are synthetic (``evals.synth``): this measures plumbing, not
extraction quality. On a shared machine the rate depends on other load; CPU
per article is the steadier figure.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from evals.options import BenchOptions
from evals.realistic import write_fixtures
from pipeline.backends.heuristic.extractor import extract_drafts
from pipeline.core.errors import ConfigError
from pipeline.engines.gc_tuning import tune_for_batch
from schemas import Usage

_LISTENING = re.compile(r"listening on (http://\S+/v1)")


class Row(BaseModel):
    """One measured workload."""

    name: str
    articles: int
    concurrency: int
    seconds: float
    rate: float
    ideal: float
    ratio: float
    workers: int = 1
    cpu_ms_per_article: float
    mock_cpu_ms_per_article: float | None = None
    peak_rss_mb: float
    workers_peak_rss_mb: float | None = None
    failed: int = 0
    requests_per_article: float | None = None
    prompt_tokens_per_article: float | None = None
    completion_tokens_per_article: float | None = None
    cached_share: float | None = Field(default=None, description="Share of prompt tokens served from the prefix cache.")


@dataclass
class Spent:
    """What one workload's run left behind: failed articles and, where the workload counts it, the model usage."""

    failed: int = 0
    usage: Usage | None = None


class MemoryCheck(BaseModel):
    """Peak memory of the pipeline at a small and a large input, each in a fresh process."""

    small_articles: int
    large_articles: int
    small_peak_mb: float
    large_peak_mb: float
    ratio: float


class BenchReport(BaseModel):
    """Everything one run measured, as written to ``--json``."""

    options: BenchOptions
    cpus: int
    load_average: tuple[float, float, float]
    rows: list[Row] = Field(default_factory=list)
    memory: MemoryCheck | None = None


# -- the mock in its own process ------------------------------------------------------------------


@dataclass(frozen=True)
class RunningMock:
    """The mock model in its child process: where it listens and how much CPU it has used."""

    url: str
    pid: int

    def cpu_seconds(self) -> float | None:
        """User + system CPU of the mock process so far (Linux ``/proc``; None elsewhere)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def mock_process(latency: float, fixtures: Path | None = None, timeout: float = 30.0) -> Iterator[RunningMock]:
    """Start ``newsfacts mock-llm`` on a free port in a child process.

    Raises:
        ConfigError: the server did not report its address in time.
    """
    cmd = [sys.executable, "-m", "pipeline.cli", "mock-llm", "--port", "0", "--latency", f"{latency:g}"]
    if fixtures is not None:
        cmd += ["--fixtures", str(fixtures)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        yield RunningMock(_await_url(proc, timeout), proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def _await_url(proc: subprocess.Popen[str], timeout: float) -> str:
    """Read the child's stderr until it names its address (the port is chosen by the OS)."""
    deadline = time.monotonic() + timeout
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            break
        if hit := _LISTENING.search(line):
            return hit.group(1)
    raise ConfigError("the mock model server did not start; run `newsfacts mock-llm --port 0` to see why")


# -- the workloads ----------------------------------------------------------------------------------


def _measure(
    name: str,
    n: int,
    concurrency: int,
    latency: float,
    work: Callable[[], Coroutine[Any, Any, Spent]],
    mock: RunningMock,
    workers: int = 1,
) -> Row:
    """Run one workload to completion and turn its wall and CPU time into a row.

    Client CPU counts this process and the worker processes it started and
    reaped during the workload (``RUSAGE_CHILDREN``; the mock is reaped only
    after every row, so it never counts there).
    """
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    mock_cpu = mock.cpu_seconds()
    wall, cpu = time.perf_counter(), time.process_time()
    spent = asyncio.run(work())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    mock_after = mock.cpu_seconds()
    rate = n / wall if wall else 0.0
    ideal = concurrency / latency if latency else 0.0
    return Row(
        name=name,
        articles=n,
        concurrency=concurrency,
        workers=workers,
        seconds=round(wall, 3),
        rate=round(rate, 2),
        ideal=round(ideal, 2),
        ratio=round(rate / ideal, 3) if ideal else 0.0,
        cpu_ms_per_article=round(cpu * 1000 / n, 2),
        mock_cpu_ms_per_article=(
            round((mock_after - mock_cpu) * 1000 / n, 2) if mock_after is not None and mock_cpu is not None else None
        ),
        peak_rss_mb=round(_peak_rss_mb(), 1),
        workers_peak_rss_mb=round(_peak_rss_mb(resource.RUSAGE_CHILDREN), 1) if workers > 1 else None,
        failed=spent.failed,
        **_per_article(spent.usage, n),
    )


def _per_article(usage: Usage | None, n: int) -> dict[str, float]:
    """Requests and tokens per article, and the cached share of prompt tokens, when the workload counted them."""
    if usage is None:
        return {}
    return {
        "requests_per_article": round(usage.requests / n, 3),
        "prompt_tokens_per_article": round(usage.prompt_tokens / n, 1),
        "completion_tokens_per_article": round(usage.completion_tokens / n, 1),
        "cached_share": round(usage.cached_prompt_tokens / usage.prompt_tokens, 3) if usage.prompt_tokens else 0.0,
    }


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory of this process, or of its largest reaped child (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


async def _pipeline(url: str, o: BenchOptions, out: Path, workers: int = 1) -> Spent:
    """The real pipeline: run_batch with the model backend, JSONL writing, no cache, in ``workers`` processes."""
    from pipeline.engines.local import run_batch
    from pipeline.extract.settings import ExtractConfig, LLMSettings

    config = ExtractConfig(
        backend="llm",
        llm=LLMSettings(base_url=url, model="mock"),
        cache_path=None,
        concurrency=o.concurrency,
        workers=workers,
    )
    with _batch_gc():
        summary = await run_batch(o.make_articles(o.articles), out, config, overwrite=True, progress=False)
    return Spent(summary.failed, summary.usage)


@contextmanager
def _batch_gc() -> Iterator[None]:
    """The collector settings ``newsfacts extract`` runs with, then the defaults again for the next row."""
    threshold = gc.get_threshold()
    tune_for_batch()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def _clients(url: str) -> tuple[Any, Any]:
    """A plain ``instructor.from_openai`` client and the openai client under it (to close)."""
    import instructor
    import openai

    raw = openai.AsyncOpenAI(base_url=url, api_key="sk-bench", max_retries=0)
    return instructor.from_openai(raw), raw


async def _instructor_sequential(url: str, o: BenchOptions, n: int) -> Spent:
    """A plain instructor loop, one article at a time: the baseline a script would write."""
    from pipeline.extract.prompt import load_prompt
    from schemas import Extraction

    (client, raw), prompt = _clients(url), load_prompt()
    for a in o.make_articles(n):
        await client.chat.completions.create(
            model="mock", response_model=Extraction, messages=prompt.render(a.id, a.text, None), max_retries=0
        )
    await raw.close()
    return Spent()


async def _instructor_gathered(url: str, o: BenchOptions) -> Spent:
    """A plain instructor loop under ``asyncio.gather`` and a semaphore."""
    from pipeline.extract.prompt import load_prompt
    from schemas import Extraction

    (client, raw), prompt, sem = _clients(url), load_prompt(), asyncio.Semaphore(o.concurrency)

    async def one(article_id: str, text: str) -> None:
        async with sem:
            await client.chat.completions.create(
                model="mock", response_model=Extraction, messages=prompt.render(article_id, text, None), max_retries=0
            )

    await asyncio.gather(*(one(a.id, a.text) for a in o.make_articles(o.articles)))
    await raw.close()
    return Spent()


async def _bare_openai(url: str, o: BenchOptions) -> Spent:
    """The ``openai`` client alone, sending the pipeline's first request (same prompt, same wire schema).

    The answer is parsed by pydantic and nothing more: no grounding, no
    re-ask, no writing. Its usage is counted like the pipeline's, so the two
    rows compare per article.
    """
    import openai

    from pipeline.extract.prompt import load_prompt
    from pipeline.extract.wire_schema import wire_schema
    from schemas import Extraction

    client = openai.AsyncOpenAI(base_url=url, api_key="sk-bench", max_retries=0)
    create: Any = client.chat.completions.create
    prompt, sem, usage = load_prompt(), asyncio.Semaphore(o.concurrency), Usage()
    schema = wire_schema()
    function = {"name": "Extraction", "description": schema.get("description", ""), "parameters": schema}
    tools, choice = [{"type": "function", "function": function}], "required"

    async def one(article_id: str, text: str) -> None:
        async with sem:
            reply = await create(model="mock", messages=prompt.render(article_id, text, None), tools=tools, tool_choice=choice)
            Extraction.model_validate_json(reply.choices[0].message.tool_calls[0].function.arguments)
            details = reply.usage.prompt_tokens_details
            usage.add(
                Usage(
                    requests=1,
                    prompt_tokens=reply.usage.prompt_tokens,
                    completion_tokens=reply.usage.completion_tokens,
                    cached_prompt_tokens=(details.cached_tokens or 0) if details else 0,
                )
            )

    await asyncio.gather(*(one(a.id, a.text) for a in o.make_articles(o.articles)))
    await client.close()
    return Spent(usage=usage)


# -- the run ------------------------------------------------------------------------------------------


def run_bench(options: BenchOptions | None = None) -> BenchReport:
    """Measure the pipeline (and the baselines) against a mock model in its own process.

    Args:
        options: Sizes, concurrency and latency; defaults when None. With
            ``memory_check``, instead of the throughput rows, compare peak memory
            at 1,000 and 20,000 articles (``articles`` is ignored). ``json_out``
            is for the caller, which writes the report there.

    Raises:
        ConfigError: the mock model server could not be started.
    """
    o = options or BenchOptions()
    report = BenchReport(options=o, cpus=os.cpu_count() or 1, load_average=os.getloadavg())
    if o.memory_check:
        report.options = o.model_copy(update={"live_answers": True, "workers": 1})  # what the children run
        report.memory = _memory_check(o)
        return report
    n, c, lat = o.articles, o.concurrency, o.latency
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as tmp:
        fixtures = _answers(Path(tmp) / "answers", o)
        out = Path(tmp) / "out.jsonl"
        with mock_process(lat, fixtures) as mock:
            url = mock.url
            report.rows.append(_measure("pipeline (run_batch)", n, c, lat, lambda: _pipeline(url, o, out), mock))
            if o.workers > 1:
                w = o.workers
                report.rows.append(
                    _measure(
                        f"pipeline, {w} worker processes", n, c, lat,
                        lambda: _pipeline(url, o, out, w), mock, workers=w,
                    )
                )
            if o.baselines:
                m = o.sequential_articles
                report.rows += [
                    _measure("instructor, sequential", m, 1, lat, lambda: _instructor_sequential(url, o, m), mock),
                    _measure("instructor, gather+semaphore", n, c, lat, lambda: _instructor_gathered(url, o), mock),
                    _measure("openai client, no instructor", n, c, lat, lambda: _bare_openai(url, o), mock),
                ]
    return report


def _answers(folder: Path, o: BenchOptions) -> Path | None:
    """Write the mock's answer for each article before any timing; None when the mock computes them live.

    Realistic: the flawed answers of ``evals.realistic``; otherwise the
    heuristic's drafts as they are.
    """
    if o.realistic:
        write_fixtures(o.make_articles(o.articles), folder, o.seed)
        return folder
    if o.live_answers:
        return None
    folder.mkdir(parents=True)
    for article in o.make_articles(o.articles):
        draft = extract_drafts(article.text).model_dump(mode="json")
        (folder / f"{article.id}.json").write_text(json.dumps({"extraction": draft}), encoding="utf-8")
    return folder


def _memory_check(o: BenchOptions, small: int = 1_000, large: int = 20_000) -> MemoryCheck:
    """Peak memory of the pipeline alone at two sizes, each in a fresh process (ru_maxrss never falls)."""
    peaks = [_child_peak(o, n) for n in (small, large)]
    return MemoryCheck(
        small_articles=small,
        large_articles=large,
        small_peak_mb=peaks[0],
        large_peak_mb=peaks[1],
        ratio=round(peaks[1] / peaks[0], 3),
    )


def _child_peak(o: BenchOptions, n: int) -> float:
    """Run the one-process pipeline row alone in a fresh process and read its peak memory."""
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as tmp:
        target = Path(tmp) / "row.json"
        cmd = [
            sys.executable, "-m", "evals.bench", "--articles", str(n), "--concurrency", str(o.concurrency),
            "--latency", f"{o.latency:g}", "--seed", str(o.seed), "--no-baselines", "--workers", "1",
            "--live-answers", "--json", str(target),
        ]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        data = json.loads(target.read_text(encoding="utf-8"))
    return float(data["rows"][0]["peak_rss_mb"])


def format_report(report: BenchReport) -> str:
    """The report as a plain-text table (what ``newsfacts bench`` prints)."""
    o = report.options
    head = f"mock latency {o.latency:g}s, concurrency {o.concurrency}, {report.cpus} CPUs"
    answers = "realistic (flawed, 3 KB articles)" if o.realistic else "live heuristic" if o.live_answers else "precomputed"
    lines = [f"{head}, load average {report.load_average[0]:.2f}, mock answers {answers}"]
    if report.rows:
        lines.append(
            f"{'workload':<32} {'articles':>8} {'conc':>5} {'art/s':>8} {'ideal':>7} {'ratio':>6} "
            f"{'cpu ms/art':>10} {'mock ms/art':>11} {'peak MB':>8} {'failed':>6} "
            f"{'req/art':>7} {'prompt/art':>10} {'compl/art':>9} {'cached':>6}"
        )
        for r in report.rows:
            mock = f"{r.mock_cpu_ms_per_article:.2f}" if r.mock_cpu_ms_per_article is not None else "-"
            children = f"+{r.workers_peak_rss_mb:.0f}x{r.workers - 1}" if r.workers_peak_rss_mb else ""
            peak = f"{r.peak_rss_mb:.1f}{children}"
            lines.append(
                f"{r.name:<32} {r.articles:>8} {r.concurrency:>5} {r.rate:>8.1f} {r.ideal:>7.1f} "
                f"{r.ratio:>6.2f} {r.cpu_ms_per_article:>10.2f} {mock:>11} {peak:>8} {r.failed:>6} "
                f"{_cell(r.requests_per_article, 7, '.2f')} {_cell(r.prompt_tokens_per_article, 10, '.0f')} "
                f"{_cell(r.completion_tokens_per_article, 9, '.0f')} {_cell(r.cached_share, 6, '.0%')}"
            )
    if (m := report.memory) is not None:
        lines.append(
            f"peak memory: {m.small_articles} articles {m.small_peak_mb:.1f} MB, "
            f"{m.large_articles} articles {m.large_peak_mb:.1f} MB (ratio {m.ratio:.3f})"
        )
    return "\n".join(lines)


def _cell(value: float | None, width: int, spec: str) -> str:
    return f"{value:>{width}{spec}}" if value is not None else f"{'-':>{width}}"


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: parse flags, run, print the table, optionally write JSON."""
    p = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=10_000)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--latency", type=float, default=0.2)
    p.add_argument("--sequential-articles", type=int, default=50)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=2, help="Processes for the second pipeline row (1: none).")
    p.add_argument("--no-baselines", action="store_true", help="Measure only the pipeline.")
    p.add_argument("--live-answers", action="store_true", help="The mock runs the heuristic per request.")
    p.add_argument("--realistic", action="store_true", help="3 KB articles, flawed answers, re-asks (evals.realistic).")
    p.add_argument("--memory-check", action="store_true", help="Peak memory at 1,000 vs 20,000 articles.")
    p.add_argument("--json", type=Path, default=None, help="Also write the report as JSON here.")
    a = p.parse_args(argv)
    options = BenchOptions(
        articles=a.articles, concurrency=a.concurrency, latency=a.latency,
        sequential_articles=a.sequential_articles, baselines=not a.no_baselines, seed=a.seed,
        workers=a.workers, live_answers=a.live_answers, realistic=a.realistic, memory_check=a.memory_check,
        json_out=a.json,
    )
    report = run_bench(options)
    print(format_report(report))
    if options.json_out is not None:
        options.json_out.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
