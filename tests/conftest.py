"""Shared fixtures: isolation from the user's environment, and a mock model on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.testing.mock_server import MockState, running_mock

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test in a temporary folder with no model configured from the environment.

    The response cache defaults to ``.newsfacts/`` under the current folder, so
    this also keeps tests from sharing (or polluting) a cache.
    """
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "NEWSFACTS_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def mock_llm() -> Iterator[tuple[str, MockState]]:
    """A fresh mock model server; yields (base_url, state) — push replies onto ``state.script``."""
    with running_mock(MockState()) as served:
        yield served
