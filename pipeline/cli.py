"""The ``newsfacts`` command: a thin typer layer over the library.

Each command parses flags, calls one public library function and formats the
result. Library errors become ``Error: ...`` with exit code 1; bad flag
values become usage errors with exit code 2. ``--traceback`` re-raises.
"""

from __future__ import annotations

import json
import sys

import typer

from pipeline.errors import NewsfactsError

app = typer.Typer(
    name="newsfacts",
    help="Grounded Event, Actor, Quote and Agreement records from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state: dict[str, bool] = {"traceback": False}


@app.callback()
def _root(
    traceback: bool = typer.Option(False, "--traceback", help="Show the full traceback on errors."),
) -> None:
    """Grounded Event, Actor, Quote and Agreement records from news articles."""
    _state["traceback"] = traceback


@app.command()
def schema() -> None:
    """Print the JSON Schema of one output line."""
    from schemas import ArticleResult

    typer.echo(json.dumps(ArticleResult.model_json_schema(), indent=2))


def main() -> None:
    """Console-script entry point: run the app, turning library errors into one line."""
    try:
        app()
    except NewsfactsError as exc:
        if _state["traceback"]:
            raise
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(1)
