"""Throughput of the local engine and the Ray engine (1 and 2 workers) against the mock model.

Usage: ``python -m evals.bench_ray N CONCURRENCY`` (e.g. ``100 1`` and ``600 8``). Starts a
``newsfacts mock-llm --latency 0.2`` process per run and writes its scratch files
(``bench-*.jsonl``, ``bench-ray*/``) in the current folder.
"""

import asyncio
import contextlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import ray

from pipeline.engines.local import run_batch
from pipeline.engines.ray_cluster import run_ray
from pipeline.extract.settings import ExtractConfig, LLMSettings
from pipeline.io.articles import load_articles

N, C = int(sys.argv[1]), int(sys.argv[2])
seeds = list(load_articles(["seeds/"]))
src = Path("bench-articles.jsonl")
with open(src, "w") as fh:
    for i in range(N):
        fh.write(json.dumps({"text": f"Report {i}.\n\n" + seeds[i % len(seeds)].text, "published_at": "2025-03-14"}) + "\n")

@contextlib.contextmanager
def mock():
    p = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "mock-llm", "--port", "0", "--latency", "0.2"],
                         stderr=subprocess.PIPE, text=True)
    try:
        yield re.search(r"(http://\S+)", p.stderr.readline()).group(1)
    finally:
        p.terminate(); p.wait()

def cfg(url):
    return ExtractConfig(backend="llm", llm=LLMSettings(base_url=url, model="mock"), cache_path=None, concurrency=C)

def report(name, s, dt):
    print(f"N={N} concurrency={C} {name}: {s.articles} ok, {s.failed} failed, {dt:.1f} s, {s.articles/dt:.1f} articles/s")

with mock() as url:
    t = time.perf_counter()
    s = asyncio.run(run_batch(load_articles([str(src)]), Path("bench-local.jsonl"), cfg(url), overwrite=True, progress=False))
    report("local engine", s, time.perf_counter() - t)
ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
for workers in (1, 2):
    with mock() as url:
        t = time.perf_counter()
        s = run_ray(load_articles([str(src)]), Path(f"bench-ray{workers}"), cfg(url), workers=workers, block_size=16, overwrite=True)
        report(f"ray engine, {workers} worker(s)", s, time.perf_counter() - t)
