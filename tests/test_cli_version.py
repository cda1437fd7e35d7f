"""``newsfacts --version`` as a user runs it."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from tests.cli_subprocess import run_newsfacts


def test_version_prints_the_installed_version_and_exits_zero(tmp_path: Path) -> None:
    done = run_newsfacts("--version", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"newsfacts {version('newsfacts')}\n"
    assert done.stderr == ""
