"""The ``newsfacts`` command: a thin typer layer over the library.

Each command parses flags, calls one public library function and formats the
result. Library errors become ``Error: ...`` with exit code 1; bad flag
values become usage errors with exit code 2. ``--traceback`` re-raises.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from annotated_types import Ge, Le
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from typer.core import TyperGroup

from pipeline.core.errors import ConfigError, NewsfactsError, OptionError
from pipeline.engines.options import EndpointOptions, ExtractOptions


class _Group(TyperGroup):
    """Turns any library error raised by a command into ``Error: ...`` and exit code 1."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OptionError as exc:
            raise typer.BadParameter(str(exc), param_hint=exc.option) from exc
        except NewsfactsError as exc:
            if _state["traceback"]:
                raise
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1) from exc


app = typer.Typer(
    cls=_Group,
    name="newsfacts",
    help="Grounded Event, Actor, Quote and Agreement records from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # click's plain help: Rich markup ate "[env X]", cut long flags at 80 columns, gave flags a <bool>.
    rich_markup_mode=None,
)

_state: dict[str, bool] = {"traceback": False}


def _print_version(value: bool) -> None:
    """``--version``: the installed distribution's version, so it always matches what pip installed."""
    if value:
        from importlib.metadata import version

        typer.echo(f"newsfacts {version('newsfacts')}")
        raise typer.Exit()


@app.callback()
def _root(
    traceback: bool = typer.Option(False, "--traceback", help="Show the full traceback on errors."),
    _version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Grounded Event, Actor, Quote and Agreement records from news articles."""
    _state["traceback"] = traceback


@app.command()
def schema() -> None:
    """Print the JSON Schema of one output line."""
    from schemas import ArticleResult

    typer.echo(json.dumps(ArticleResult.model_json_schema(), indent=2))


def command_from(model: type[BaseModel]) -> Callable[[Callable[[Any], None]], Callable[..., None]]:
    """Decorator: a command whose flags are ``model``'s fields and whose body gets the validated model.

    Each field becomes ``--field-name`` (a positional argument where the field
    says so), with its description as help, its ``ge``/``le`` as the parser's
    bounds and a ``Literal`` as a choice, so the library's options model is the
    one place a flag is declared.
    """

    def decorate(body: Callable[[Any], None]) -> Callable[..., None]:
        def command(**values: Any) -> None:
            try:
                options = model(**values)
            except ValidationError as exc:
                error = exc.errors()[0]
                flag = "--" + str(error["loc"][0]).replace("_", "-") if error["loc"] else None
                raise typer.BadParameter(error["msg"], param_hint=flag) from None
            body(options)

        parameters = [_parameter(name, info) for name, info in model.model_fields.items()]
        command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in parameters}
        command.__name__, command.__doc__ = body.__name__, body.__doc__
        return command

    return decorate


def _parameter(name: str, info: FieldInfo) -> inspect.Parameter:
    """The typer parameter for one options field (see ``pipeline.core.options.option``)."""
    extra: dict[str, Any] = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    bounds: dict[str, Any] = {}
    for constraint in info.metadata:
        if isinstance(constraint, Ge):
            bounds["min"] = constraint.ge
        elif isinstance(constraint, Le):
            bounds["max"] = constraint.le
    default = ... if info.is_required() else info.default
    flag = "--" + name.replace("_", "-")
    if extra.get("argument"):
        param = typer.Argument(default, help=info.description, **bounds)
    elif info.annotation == bool | None:  # three states: on, off, or decided at run time
        param = typer.Option(default, f"{flag}/--no-{flag[2:]}", help=info.description)
    else:
        param = typer.Option(default, flag, *extra.get("aliases", ()), help=info.description, **bounds)
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=param, annotation=info.annotation)


@app.command()
@command_from(ExtractOptions)
def extract(options: ExtractOptions) -> None:
    """Extract grounded records from articles into JSONL, one line per article."""
    from pipeline.engines.run import plan_extract, run_extract
    from pipeline.engines.summary import Summary

    plan = plan_extract(options)
    for note in plan.notes:
        typer.echo(f"newsfacts: {note}", err=True)
    if options.verbose:
        _log_http(plan.config.llm.api_key.get_secret_value())
    else:
        _quiet_instructor()
    summary = Summary()
    try:
        summary = run_extract(plan, summary)
    except KeyboardInterrupt:
        typer.echo(summary.interrupted(resumable=options.output is not None), err=True)
        raise typer.Exit(130) from None
    typer.echo(summary.text(), err=True)
    if summary.articles == 0 and summary.failed > 0:
        raise NewsfactsError(f"no article could be extracted ({summary.failed} failed); reasons in {plan.errors_where}")
    if summary.failed:
        typer.echo(f"failed articles: {summary.failed}, reasons in {plan.errors_where}", err=True)


def _quiet_instructor() -> None:
    """instructor logs each failed call on stderr; the errors file and the summary already say it."""
    import logging

    logging.getLogger("instructor").addHandler(logging.NullHandler())


@app.command()
def doctor(
    base_url: str | None = typer.Option(None, "--base-url", help="OpenAI-compatible endpoint [env OPENAI_BASE_URL]."),
    api_key: str | None = typer.Option(None, "--api-key", help="API key [env OPENAI_API_KEY]; local servers need none."),
    model: str | None = typer.Option(None, "--model", help="Model name [env NEWSFACTS_MODEL]."),
    timeout: float = typer.Option(120.0, "--timeout", min=0.1, help="Seconds per HTTP request."),
    article_timeout: float = typer.Option(200.0, "--article-timeout", min=0.1, help="Seconds per mode."),
) -> None:
    """Try every --mode on a tiny article against the endpoint and recommend the one that works."""
    from pipeline.engines.doctor import probe, recommend, table
    from pipeline.engines.run import llm_settings

    endpoint = EndpointOptions(base_url=base_url, api_key=api_key, model=model)
    configured, settings = llm_settings(endpoint, "tools", request_timeout_s=timeout, article_budget_s=article_timeout)
    if not configured:
        raise ConfigError("doctor needs an endpoint: --base-url or OPENAI_BASE_URL, or --api-key or OPENAI_API_KEY")
    _quiet_instructor()
    results = probe(settings)
    typer.echo(table(results))
    best = recommend(results)
    if best is None:
        raise NewsfactsError("no mode produced a grounded record; see the problems above")
    typer.echo(f"recommended mode: {best}  (newsfacts extract ... --mode {best}, or --mode auto)")


def _log_http(secret: str) -> None:
    """Send the client's HTTP logs to stderr with the key and Authorization values redacted."""
    import logging
    import re

    pattern = re.compile(r"(Bearer\s+)\S+|" + re.escape(secret)) if secret else re.compile(r"(Bearer\s+)\S+")

    class Redact(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            record.msg = pattern.sub(lambda m: (m.group(1) or "") + "[REDACTED]", record.getMessage())
            record.args = None
            return True

    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(Redact())
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    for name in ("openai", "httpx", "instructor", "pipeline"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)


@app.command("mock-llm")
def mock_llm(
    port: int = typer.Option(8765, "--port", help="Port on 127.0.0.1 (0 = any free port)."),
    latency: float = typer.Option(0.0, "--latency", min=0, help="Seconds before each answer."),
    fixtures: Path | None = typer.Option(None, "--fixtures", help="Folder of <article_id>.json answers."),
    fault_429: float = typer.Option(0.0, "--fault-429", min=0, max=1, help="Share of requests answered 429."),
    fault_500: float = typer.Option(0.0, "--fault-500", min=0, max=1),
    fault_hang: float = typer.Option(0.0, "--fault-hang", min=0, max=1),
    fault_malformed: float = typer.Option(0.0, "--fault-malformed", min=0, max=1),
    fault_invalid: float = typer.Option(0.0, "--fault-invalid", min=0, max=1),
    fault_hallucinate: float = typer.Option(0.0, "--fault-hallucinate", min=0, max=1),
    seed: int = typer.Option(0, "--seed", help="Seed for the fault draws."),
) -> None:
    """Serve an OpenAI-compatible mock model on loopback (for tests, CI and benchmarks)."""
    import asyncio

    from pipeline.testing.mock_server import Faults, MockState, serve

    state = MockState(
        latency_s=latency,
        fixtures=fixtures,
        seed=seed,
        faults=Faults(
            rate_limit=fault_429, server_error=fault_500, hang=fault_hang,
            malformed=fault_malformed, schema_invalid=fault_invalid, hallucinate=fault_hallucinate,
        ),
    )

    async def forever() -> None:
        runner, bound = await serve(state, port=port)
        typer.echo(f"mock model listening on http://127.0.0.1:{bound}/v1", err=True)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    try:
        asyncio.run(forever())
    except KeyboardInterrupt:
        pass


@app.command()
def bench(
    articles: int = typer.Option(10_000, "--articles", min=1, help="Synthetic articles through the pipeline."),
    concurrency: int = typer.Option(64, "--concurrency", min=1, help="Articles in flight at once."),
    latency: float = typer.Option(0.2, "--latency", min=0, help="Seconds the mock model waits before each answer."),
    sequential_articles: int = typer.Option(50, "--sequential-articles", min=1, help="Articles for the sequential loop."),
    workers: int = typer.Option(2, "--workers", min=1, help="Processes for the pipeline's second row (1: no second row)."),
    baselines: bool = typer.Option(True, "--baselines/--no-baselines", help="Also time plain instructor and openai loops."),
    live_answers: bool = typer.Option(False, "--live-answers", help="The mock runs the heuristic per request (costs its CPU)."),
    realistic: bool = typer.Option(False, "--realistic", help="3 KB articles and flawed answers: re-asks, drops, tokens."),
    memory_check: bool = typer.Option(False, "--memory-check", help="Peak memory at 1,000 vs 20,000 articles instead."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the results as JSON here."),
) -> None:
    """Measure throughput against a mock model in its own process; print a table."""
    from evals.bench import BenchOptions, format_report, run_bench

    options = BenchOptions(
        articles=articles, concurrency=concurrency, latency=latency,
        sequential_articles=sequential_articles, baselines=baselines, workers=workers, precomputed=not live_answers,
        realistic=realistic,
    )
    report = run_bench(options, memory_check=memory_check)
    typer.echo(format_report(report))
    if json_out is not None:
        json_out.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")


@app.command()
def review(
    jsonl: Path = typer.Argument(..., help="Extraction JSONL (or --engine ray folder) of 'newsfacts extract'; - for stdin."),
    story: Path | None = typer.Option(None, "--story", help="Story JSON written by 'newsfacts merge'.", dir_okay=False),
    eval_report: Path | None = typer.Option(
        None, "--eval", help="JSON report of 'newsfacts eval': marks invented and missed records.", dir_okay=False
    ),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write the HTML here instead of stdout.", dir_okay=False),
) -> None:
    """Write one self-contained HTML page with every article's evidence highlighted."""
    from pipeline.outputs.review import render_review

    page = render_review(sys.stdin.buffer if str(jsonl) == "-" else jsonl, story=story, eval_report=eval_report)
    if output is None:
        sys.stdout.write(page.html)
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(page.html, encoding="utf-8")
        except OSError as exc:
            raise NewsfactsError(f"cannot write {output}: {exc.strerror}; choose another -o path") from exc
    extras = [x for x, on in (("story", page.story), ("eval marks", page.evaluated)) if on]
    typer.echo(
        f"review: {page.articles} articles, {page.spans} highlighted spans"
        + (f", with {' and '.join(extras)}" if extras else "")
        + (f" -> {output}" if output else ""),
        err=True,
    )


@app.command("export")
def export_cmd(
    jsonl: Path | None = typer.Argument(None, help="Extraction JSONL (or --engine ray folder) of 'newsfacts extract'."),
    story: Path | None = typer.Option(None, "--story", help="Story JSON written by 'newsfacts merge'; replaces all stories.", dir_okay=False),
    db: str | None = typer.Option(None, "--db", help="sqlite:///file.db (default: newsfacts.db here) or postgresql://user@host/dbname."),
    ddl: bool = typer.Option(False, "--ddl", help="Print the CREATE TABLE/INDEX statements for --db's dialect; touch no database."),
    batch_size: int = typer.Option(500, "--batch-size", min=1, help="Articles per batch of inserts."),
) -> None:
    """Write extraction records (and merged stories) into SQLite or PostgreSQL tables, in one transaction."""
    from pipeline.outputs.export import ddl as ddl_text
    from pipeline.outputs.export import export as export_records

    if ddl:
        sys.stdout.write(ddl_text(db))
        return
    if jsonl is None and story is None:
        raise typer.BadParameter("give the extraction JSONL, --story FILE, or --ddl", param_hint="JSONL")
    summary = export_records(jsonl, db=db, story=story, batch_size=batch_size)
    counts = ", ".join(f"{name} {n}" for name, n in summary.rows.items())
    typer.echo(f"export: {summary.articles} articles, {summary.stories} stories in {summary.seconds:.1f} s "
               f"-> {summary.url} ({counts or 'no rows'})", err=True)
    if summary.missing_sources:
        typer.echo(f"warning: {summary.missing_sources} story sources name records not in the database; "
                   "export the JSONL the story was merged from", err=True)


@app.command()
def merge(
    source: str = typer.Argument(..., help="Extraction JSONL ('-' for stdin) or --engine ray folder, or a folder of GoldArticle JSON files."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of stdout.", dir_okay=False),
    jsonl: bool = typer.Option(False, "--jsonl", help="One merged entity (or claim) per line instead of one JSON."),
) -> None:
    """Group articles into stories; merge actors, events, quotes and agreements; keep disagreements as claims."""
    import time

    from pipeline.io.results import read_results
    from pipeline.story.merge import iter_entity_lines, merge_articles, read_inputs

    started = time.perf_counter()
    lines = read_results(sys.stdin.buffer, "<stdin>") if source == "-" else read_inputs(Path(source))
    result = merge_articles(lines)
    if jsonl:
        text = "".join(line.model_dump_json() + "\n" for line in iter_entity_lines(result))
    else:
        text = result.model_dump_json(indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)
    counts = {k: sum(len(getattr(s, k)) for s in result.stories) for k in ("actors", "events", "quotes", "claims")}
    typer.echo(
        f"merge: {result.article_count} articles -> {len(result.stories)} stories ("
        + ", ".join(f"{n} {k}" for k, n in counts.items())
        + f") in {time.perf_counter() - started:.2f} s" + (f" -> {output}" if output else ""),
        err=True,
    )


@app.command("eval")
def eval_cmd(
    predictions: Path | None = typer.Argument(None, help="Extraction JSONL (or --engine ray folder) to score."),
    golds: list[Path] = typer.Option([Path("evals/gold")], "--gold", help="Folder of <article_id>.json gold files; repeat to score several sets together."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the full report as JSON here.", dir_okay=False),
    markdown: Path | None = typer.Option(None, "--markdown", help="Write the full Markdown report here.", dir_okay=False),
    fail_under: float | None = typer.Option(None, "--fail-under", min=0, max=1, help="Exit 1 when overall F1 is below this."),
    compare: Path | None = typer.Option(None, "--compare", help="Another extraction JSONL (or folder) to score side by side."),
    threshold: float = typer.Option(0.5, "--threshold", help="Minimum pair similarity (0-1] for a match."),
    check_gold: bool = typer.Option(False, "--check-gold", help="Only check the gold files: spans, references, ids, texts."),
    articles: Path | None = typer.Option(None, "--articles", help="Folder with manifest.jsonl: scores per domain and per story; for --check-gold, the texts to check against (default: seeds/)."),
    merged: Path | None = typer.Option(None, "--merged", help="Score this story JSON from 'newsfacts merge' against <gold>/merge/; PREDICTIONS = the JSONL it was merged from (not needed when merged from gold).", dir_okay=False),
) -> None:
    """Score extraction JSONL against hand-labelled gold (or check the gold with --check-gold)."""
    from evals.report import render_json, render_markdown
    from evals.gold_check import check_gold as find_gold_problems
    from evals.load import load_gold
    from evals.score import evaluate

    if not 0 < threshold <= 1:
        raise typer.BadParameter("use a value above 0 and at most 1, such as 0.5", param_hint="--threshold")
    gold = golds[0]
    if len(golds) > 1 and (check_gold or merged is not None):
        raise typer.BadParameter("--check-gold and --merged take one gold folder", param_hint="--gold")
    if predictions is None and not check_gold and merged is None:
        raise typer.BadParameter("give the extraction JSONL to score, or --check-gold", param_hint="PREDICTIONS")
    if merged is not None:
        from evals.merge_score import evaluate_merge, render_merge_markdown, scores_json

        scores = evaluate_merge(merged, gold, predictions)
        _write(json_out, scores_json(scores))
        typer.echo(render_merge_markdown(scores), nl=False)
        worst = min(min(s.actors.f1, s.events.f1, s.claims.f1) for s in scores)
        if fail_under is not None and worst < fail_under:
            raise NewsfactsError(
                f"merge F1 {worst:.3f} (lowest of actors, events, claims) is under the floor {fail_under:.3f}"
            )
        return
    if check_gold:
        if articles is None and Path("seeds/manifest.jsonl").is_file():
            articles = Path("seeds")
        problems = find_gold_problems(gold, articles)
        for problem in problems:
            typer.echo(problem, err=True)
        if problems:
            noun = "problem" if len(problems) == 1 else "problems"
            raise NewsfactsError(f"{len(problems)} {noun} in the gold under {gold}; fix them and check again")
        loaded = load_gold(gold).values()
        records = sum(sum(g.records.count().values()) for g in loaded)
        spans = sum(len(g.records.spans()) for g in loaded)
        typer.echo(f"gold OK: {len(loaded)} articles, {records} records, {spans} spans")
        return
    assert predictions is not None
    result = evaluate(predictions, golds, threshold=threshold, compare=compare, articles_dir=articles)
    _write(json_out, render_json(result))
    _write(markdown, render_markdown(result))
    typer.echo(render_markdown(result, max_items=20), nl=False)
    f1 = result.report.overall.f1
    if fail_under is not None and f1 < fail_under:
        raise NewsfactsError(f"overall F1 {f1:.3f} is under the floor {fail_under:.3f}")


def _write(path: Path | None, text: str) -> None:
    """Write a report or result file, making missing folders as extract does; a failure names the path."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise NewsfactsError(f"cannot write {path}: {exc.strerror}; choose another path") from exc


batch_app = typer.Typer(
    help="Run extraction through the OpenAI Batch API: prepare, submit, status, fetch, collect.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(batch_app, name="batch")


def _batch_config(model: str | None, mode: str, max_chars: int, max_tokens: int, max_records: int = 200) -> Any:
    """The ExtractConfig prepare and collect share, so both see the same chunks and provenance."""
    from pipeline.extract.settings import ExtractConfig

    if mode not in ("tools", "json_schema", "json", "md_json"):
        raise typer.BadParameter("use tools, json_schema, json or md_json", param_hint="--mode")
    from pipeline.engines.run import llm_settings

    _, settings = llm_settings(EndpointOptions(model=model), mode, max_tokens=max_tokens)
    return ExtractConfig(backend="llm", llm=settings, max_chars=max_chars, max_records=max_records, cache_path=None)


@batch_app.command("prepare")
def batch_prepare(
    inputs: list[str] = typer.Argument(..., help="Files, folders or JSONL files of articles; - for JSONL on stdin."),
    output: Path = typer.Option(..., "--output", "-o", help="Request JSONL to upload.", dir_okay=False),
    errors: Path | None = typer.Option(None, "--errors", help="Errors JSONL (default: <output>.errors.jsonl)."),
    model: str | None = typer.Option(None, "--model", help="Model name [env NEWSFACTS_MODEL]."),
    mode: str = typer.Option("tools", "--mode", help="tools, json_schema, json or md_json."),
    max_chars: int = typer.Option(24_000, "--max-chars", min=500, help="Chunk budget; longer articles become <id>#<n> requests."),
    max_tokens: int = typer.Option(4096, "--max-tokens", min=1, help="Output token limit per request."),
    published_at: str | None = typer.Option(None, "--published-at", help="Publication date for articles that carry none."),
) -> None:
    """Write one Batch API chat-completions request per article (per chunk for long ones)."""
    import asyncio

    from pipeline.engines.batch_api import prepare_requests
    from pipeline.io.articles import load_articles

    config = _batch_config(model, mode, max_chars, max_tokens)
    items = load_articles(inputs, published_at=published_at)
    summary = asyncio.run(prepare_requests(items, output, config, errors=errors))
    typer.echo(summary.text() + f" -> {output}", err=True)


@batch_app.command("collect")
def batch_collect(
    results: Path = typer.Argument(
        ..., metavar="RESULTS", help="Results JSONL written by 'newsfacts batch fetch'.", dir_okay=False
    ),
    inputs: list[str] | None = typer.Argument(
        None, metavar="INPUTS", help="The articles given to prepare (files, folders or JSONL)."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Output JSONL (default: stdout).", dir_okay=False),
    errors: Path | None = typer.Option(None, "--errors", help="Errors JSONL (default: <output>.errors.jsonl)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Write the output again if it exists."),
    model: str | None = typer.Option(None, "--model", help="Model recorded in provenance [env NEWSFACTS_MODEL]."),
    mode: str = typer.Option("tools", "--mode", help="The mode given to prepare."),
    max_chars: int = typer.Option(24_000, "--max-chars", min=500, help="The chunk budget given to prepare."),
    max_records: int = typer.Option(200, "--max-records", min=1, help="Cap on records of one type per article."),
    published_at: str | None = typer.Option(None, "--published-at", help="The publication date given to prepare."),
) -> None:
    """Ground the batch's answers into output lines exactly as a live run would."""
    import asyncio

    from pipeline.engines.batch_api import collect_results
    from pipeline.io.articles import load_articles

    if not inputs:
        raise typer.BadParameter("give the articles given to prepare after RESULTS", param_hint="INPUTS")
    config = _batch_config(model, mode, max_chars, 4096, max_records)
    items = load_articles(inputs, published_at=published_at)
    summary = asyncio.run(collect_results(items, results, output, config, errors=errors, overwrite=overwrite))
    typer.echo(summary.text(), err=True)


#: What ``submit``, ``status`` and ``fetch`` print: a line for stdout (or None) and one for stderr.
_Report = tuple[str | None, str]


def _endpoint_command(name: str) -> Callable[[Callable[..., _Report]], Callable[..., None]]:
    """Decorator: a ``batch`` command that talks to the endpoint, so its two flags and printing live here.

    The body declares only its own arguments, gets the endpoint's settings as
    ``settings`` and returns what to print; ``--base-url`` and ``--api-key``
    follow its arguments, as they did when each command declared them.
    """
    endpoint = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=str | None)
        for name, option in (
            ("base_url", typer.Option(None, "--base-url", help="OpenAI-compatible endpoint [env OPENAI_BASE_URL].")),
            ("api_key", typer.Option(None, "--api-key", help="API key [env OPENAI_API_KEY].")),
        )
    ]

    def decorate(body: Callable[..., _Report]) -> Callable[..., None]:
        def command(base_url: str | None, api_key: str | None, **values: Any) -> None:
            from pipeline.engines.run import llm_settings

            settings = llm_settings(EndpointOptions(base_url=base_url, api_key=api_key))[1]
            stdout, stderr = body(settings=settings, **values)
            if stdout is not None:
                typer.echo(stdout)
            typer.echo(stderr, err=True)

        own = [p for p in inspect.signature(body, eval_str=True).parameters.values() if p.name != "settings"]
        command.__signature__ = inspect.Signature([*own, *endpoint])  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in [*own, *endpoint]}
        command.__name__, command.__doc__ = body.__name__, body.__doc__
        return batch_app.command(name)(command)

    return decorate


@_endpoint_command("submit")
def batch_submit(
    requests: Path = typer.Argument(..., help="Request JSONL written by 'newsfacts batch prepare'.", dir_okay=False),
    *,
    settings: Any,
) -> _Report:
    """Upload the requests and create a 24-hour batch; print its id on stdout."""
    from pipeline.engines.batch_api import submit_batch

    info = submit_batch(requests, settings)
    return info.id, info.text()


_BATCH_ID = typer.Argument(..., help="Id printed by 'newsfacts batch submit'.")


@_endpoint_command("status")
def batch_status_cmd(batch_id: str = _BATCH_ID, *, settings: Any) -> _Report:
    """Print the batch's status on stdout and its request counts on stderr."""
    from pipeline.engines.batch_api import batch_status

    info = batch_status(batch_id, settings)
    return info.status, info.text()


@_endpoint_command("fetch")
def batch_fetch(
    batch_id: str = _BATCH_ID,
    output: Path = typer.Option(..., "--output", "-o", help="Results JSONL for 'newsfacts batch collect'.", dir_okay=False),
    *,
    settings: Any,
) -> _Report:
    """Download the batch's output and error files into one results file."""
    from pipeline.engines.batch_api import fetch_results

    info = fetch_results(batch_id, output, settings)
    return None, info.text() + f" -> {output}"


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
