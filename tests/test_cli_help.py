"""``newsfacts <command> --help`` as a user reads it in an 80-column terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
import typer

from pipeline.cli import app

COMMANDS = [
    ["extract"], ["review"], ["export"], ["merge"], ["eval"], ["mock-llm"], ["bench"], ["schema"], ["doctor"],
    ["batch", "prepare"], ["batch", "collect"], ["batch", "submit"], ["batch", "status"], ["batch", "fetch"],
]


def _help(*command: str) -> str:
    env = {**os.environ, "COLUMNS": "80", "TERM": "xterm-256color"}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *command, "--help"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _command(*names: str) -> Any:
    """The click command behind ``names`` (typer ships its own click, so no isinstance checks)."""
    command: Any = typer.main.get_command(app)
    for name in names:
        command = command.commands[name]
    return command


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_fits_80_columns_with_every_flag_whole_and_no_bool_metavar(command: list[str]) -> None:
    text = _help(*command)
    assert max(len(line) for line in text.splitlines()) <= 80
    words = set(text.replace(",", " ").split())
    for param in _command(*command).params:
        if param.param_type_name == "option" and not param.hidden:
            for flag in (*param.opts, *param.secondary_opts):
                assert flag in words, f"{flag} is not shown whole"
    assert "<bool>" not in text


def test_help_names_the_environment_variables() -> None:
    text = " ".join(_help("extract").split())
    assert "OpenAI-compatible endpoint [env OPENAI_BASE_URL]." in text
    assert "API key [env OPENAI_API_KEY]; local servers need none." in text
    assert "Model name [env NEWSFACTS_MODEL]." in text


def test_extract_and_batch_collect_take_articles_and_output_the_same_way() -> None:
    for command in (["extract"], ["batch", "collect"]):
        text = " ".join(_help(*command).split())
        assert "Output JSONL (default: stdout)." in text
        assert "--input" not in text
        assert "INPUTS" in text.upper()


def test_extract_flags_are_the_library_options_by_name() -> None:
    """A user reading the library's ExtractOptions knows every flag: --max-chars is max_chars."""
    from pipeline.engines.options import ExtractOptions

    params = {param.name: param for param in _command("extract").params}
    assert set(params) == set(ExtractOptions.model_fields)
    for name, param in params.items():
        if param.param_type_name == "option":
            assert "--" + name.replace("_", "-") in param.opts, name
    assert params["inputs"].param_type_name == "argument"
    assert "-o" in params["output"].opts and "--article-budget" in params["article_timeout"].opts
