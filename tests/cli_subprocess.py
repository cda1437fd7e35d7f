"""Run the installed ``newsfacts`` command in a child process, as a user at a shell would.

CliRunner tests call the typer app in this process; these go through the
console script, its exit code and its real stdout/stderr, so a traceback
printed by the interpreter, a stray file or a wrong exit code is seen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def newsfacts_command() -> list[str]:
    """The console script installed next to this interpreter (``python -m pipeline.cli`` if absent)."""
    script = Path(sys.executable).with_name("newsfacts")
    if script.is_file():
        return [str(script)]
    found = shutil.which("newsfacts")
    return [found] if found else [sys.executable, "-m", "pipeline.cli"]


def run_newsfacts(*args: str, cwd: Path, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``newsfacts ARGS`` in ``cwd`` with no model configured from the environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "NEWSFACTS_MODEL")}
    return subprocess.run(
        [*newsfacts_command(), *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
