"""Every command is one library options model: its flags are the model's fields, by name.

A user who reads ``EvalOptions`` knows ``newsfacts eval``'s flags
(``fail_under`` is ``--fail-under``), the spellings they typed before still
work, and a value the model refuses is one ``Error:`` line naming the flag.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from evals.bench import BenchReport
from evals.options import BenchOptions, EvalOptions
from pipeline.cli import app
from pipeline.core.errors import OptionError
from pipeline.outputs.options import ExportOptions
from pipeline.testing.options import MockOptions

runner = CliRunner()


def _commands(group: Any = None, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every leaf command of the app with its names (``("batch", "fetch")``)."""
    group = group or typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found += _commands(command, (*path, name))
        else:
            found.append(((*path, name), command))
    return found


COMMANDS = [(names, command) for names, command in _commands() if names != ("schema",)]


def _cli(model: type, name: str) -> dict[str, Any]:
    extra = model.model_fields[name].json_schema_extra
    return extra if isinstance(extra, dict) else {}


def test_every_command_but_schema_is_built_from_an_options_model() -> None:
    names = {" ".join(n) for n, _ in COMMANDS}
    assert names == {
        "extract", "doctor", "mock-llm", "bench", "review", "export", "merge", "eval",
        "batch prepare", "batch collect", "batch submit", "batch status", "batch fetch",
    }  # fmt: skip
    for names_, command in COMMANDS:
        assert getattr(command.callback, "options_model", None) is not None, names_


@pytest.mark.parametrize("names, command", COMMANDS, ids=[" ".join(n) for n, _ in COMMANDS])
def test_flag_names_are_the_options_model_field_names(names: tuple[str, ...], command: Any) -> None:
    model = command.callback.options_model
    params = {param.name: param for param in command.params}
    assert list(params) == list(model.model_fields), "one parameter per field, in the model's order"
    for name, param in params.items():
        if _cli(model, name).get("argument"):
            assert param.param_type_name == "argument", name
        else:
            assert param.param_type_name == "option", name
            assert "--" + name.replace("_", "-") == param.opts[0], name
            assert set(_cli(model, name)["aliases"]) <= set(param.opts), name


@pytest.mark.parametrize("names, command", COMMANDS, ids=[" ".join(n) for n, _ in COMMANDS])
def test_help_lists_every_flag_of_the_model(names: tuple[str, ...], command: Any) -> None:
    result = runner.invoke(app, [*names, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    words = set(result.stdout.replace(",", " ").split())
    model = command.callback.options_model
    for name, info in model.model_fields.items():
        if not _cli(model, name).get("argument"):
            assert "--" + name.replace("_", "-") in words, name
            assert " ".join(info.description.split()[:3]) in " ".join(result.stdout.split()), name


def _params(*args: str) -> dict[str, Any]:
    """What the parser makes of ``newsfacts ARGS`` (no command runs)."""
    command: Any = typer.main.get_command(app)
    while hasattr(command, "commands"):
        command, args = command.commands[args[0]], args[1:]
    return dict(command.make_context(command.name, list(args)).params)


@pytest.mark.parametrize(
    "args, field, value",
    [
        (["eval", "p.jsonl", "--json", "r.json"], "json_out", Path("r.json")),
        (["eval", "p.jsonl", "--gold", "a", "--gold", "b"], "gold", [Path("a"), Path("b")]),
        (["bench", "--json", "b.json"], "json_out", Path("b.json")),
        (["bench", "--live-answers"], "live_answers", True),
        (["review", "x.jsonl", "--eval", "r.json"], "eval_report", Path("r.json")),
        (["review", "x.jsonl", "-o", "page.html"], "output", Path("page.html")),
        (["merge", "x.jsonl", "-o", "story.json"], "output", Path("story.json")),
        (["batch", "fetch", "b1", "-o", "res.jsonl"], "output", Path("res.jsonl")),
        (["extract", "seeds", "--article-budget", "9"], "article_timeout", 9.0),
    ],
)
def test_the_spellings_users_know_still_work(args: list[str], field: str, value: Any) -> None:
    assert _params(*args)[field] == value


def test_a_switch_that_defaults_on_has_its_no_form() -> None:
    assert _params("bench")["baselines"] is True
    assert _params("bench", "--no-baselines")["baselines"] is False
    assert _params("bench", "--baselines")["baselines"] is True
    assert _params("bench")["live_answers"] is False  # off by default: a plain flag


def test_bench_no_baselines_reaches_the_library(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import evals.bench

    seen: list[BenchOptions] = []

    def fake_run(options: BenchOptions) -> BenchReport:
        seen.append(options)
        return BenchReport(options=options, cpus=1, load_average=(0.0, 0.0, 0.0))

    monkeypatch.setattr(evals.bench, "run_bench", fake_run)
    target = tmp_path / "reports" / "bench.json"
    result = runner.invoke(app, ["bench", "--no-baselines", "--articles", "7", "--json", str(target)])
    assert result.exit_code == 0, result.output
    assert seen == [BenchOptions(baselines=False, articles=7, json_out=target)]
    assert result.stdout.startswith("mock latency 0.2s, concurrency 64")
    written = BenchReport.model_validate_json(target.read_text(encoding="utf-8"))
    assert written.options.baselines is False and "json_out" not in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, message",
    [
        (["eval", "p.jsonl", "--threshold", "0"], "Invalid value for --threshold: use a value above 0 and at most 1"),
        (["eval", "p.jsonl", "--fail-under", "2"], "Invalid value for '--fail-under'"),
        (["eval", "--check-gold", "--gold", "a", "--gold", "b"], "Invalid value for --gold: --check-gold and --merged"),
        (["eval"], "Invalid value for PREDICTIONS: give the extraction JSONL to score, or --check-gold"),
        (["export"], "Invalid value for JSONL: give the extraction JSONL, --story FILE, or --ddl"),
        (["export", "x.jsonl", "--batch-size", "0"], "Invalid value for '--batch-size'"),
        (["bench", "--articles", "0"], "Invalid value for '--articles'"),
        (["mock-llm", "--fault-429", "2"], "Invalid value for '--fault-429'"),
        (["doctor", "--timeout", "0"], "Invalid value for '--timeout'"),
        (["batch", "prepare", "x.txt", "-o", "r.jsonl", "--mode", "xml"],
         "Invalid value for --mode: use tools, json_schema, json or md_json"),
        (["batch", "collect", "r.jsonl", "x.txt", "--mode", "auto"], "Invalid value for --mode: use tools"),
        (["batch", "collect", "r.jsonl"], "Invalid value for INPUTS: give the articles given to prepare after RESULTS"),
        (["review", "x.jsonl", "--eval", "."], "Invalid value for '--eval-report' / '--eval': file '.' is a directory"),
    ],
)
def test_a_bad_value_is_one_error_line_naming_the_flag_and_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith(f"Error: {message}"), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_options_models_refuse_what_cannot_run_in_the_library_too() -> None:
    with pytest.raises(OptionError, match="give the extraction JSONL to score") as no_predictions:
        EvalOptions()
    assert no_predictions.value.option == "PREDICTIONS"
    with pytest.raises(OptionError, match="--story FILE, or --ddl"):
        ExportOptions()
    assert ExportOptions(ddl=True).jsonl is None


def test_check_gold_reads_the_seed_texts_when_no_articles_folder_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert EvalOptions(check_gold=True).articles is None
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "manifest.jsonl").write_text("", encoding="utf-8")
    assert EvalOptions(check_gold=True).articles == Path("seeds")
    assert EvalOptions(check_gold=True, articles=tmp_path).articles == tmp_path


def test_mock_llm_flags_become_the_servers_faults() -> None:
    state = MockOptions(fault_429=0.25, fault_invalid=0.5, latency=0.1, seed=3).state()
    assert (state.faults.rate_limit, state.faults.schema_invalid, state.latency_s, state.seed) == (0.25, 0.5, 0.1, 3)
