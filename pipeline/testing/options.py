"""The options of ``newsfacts mock-llm``: where the mock listens and how it answers.

Kept apart from ``mock_server`` so the CLI builds its flags without importing
aiohttp or the heuristic; ``state()`` turns them into the server's
``MockState`` (``--fault-429`` is ``Faults.rate_limit``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from pipeline.core.options import option

if TYPE_CHECKING:
    from pipeline.testing.mock_server import MockState


class MockOptions(BaseModel):
    """``newsfacts mock-llm``: ``serve(options.state(), port=options.port)``."""

    model_config = ConfigDict(extra="forbid")

    port: int = option(8765, "Port on 127.0.0.1 (0 = any free port).")
    latency: float = option(0.0, "Seconds before each answer.", ge=0)
    fixtures: Path | None = option(None, "Folder of <article_id>.json answers.")
    fault_429: float = option(0.0, "Share of requests answered 429.", ge=0, le=1)
    fault_500: float = option(0.0, "Share answered 500.", ge=0, le=1)
    fault_hang: float = option(0.0, "Share that hang 30 s, then get 504.", ge=0, le=1)
    fault_malformed: float = option(0.0, "Share cut inside their JSON.", ge=0, le=1)
    fault_invalid: float = option(0.0, "Share answered valid JSON of the wrong shape.", ge=0, le=1)
    fault_hallucinate: float = option(0.0, "Share given a quote no article contains.", ge=0, le=1)
    seed: int = option(0, "Seed for the fault draws.")

    def state(self) -> MockState:
        """The server's configuration and counters for these options."""
        from pipeline.testing.mock_server import Faults, MockState

        faults = Faults(
            rate_limit=self.fault_429, server_error=self.fault_500, hang=self.fault_hang,
            malformed=self.fault_malformed, schema_invalid=self.fault_invalid, hallucinate=self.fault_hallucinate,
        )
        return MockState(latency_s=self.latency, fixtures=self.fixtures, seed=self.seed, faults=faults)
