"""Worker processes for one batch run (``--workers N``): past one core, the client's CPU is the wall.

Every request costs the client a few milliseconds of CPU (the openai client
building and parsing, instructor, grounding, serializing), so one Python
process tops out near one core's worth of articles per second however many
requests the endpoint could take. ``WorkerPool`` runs the usual asyncio
pipeline (``run_one``) in this process and in ``N - 1`` children, each with
its own connection pool, cache connection and ``1/N`` of ``--rpm``/``--tpm``.
This process keeps what must stay single: reading the input, resume, input
order, the one writer of the output and errors files, progress and the
summary. Children send their lines back already serialized, so taking them
costs little.

Each child talks to this process over its own socket pair, read and written
by the two event loops directly (length-prefixed pickles): no helper
threads, so no waiting for the GIL on the hot path, and a child killed
mid-message corrupts nothing but its own channel. Its articles in flight
then become error lines naming the exit, a fresh child takes its place and
the batch goes on. A child whose parent dies reads end-of-file and exits. A
child that cannot start, or that finds the model endpoint down, ends the
run with its one-line reason.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import pickle
import signal
import socket
import struct
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Any

from pipeline.backends import make_backend
from pipeline.core.errors import ConfigError, EndpointUnreachable, ExtractionError, NewsfactsError
from pipeline.engines.gc_tuning import tune_for_batch
from pipeline.engines.ordered import WINDOW_PER_SLOT, in_order
from pipeline.engines.summary import Finished
from pipeline.extract.article import error_line, extractor_info, internal_error, run_one
from pipeline.extract.backend import Backend
from pipeline.extract.settings import ExtractConfig
from pipeline.io.articles import Article, LoadFailure

#: Deaths tolerated in one run before it stops: a worker that keeps dying is a bug, not bad luck.
MAX_WORKER_DEATHS = 8

_HEADER = struct.Struct("!I")


def worker_config(config: ExtractConfig) -> ExtractConfig:
    """What each of ``config.workers`` processes runs with: its share of the rate limits.

    Concurrency is not split: the pool keeps ``config.concurrency`` in flight
    across all processes and sends each article to the least busy one.
    """
    n = config.workers
    llm = config.llm.model_copy(
        update={
            "rpm": config.llm.rpm / n if config.llm.rpm else None,
            "tpm": config.llm.tpm / n if config.llm.tpm else None,
        }
    )
    return config.model_copy(update={"workers": 1, "llm": llm})


def _frame(message: tuple[Any, ...]) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


async def _read(reader: asyncio.StreamReader) -> tuple[Any, ...] | None:
    """The next message, or None at end of file (the other side is gone)."""
    try:
        (size,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
        message: tuple[Any, ...] = pickle.loads(await reader.readexactly(size))
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    return message


# -- inside a worker process --------------------------------------------------------------------


def _worker_main(config: ExtractConfig, channel: socket.socket) -> None:
    """A worker's whole life: extract the articles the parent sends until it says stop or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    asyncio.run(_serve(config, channel))


async def _serve(config: ExtractConfig, channel: socket.socket) -> None:
    reader, writer = await asyncio.open_connection(sock=channel)
    try:
        backend = make_backend(config)
    except NewsfactsError as exc:
        writer.write(_frame(("fatal", str(exc))))
        await writer.drain()
        return
    info = extractor_info(config)
    tune_for_batch()
    tasks: set[asyncio.Task[None]] = set()

    async def one(seq: int, article: Article) -> None:
        try:
            frame = _frame(("done", seq, Finished.of(await run_one(article, backend, config, info))))
        except EndpointUnreachable as exc:  # the parent stops the run; the article is left for --resume
            frame = _frame(("down", str(exc)))
        except Exception as exc:  # noqa: BLE001 - the parent waits for every article it sent
            frame = _frame(("done", seq, Finished.of(internal_error(article, exc))))
        writer.write(frame)

    writer.write(_frame(("ready",)))
    try:
        while (message := await _read(reader)) is not None and message[0] == "job":
            task = asyncio.create_task(one(message[1], message[2]))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        if message is not None:  # "stop": finish what is held; at end of file the parent is gone
            while tasks:
                await asyncio.gather(*tasks)
            await writer.drain()
    finally:
        await backend.aclose()
        writer.close()


# -- in the parent ------------------------------------------------------------------------------------


@dataclass(eq=False)
class _Child:
    """One worker process, its channel and the articles it holds."""

    process: BaseProcess
    writer: asyncio.StreamWriter
    ready: asyncio.Future[None]
    inflight: dict[int, Article] = field(default_factory=dict)
    alive: bool = True
    listener: asyncio.Task[None] | None = None


class WorkerPool:
    """This process and ``workers - 1`` children share the articles, least busy first.

    This process extracts too, from the first article on: the children need
    a second or so to import the client libraries, and the run should not
    stand still meanwhile. At most ``concurrency`` articles are in flight
    across all of them, which is what the endpoint sees.
    """

    def __init__(self, config: ExtractConfig) -> None:
        """Plan the pool; nothing starts until :meth:`start`."""
        self.size = config.workers
        self.limit = config.concurrency
        self.config = worker_config(config)
        self._ctx = multiprocessing.get_context("spawn")  # fork would copy the parent's loop and threads
        self._loop = asyncio.get_running_loop()
        self._children: list[_Child] = []
        self._backend: Backend | None = None
        self._info = extractor_info(self.config)
        self._local: set[asyncio.Task[Finished]] = set()
        self._waiting: dict[int, asyncio.Future[Finished]] = {}
        self._busy = 0
        self._seq = 0
        self._deaths = 0
        self._closing = False
        self._failure: NewsfactsError | None = None
        self._slot = asyncio.Event()

    async def start(self) -> None:
        """Build this process's backend and start the children (they join in when ready).

        Raises:
            ConfigError: the backend cannot be built here (e.g. an unusable cache file).
        """
        self._backend = make_backend(self.config)
        self._children = [await self._spawn() for _ in range(self.size - 1)]

    async def _spawn(self) -> _Child:
        mine, theirs = socket.socketpair()
        process = self._ctx.Process(
            target=_worker_main, args=(self.config, theirs), name="newsfacts-worker", daemon=True
        )
        process.start()
        theirs.close()  # the child holds the only other end: its exit shows here as end of file
        reader, writer = await asyncio.open_connection(sock=mine)
        child = _Child(process, writer, self._loop.create_future())
        child.listener = asyncio.create_task(self._listen(child, reader))
        return child

    async def _listen(self, child: _Child, reader: asyncio.StreamReader) -> None:
        """Take one child's answers until its channel closes, then account for its end."""
        while (message := await _read(reader)) is not None:
            self._receive(child, message)
        for _ in range(50):  # the exit code follows the closed channel within moments
            if child.process.exitcode is not None:
                break
            await asyncio.sleep(0.1)
        await self._ended(child)

    def _receive(self, child: _Child, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "ready":
            if not child.ready.done():
                child.ready.set_result(None)
            self._slot.set()
        elif kind == "fatal":
            self._fail(ConfigError(f"a worker process could not start: {message[1]}"))
        elif kind == "down":
            self._fail(EndpointUnreachable(message[1]))
        elif kind == "done":
            seq, finished = message[1], message[2]
            if child.inflight.pop(seq, None) is not None:
                self._busy -= 1
            future = self._waiting.pop(seq, None)
            if future is not None and not future.done():
                future.set_result(finished)
            self._slot.set()

    async def _ended(self, child: _Child) -> None:
        """A child's channel closed: expected when closing, else a death to account for."""
        child.alive = False
        child.writer.close()
        code = child.process.exitcode
        for seq, article in child.inflight.items():
            self._busy -= 1
            future = self._waiting.pop(seq, None)
            if future is not None and not future.done():
                line = error_line(article, "worker", f"the worker process extracting it died (exit code {code})")
                future.set_result(Finished.of(line))
        child.inflight.clear()
        self._slot.set()
        if self._closing or self._failure is not None:
            return
        if not child.ready.done():
            self._fail(
                ConfigError(
                    f"a worker process exited while starting (exit code {code}); a script that runs "
                    'several workers must start them under `if __name__ == "__main__":`'
                )
            )
            return
        self._deaths += 1
        if self._deaths > MAX_WORKER_DEATHS:
            self._fail(ExtractionError(f"worker processes died {self._deaths} times (last exit code {code})"))
            return
        self._children[self._children.index(child)] = await self._spawn()

    def _fail(self, error: NewsfactsError) -> None:
        """Stop the run: whatever waits on a child, and the next submit, raises ``error``."""
        self._failure = self._failure or error
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(self._failure)
        self._waiting.clear()
        self._slot.set()

    async def submit(self, article: Article) -> asyncio.Future[Finished]:
        """Hand ``article`` to the least busy worker once fewer than ``concurrency`` are in flight."""
        while self._busy >= self.limit and self._failure is None:
            self._slot.clear()
            await self._slot.wait()
        if self._failure is not None:
            raise self._failure
        self._busy += 1
        ready = [c for c in self._children if c.alive and c.ready.done()]
        child = min(ready, key=lambda c: len(c.inflight), default=None)
        if child is None or len(self._local) <= len(child.inflight):
            task = self._loop.create_task(self._extract_here(article))
            self._local.add(task)
            return task
        self._seq += 1
        future: asyncio.Future[Finished] = self._loop.create_future()
        self._waiting[self._seq] = future
        child.inflight[self._seq] = article
        child.writer.write(_frame(("job", self._seq, article)))
        return future

    async def _extract_here(self, article: Article) -> Finished:
        assert self._backend is not None
        try:
            line = await run_one(article, self._backend, self.config, self._info)
            return Finished.of(line)
        finally:
            self._busy -= 1
            self._local.discard(asyncio.current_task())  # type: ignore[arg-type]
            self._slot.set()

    async def close(self) -> None:
        """Let every child finish what it holds, then stop it and release this process's backend."""
        self._closing = True
        for child in self._children:
            if child.alive:
                child.writer.write(_frame(("stop",)))
        listeners = [c.listener for c in self._children if c.listener is not None]
        await asyncio.wait_for(asyncio.gather(*listeners, return_exceptions=True), 60)
        await asyncio.to_thread(self._join, 10.0)
        await self._release()

    async def abort(self) -> None:
        """Stop now (the run was interrupted or failed); what was in flight is redone on --resume."""
        self._closing = True
        for task in self._local:
            task.cancel()
        for child in self._children:
            if child.listener is not None:
                child.listener.cancel()
            child.writer.close()
            if child.process.is_alive():
                child.process.terminate()
        self._join(10.0)
        await self._release()

    async def _release(self) -> None:
        if self._backend is not None:
            await self._backend.aclose()
            self._backend = None

    def _join(self, timeout: float) -> None:
        for child in self._children:
            child.process.join(timeout)
            if child.process.is_alive():
                child.process.kill()
                child.process.join()


async def pooled_results(
    items: Iterable[Article | LoadFailure], config: ExtractConfig
) -> AsyncIterator[Finished]:
    """Like ``batch.ordered_results``, shared by ``config.workers`` processes: finished lines in input order.

    Raises:
        ConfigError: the backend or a worker process could not start.
        ExtractionError: worker processes kept dying.
    """
    pool = WorkerPool(config)
    clean = False
    try:
        await pool.start()
        async for done in in_order(items, pool.submit, Finished.of, config.concurrency * WINDOW_PER_SLOT):
            yield done
        clean = True
    finally:
        if clean:
            await pool.close()
        else:
            await pool.abort()
