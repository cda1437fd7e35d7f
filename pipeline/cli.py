"""The ``newsfacts`` command: a thin typer layer over the library.

Each command is built from one library options model (``command_from``): its
fields are the flags, its checks refuse bad combinations, and the body makes
one library call with it and formats the result. Library errors become
``Error: ...`` with exit code 1; bad flag values become usage errors with
exit code 2. ``--traceback`` re-raises.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
from annotated_types import Ge, Le
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from typer.core import TyperGroup

from evals.options import BenchOptions, EvalOptions
from pipeline.core.errors import ConfigError, NewsfactsError, OptionError
from pipeline.engines.options import (
    BatchCollectOptions,
    BatchFetchOptions,
    BatchPrepareOptions,
    BatchStatusOptions,
    BatchSubmitOptions,
    DoctorOptions,
    EndpointOptions,
    ExtractOptions,
)
from pipeline.outputs.options import ExportOptions, ReviewOptions
from pipeline.story.options import MergeOptions
from pipeline.testing.options import MockOptions


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
    bounds, a ``Literal`` as a choice and a ``bool`` as a switch, so the
    library's options model is the one place a flag is declared. A value the
    model refuses is a usage error naming its flag (``OptionError`` names it
    for checks across fields). The command keeps its model as ``options_model``.
    """

    def decorate(body: Callable[[Any], None]) -> Callable[..., None]:
        def command(**values: Any) -> None:
            try:
                options = model(**values)
            except OptionError as exc:
                raise typer.BadParameter(str(exc), param_hint=exc.option) from None
            except ValidationError as exc:
                error = exc.errors()[0]
                message = str(error["ctx"]["error"]) if error["type"] == "value_error" else error["msg"]
                raise typer.BadParameter(message, param_hint=_hint(model, error["loc"])) from None
            body(options)

        parameters = [_parameter(name, info) for name, info in model.model_fields.items()]
        command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in parameters}
        command.__name__, command.__doc__ = body.__name__, body.__doc__
        command.options_model = model  # type: ignore[attr-defined]
        return command

    return decorate


def _cli(info: FieldInfo) -> dict[str, Any]:
    """What ``pipeline.core.option`` said about the field's flag."""
    return info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}


def _hint(model: type[BaseModel], loc: Sequence[int | str]) -> str | None:
    """How a usage error names a field: ``--flag-name``, or an argument's upper-case name."""
    if not loc or str(loc[0]) not in model.model_fields:
        return None
    name = str(loc[0])
    cli = _cli(model.model_fields[name])
    return str(cli.get("metavar") or name.upper()) if cli.get("argument") else "--" + name.replace("_", "-")


def _parameter(name: str, info: FieldInfo) -> inspect.Parameter:
    """The typer parameter for one options field (see ``pipeline.core.options.option``)."""
    cli = _cli(info)
    checks: dict[str, Any] = {key: cli[key] for key in ("metavar", "dir_okay", "exists") if key in cli}
    for constraint in info.metadata:
        if isinstance(constraint, Ge):
            checks["min"] = constraint.ge
        elif isinstance(constraint, Le):
            checks["max"] = constraint.le
    default = ... if info.is_required() else info.get_default(call_default_factory=True)
    flag = "--" + name.replace("_", "-")
    if cli.get("argument"):
        param = typer.Argument(default, help=info.description, **checks)
    elif info.annotation in (bool, bool | None) and default is not False:  # on, off (or decided at run time)
        param = typer.Option(default, f"{flag}/--no-{flag[2:]}", *cli.get("aliases", ()), help=info.description)
    else:  # a bool defaulting to False is a plain flag
        param = typer.Option(default, flag, *cli.get("aliases", ()), help=info.description, **checks)
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
@command_from(DoctorOptions)
def doctor(options: DoctorOptions) -> None:
    """Try every --mode on a tiny article against the endpoint and recommend the one that works."""
    from pipeline.engines.doctor import probe, recommend, table
    from pipeline.engines.run import llm_settings

    configured, settings = llm_settings(
        options, "tools", request_timeout_s=options.timeout, article_budget_s=options.article_timeout
    )
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
@command_from(MockOptions)
def mock_llm(options: MockOptions) -> None:
    """Serve an OpenAI-compatible mock model on loopback (for tests, CI and benchmarks)."""
    import asyncio

    from pipeline.testing.mock_server import serve

    async def forever() -> None:
        runner, bound = await serve(options.state(), port=options.port)
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
@command_from(BenchOptions)
def bench(options: BenchOptions) -> None:
    """Measure throughput against a mock model in its own process; print a table."""
    from evals.bench import format_report, run_bench

    report = run_bench(options)
    typer.echo(format_report(report))
    _write(options.json_out, report.model_dump_json(indent=2) + "\n")


@app.command()
@command_from(ReviewOptions)
def review(options: ReviewOptions) -> None:
    """Write one self-contained HTML page with every article's evidence highlighted."""
    from pipeline.outputs.review import render_review

    jsonl, output = options.jsonl, options.output
    page = render_review(
        sys.stdin.buffer if str(jsonl) == "-" else jsonl, story=options.story, eval_report=options.eval_report
    )
    if output is None:
        sys.stdout.write(page.html)
    else:
        _write(output, page.html, "-o path")
    extras = [x for x, on in (("story", page.story), ("eval marks", page.evaluated)) if on]
    typer.echo(
        f"review: {page.articles} articles, {page.spans} highlighted spans"
        + (f", with {' and '.join(extras)}" if extras else "")
        + (f" -> {output}" if output else ""),
        err=True,
    )


@app.command("export")
@command_from(ExportOptions)
def export_cmd(options: ExportOptions) -> None:
    """Write extraction records (and merged stories) into SQLite or PostgreSQL tables, in one transaction."""
    from pipeline.outputs.export import ddl, export

    if options.ddl:
        sys.stdout.write(ddl(options.db))
        return
    summary = export(options.jsonl, db=options.db, story=options.story, batch_size=options.batch_size)
    counts = ", ".join(f"{name} {n}" for name, n in summary.rows.items())
    typer.echo(f"export: {summary.articles} articles, {summary.stories} stories in {summary.seconds:.1f} s "
               f"-> {summary.url} ({counts or 'no rows'})", err=True)
    if summary.missing_sources:
        typer.echo(f"warning: {summary.missing_sources} story sources name records not in the database; "
                   "export the JSONL the story was merged from", err=True)


@app.command()
@command_from(MergeOptions)
def merge(options: MergeOptions) -> None:
    """Group articles into stories; merge actors, events, quotes and agreements; keep disagreements as claims."""
    import time

    from pipeline.io.results import read_results
    from pipeline.story.merge import iter_entity_lines, merge_articles, read_inputs

    started, source, output = time.perf_counter(), options.source, options.output
    result = merge_articles(read_results(sys.stdin.buffer, "<stdin>") if source == "-" else read_inputs(Path(source)))
    if options.jsonl:
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
@command_from(EvalOptions)
def eval_cmd(options: EvalOptions) -> None:
    """Score extraction JSONL against hand-labelled gold (or check the gold with --check-gold)."""
    if options.merged is not None:
        _eval_merged(options, options.merged)
    elif options.check_gold:
        _check_gold(options)
    else:
        _eval_extraction(options)


def _eval_merged(options: EvalOptions, merged: Path) -> None:
    """``eval --merged``: the story file's clusters and claims against ``<gold>/merge/``."""
    from evals.merge_score import evaluate_merge, render_merge_markdown, scores_json

    scores = evaluate_merge(merged, options.gold[0], options.predictions)
    _write(options.json_out, scores_json(scores))
    typer.echo(render_merge_markdown(scores), nl=False)
    worst = min(min(s.actors.f1, s.events.f1, s.claims.f1) for s in scores)
    if options.fail_under is not None and worst < options.fail_under:
        raise NewsfactsError(
            f"merge F1 {worst:.3f} (lowest of actors, events, claims) is under the floor {options.fail_under:.3f}"
        )


def _check_gold(options: EvalOptions) -> None:
    """``eval --check-gold``: every problem on stderr, or the gold's counts."""
    from evals.gold_check import check_gold
    from evals.load import load_gold

    gold = options.gold[0]
    problems = check_gold(gold, options.articles)
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise NewsfactsError(f"{len(problems)} {noun} in the gold under {gold}; fix them and check again")
    loaded = load_gold(gold).values()
    records = sum(sum(g.records.count().values()) for g in loaded)
    spans = sum(len(g.records.spans()) for g in loaded)
    typer.echo(f"gold OK: {len(loaded)} articles, {records} records, {spans} spans")


def _eval_extraction(options: EvalOptions) -> None:
    """``eval PREDICTIONS``: the scores' summary on stdout, the full reports where asked."""
    from evals.report import render_json, render_markdown
    from evals.score import evaluate

    assert options.predictions is not None  # EvalOptions refuses a run with nothing to score
    result = evaluate(
        options.predictions, options.gold,
        threshold=options.threshold, compare=options.compare, articles_dir=options.articles,
    )
    _write(options.json_out, render_json(result))
    _write(options.markdown, render_markdown(result))
    typer.echo(render_markdown(result, max_items=20), nl=False)
    f1 = result.report.overall.f1
    if options.fail_under is not None and f1 < options.fail_under:
        raise NewsfactsError(f"overall F1 {f1:.3f} is under the floor {options.fail_under:.3f}")


def _write(path: Path | None, text: str, what: str = "path") -> None:
    """Write a report or result file, making missing folders as extract does; a failure names the path."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise NewsfactsError(f"cannot write {path}: {exc.strerror}; choose another {what}") from exc


batch_app = typer.Typer(
    help="Run extraction through the OpenAI Batch API: prepare, submit, status, fetch, collect.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(batch_app, name="batch")


def _batch_config(model: str | None, mode: str, max_chars: int, max_tokens: int = 4096, max_records: int = 200) -> Any:
    """The ExtractConfig prepare and collect share, so both see the same chunks and provenance."""
    from pipeline.engines.run import llm_settings
    from pipeline.extract.settings import ExtractConfig

    _, settings = llm_settings(EndpointOptions(model=model), mode, max_tokens=max_tokens)
    return ExtractConfig(backend="llm", llm=settings, max_chars=max_chars, max_records=max_records, cache_path=None)


@batch_app.command("prepare")
@command_from(BatchPrepareOptions)
def batch_prepare(options: BatchPrepareOptions) -> None:
    """Write one Batch API chat-completions request per article (per chunk for long ones)."""
    import asyncio

    from pipeline.engines.batch_api import prepare_requests
    from pipeline.io.articles import load_articles

    o = options
    config = _batch_config(o.model, o.mode, o.max_chars, max_tokens=o.max_tokens)
    items = load_articles(o.inputs, published_at=o.published_at)
    summary = asyncio.run(prepare_requests(items, o.output, config, errors=o.errors))
    typer.echo(summary.text() + f" -> {o.output}", err=True)


@batch_app.command("collect")
@command_from(BatchCollectOptions)
def batch_collect(options: BatchCollectOptions) -> None:
    """Ground the batch's answers into output lines exactly as a live run would."""
    import asyncio

    from pipeline.engines.batch_api import collect_results
    from pipeline.io.articles import load_articles

    o = options
    config = _batch_config(o.model, o.mode, o.max_chars, max_records=o.max_records)
    items = load_articles(o.inputs or [], published_at=o.published_at)
    summary = asyncio.run(collect_results(items, o.results, o.output, config, errors=o.errors, overwrite=o.overwrite))
    typer.echo(summary.text(), err=True)


def _endpoint(options: BatchSubmitOptions | BatchStatusOptions | BatchFetchOptions) -> Any:
    """The endpoint's settings for ``submit``, ``status`` and ``fetch``: flags first, then the environment."""
    from pipeline.engines.run import llm_settings

    return llm_settings(EndpointOptions(base_url=options.base_url, api_key=options.api_key))[1]


def _report(stdout: str | None, stderr: str) -> None:
    """What ``submit``, ``status`` and ``fetch`` print: a line for stdout (or none) and one for stderr."""
    if stdout is not None:
        typer.echo(stdout)
    typer.echo(stderr, err=True)


@batch_app.command("submit")
@command_from(BatchSubmitOptions)
def batch_submit(options: BatchSubmitOptions) -> None:
    """Upload the requests and create a 24-hour batch; print its id on stdout."""
    from pipeline.engines.batch_api import submit_batch

    info = submit_batch(options.requests, _endpoint(options))
    _report(info.id, info.text())


@batch_app.command("status")
@command_from(BatchStatusOptions)
def batch_status_cmd(options: BatchStatusOptions) -> None:
    """Print the batch's status on stdout and its request counts on stderr."""
    from pipeline.engines.batch_api import batch_status

    info = batch_status(options.batch_id, _endpoint(options))
    _report(info.status, info.text())


@batch_app.command("fetch")
@command_from(BatchFetchOptions)
def batch_fetch(options: BatchFetchOptions) -> None:
    """Download the batch's output and error files into one results file."""
    from pipeline.engines.batch_api import fetch_results

    info = fetch_results(options.batch_id, options.output, _endpoint(options))
    _report(None, info.text() + f" -> {options.output}")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
