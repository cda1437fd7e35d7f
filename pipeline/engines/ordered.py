"""Input order with a bounded look-ahead: the scheduling rule every local engine shares.

Work starts as input is read, at most ``window`` results wait for a slow
article ahead of them, and results come out in input order. So memory stays
flat however long the input, and a run's output reads like its input.
Whoever calls decides how an article starts (a task in this loop, a worker
process) and what a finished line becomes (a record object, an already
serialized line); an input that never became an article becomes its load
error line here, the same for every engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import TypeVar

from pipeline.extract.article import error_line
from pipeline.io.articles import Article, LoadFailure
from schemas import ArticleResult, ErrorLine

T = TypeVar("T")

#: Results allowed to wait per article in flight, before more input is read.
WINDOW_PER_SLOT = 4


async def in_order(
    items: Iterable[Article | LoadFailure],
    start: Callable[[Article], Awaitable[Awaitable[T]]],
    finish: Callable[[ArticleResult | ErrorLine], T],
    window: int,
) -> AsyncIterator[T]:
    """Start each article with ``start`` (which may wait for capacity) and yield results in input order.

    An input that never became an article is ``finish``-ed as its load error
    line at once. On early exit, work not yet yielded is cancelled.
    """
    pending: asyncio.Queue[Awaitable[T] | None] = asyncio.Queue(maxsize=window)
    loop = asyncio.get_running_loop()

    async def produce() -> None:
        # The end marker wakes the reader when the input ends or ``start`` fails. Not when
        # cancelled: the reader has gone, and a put into the full queue would wait for ever
        # (Ctrl-C used to hang the run here).
        try:
            for item in items:
                if isinstance(item, LoadFailure):
                    ready: asyncio.Future[T] = loop.create_future()
                    ready.set_result(finish(error_line(item, "load", item.error)))
                    await pending.put(ready)
                else:
                    work = await start(item)
                    try:
                        await pending.put(work)
                    except asyncio.CancelledError:
                        _discard(work)
                        raise
        except asyncio.CancelledError:
            raise
        except BaseException:
            await pending.put(None)
            raise
        await pending.put(None)

    producer = asyncio.ensure_future(produce())
    try:
        while (work := await pending.get()) is not None:
            yield await work
        await producer
    finally:
        producer.cancel()
        await asyncio.gather(producer, return_exceptions=True)
        while not pending.empty():
            if (leftover := pending.get_nowait()) is not None:
                _discard(leftover)


def _discard(work: Awaitable[object]) -> None:
    """Cancel work whose result nobody will take.

    One that already failed (the endpoint went down under it) is no news: the
    failure that stopped the run says the same, so its exception is marked
    as retrieved rather than logged by asyncio at exit.
    """
    if isinstance(work, asyncio.Future):
        work.cancel()
        work.add_done_callback(_take_exception)


def _take_exception(future: asyncio.Future[object]) -> None:
    if not future.cancelled():
        future.exception()
