"""Time ``newsfacts export`` on synthetic data: python -m evals.export_bench [--articles N].

Generates N synthetic ArticleResult lines (10 records each: 3 actors, 2
events, 3 quotes, 2 agreements, every one grounded in the line's text) into a
temporary file, exports them into a temporary SQLite file and, when
NEWSFACTS_TEST_POSTGRES_URL is set, into a throw-away PostgreSQL schema, and
prints rows per table, wall seconds and this process's CPU seconds (the
database server's own work is in the wall time only). The data is synthetic: it measures the
plumbing, not extraction quality.
"""

from __future__ import annotations

import argparse
import os
import secrets
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine

from pipeline.outputs.export import count_rows, database_url, export
from schemas import ArticleMeta, ArticleResult, ExtractorInfo

_TEMPLATE = (
    "{p1} of {org} met {p2} in {city} on Monday. Fighters of {org} attacked {city} on Sunday. "
    '{p1} said "we will defend {city} at any cost" and {p2} said "talks with {org} are over". '
    '{p1} added "the ceasefire holds". The two sides signed a truce and agreed to a prisoner swap.'
)


def _span(text: str, part: str, after: int = 0) -> dict[str, object]:
    start = text.index(part, after)
    return {"start": start, "end": start + len(part), "text": part}


def _records(text: str, names: dict[str, str]) -> dict[str, list[dict[str, object]]]:
    p1, p2, org, city = names["p1"], names["p2"], names["org"], names["city"]
    actor = [("a1", p1, "person"), ("a2", p2, "person"), ("a3", org, "armed_group")]
    said = text.index(" said ")
    return {
        "actors": [{"id": i, "name": n, "canonical_name": n, "type": t, "aliases": [n.split()[-1]],
                    "evidence": [_span(text, n)]} for i, n, t in actor],
        "events": [
            {"id": "e1", "type": "meeting", "summary": f"{p1} met {p2}", "date": {"text": "Monday",
             "value": "2025-03-10", "granularity": "day", "anchor": "2025-03-14"}, "location": {"name": city},
             "participants": [{"actor_id": "a1", "role": "partner"}, {"actor_id": "a2", "role": "partner"}],
             "evidence": [_span(text, f"met {p2} in {city} on Monday")]},
            {"id": "e2", "type": "attack", "summary": f"{org} attacked {city}", "date": {"text": "Sunday",
             "value": "2025-03-09", "granularity": "day", "anchor": "2025-03-14"}, "location": {"name": city},
             "participants": [{"actor_id": "a3", "role": "agent"}], "fatalities": 3,
             "evidence": [_span(text, f"Fighters of {org} attacked {city}")]},
        ],
        "quotes": [
            {"id": f"q{k}", "text": q, "speaker_id": s, "kind": "direct", "evidence": [_span(text, q, said)]}
            for k, (q, s) in enumerate([(f"we will defend {city} at any cost", "a1"),
                                        (f"talks with {org} are over", "a2"), ("the ceasefire holds", "a1")], 1)
        ],
        "agreements": [
            {"id": "g1", "parties": ["a1", "a3"], "subject": "truce", "status": "signed",
             "evidence": [_span(text, "signed a truce")]},
            {"id": "g2", "parties": ["a1", "a3"], "subject": "prisoner swap", "status": "proposed",
             "evidence": [_span(text, "agreed to a prisoner swap")]},
        ],
    }


def synthetic_line(i: int) -> ArticleResult:
    """One synthetic article whose names vary with ``i`` so no two lines are alike."""
    names = {"p1": f"Person Alpha{i}", "p2": f"Person Beta{i}", "org": f"Group{i} Front", "city": f"Town{i}"}
    text = _TEMPLATE.format(**names)
    return ArticleResult.model_validate({
        "article_id": f"synthetic{i:06d}", "source": f"synthetic/{i}.txt", "text": text,
        "metadata": ArticleMeta(outlet=f"Outlet {i % 7}", published_at="2025-03-14"),
        "extractor": ExtractorInfo(backend="synthetic", prompt_version="bench", prompt_hash="-"),
        "records": _records(text, names),
    })


def _report(label: str, url: str, path: Path) -> None:
    cpu = time.process_time()
    summary = export(path, url)
    cpu = time.process_time() - cpu
    print(f"{label}: {summary.articles} articles in {summary.seconds:.1f} s wall, {cpu:.1f} s CPU in this "
          f"process ({summary.articles / summary.seconds:.0f} articles/s)")
    for table, n in sorted(count_rows(url).items()):
        if n:
            print(f"  {table:24} {n:>9}")


def _postgres(path: Path) -> None:
    base = database_url(os.environ["NEWSFACTS_TEST_POSTGRES_URL"])
    schema = f"newsfacts_bench_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        _report("postgresql", url.render_as_string(hide_password=False), path)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def main() -> None:
    """Generate, export, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.jsonl"
        started = time.perf_counter()
        with path.open("w", encoding="utf-8") as out:
            for i in range(args.articles):
                out.write(synthetic_line(i).model_dump_json() + "\n")
        print(f"generated {args.articles} synthetic lines in {time.perf_counter() - started:.1f} s")
        _report("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}", path)
        if os.environ.get("NEWSFACTS_TEST_POSTGRES_URL"):
            _postgres(path)
        else:
            print("postgresql: skipped (set NEWSFACTS_TEST_POSTGRES_URL to include it)")


if __name__ == "__main__":
    main()
