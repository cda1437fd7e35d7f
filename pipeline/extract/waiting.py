"""Which model requests are out now: the article, its request number, and since when.

A CPU model server can take minutes per answer; a progress bar that only
moves when an article finishes looks hung. Backends note each request here
as they send it, and the engine's progress display reads the oldest one
("waiting on seed-000 (request 2) 37 s"). It is per process: with
``--workers N`` the children keep their own, and the bar shows finished
articles only.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Waiting:
    """One request the model has not answered yet."""

    article_id: str
    request: int
    since: float

    def seconds(self, now: float | None = None) -> float:
        """Seconds since it was sent (monotonic clock)."""
        return (time.monotonic() if now is None else now) - self.since


class InFlight:
    """The requests out now, keyed by a ticket so two requests of one article stay apart."""

    def __init__(self) -> None:
        self._out: dict[int, Waiting] = {}
        self._tickets = itertools.count()

    @contextmanager
    def request(self, article_id: str, number: int) -> Iterator[None]:
        """Note a request for the time the ``with`` block takes to get its answer."""
        ticket = next(self._tickets)
        self._out[ticket] = Waiting(article_id, number, time.monotonic())
        try:
            yield
        finally:
            del self._out[ticket]

    def oldest(self) -> Waiting | None:
        """The request waiting longest, or None when nothing is out.

        Called from rich's refresh thread while the event loop adds and removes
        requests: ``list()`` copies the values in one step under the GIL, where
        iterating the live dict could see it change size. Tickets grow with
        send time, so insertion order is age order and the first is the oldest.
        """
        out = list(self._out.values())
        return out[0] if out else None

    def __len__(self) -> int:
        return len(self._out)


#: This process's requests; the model backend writes it, the progress display reads it.
IN_FLIGHT = InFlight()
