"""Batch runs: bounded concurrency, input order, streaming, resume, one writer per output.

Every input ends exactly once in the output, or else as a failure in
``<out>.errors.jsonl``. Lines are appended and flushed one at a time, so a
crash or Ctrl-C loses at most the articles in flight; ``--resume`` skips what
the output already holds (and inputs that could not be read), retries the
articles only the errors file names and cuts a torn last line. The errors file is a history: a resume appends to it, and
an entry whose article is in the output since is resolved, not a failure.
A lock file refuses a second writer. Memory is bounded by the look-ahead
window, not the input size.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

from pipeline.backends import make_backend
from pipeline.core.errors import InputError, OutputLockedError
from pipeline.engines.ordered import WINDOW_PER_SLOT, in_order
from pipeline.engines.summary import Finished, Summary
from pipeline.extract.article import extractor_info, run_one
from pipeline.extract.backend import Backend
from pipeline.extract.settings import ExtractConfig
from pipeline.extract.waiting import IN_FLIGHT
from pipeline.io.articles import Article, LoadFailure
from schemas import ArticleResult, ErrorLine, ExtractorInfo

T = TypeVar("T")


async def ordered_results(
    items: Iterable[Article | LoadFailure],
    backend: Backend,
    config: ExtractConfig,
    info: ExtractorInfo,
) -> AsyncIterator[ArticleResult | ErrorLine]:
    """Run articles with at most ``config.concurrency`` in flight; yield their lines in input order."""
    async for line in _local(items, backend, config, info, lambda line: line):
        yield line


def _local(
    items: Iterable[Article | LoadFailure],
    backend: Backend,
    config: ExtractConfig,
    info: ExtractorInfo,
    finish: Callable[[ArticleResult | ErrorLine], T],
) -> AsyncIterator[T]:
    """Articles as tasks in this loop, ``finish`` applied to each line as soon as it is made.

    The batch writer finishes by serializing: the look-ahead window then
    holds strings rather than record objects, which the garbage collector
    would otherwise walk while every request waits.
    """
    sem = asyncio.Semaphore(config.concurrency)

    async def run(article: Article) -> T:
        async with sem:
            return finish(await run_one(article, backend, config, info))

    async def start(article: Article) -> asyncio.Task[T]:
        return asyncio.ensure_future(run(article))

    return in_order(items, start, finish, config.concurrency * WINDOW_PER_SLOT)


async def extract_stream(
    articles: Iterable[Article | LoadFailure], config: ExtractConfig | None = None
) -> AsyncIterator[ArticleResult | ErrorLine]:
    """Extract many articles concurrently, yielding output lines in input order.

    The library entry point: ``async for line in extract_stream(load_articles(["seeds/"])): ...``.
    Failures come out as ``ErrorLine`` objects, never as exceptions, so one
    bad article never stops the rest. The one exception: a model endpoint
    that refuses connections raises ``EndpointUnreachable``, since no
    article could succeed.
    """
    config = config or ExtractConfig()
    backend = make_backend(config)
    try:
        async for item in ordered_results(articles, backend, config, extractor_info(config)):
            yield item
    finally:
        await backend.aclose()


def extract_all(
    articles: Iterable[Article | LoadFailure], config: ExtractConfig | None = None
) -> list[ArticleResult | ErrorLine]:
    """Blocking convenience over :func:`extract_stream` for scripts and notebooks."""

    async def collect() -> list[ArticleResult | ErrorLine]:
        return [item async for item in extract_stream(articles, config)]

    return asyncio.run(collect())


# -- files: lock, resume, append ----------------------------------------------------------------


def errors_path_for(output: Path) -> Path:
    """``out.jsonl`` → ``out.errors.jsonl``, ``out.txt`` → ``out.txt.errors.jsonl``.

    The one place the default errors file is named: the writers and the
    CLI's messages both call it, so what is printed is what was written.
    """
    name = output.name[: -len(".jsonl")] if output.name.endswith(".jsonl") else output.name
    return output.with_name(name + ".errors.jsonl")


class Sink(Protocol):
    """Where finished lines are written: an open text file, stdout or an :class:`ErrorsFile`."""

    def write(self, text: str, /) -> int:
        """Write ``text``; return the characters written."""
        ...

    def flush(self) -> None:
        """Push what was written to the operating system."""
        ...


class ErrorsFile:
    """An errors file created at its first line, so a clean run leaves no empty file behind.

    In ``"a"`` mode (resume) an existing file is kept as it is until a new
    error is appended; in ``"w"`` mode an existing file is emptied at once,
    since it belongs to the output being started again.
    """

    def __init__(self, path: Path, mode: str) -> None:
        """Name the file; empty an existing one now in ``"w"`` mode (check it with :func:`writable` first)."""
        self.path = path
        self.mode = mode
        self._fh: IO[str] | None = None
        if mode == "w" and path.exists():
            self._open()

    def _open(self) -> IO[str]:
        if self._fh is None:
            self._fh = open(self.path, self.mode, encoding="utf-8")  # noqa: SIM115  (closed by __exit__)
        return self._fh

    def write(self, text: str, /) -> int:
        """Write one line, creating the file first if needed."""
        return self._open().write(text)

    def flush(self) -> None:
        """Flush the file if it was created."""
        if self._fh is not None:
            self._fh.flush()

    def __enter__(self) -> ErrorsFile:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.close()


def writable(path: Path, flag: str, example: str = "out.jsonl") -> None:
    """Refuse, before any work, a path that names a folder or whose folder cannot be written.

    Args:
        path: The file about to be written.
        flag: The flag it came from, named in the message.
        example: A file name to suggest inside the folder when ``path`` is one.

    Raises:
        InputError: naming the path, the flag it came from and what to give instead.
    """
    if path.is_dir():
        raise InputError(f"{path} is a folder; {flag} takes a file, such as {path / example}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder of {path} ({exc.strerror}); choose another {flag}") from exc
    target = path if path.exists() else path.parent
    if not os.access(target, os.W_OK):
        raise InputError(f"cannot write {path} (permission denied); choose another {flag}")


class OutputLock:
    """An exclusive, non-blocking lock on ``<out>.lock``; released when the process dies."""

    def __init__(self, output: Path) -> None:
        """Name the lock file next to the output."""
        self.path = output.with_name(output.name + ".lock")
        self._fh: IO[str] | None = None

    def __enter__(self) -> OutputLock:
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise OutputLockedError(
                f"{self.path.name[:-5]} is being written by another newsfacts run (pid {holder}); "
                "wait for it to finish or choose another -o"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.close()
            self.path.unlink(missing_ok=True)


def repair_torn_tail(path: Path) -> int:
    """Cut an incomplete last line left by a crash; return the bytes removed."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    with open(path, "rb+") as fh:
        size = fh.seek(0, os.SEEK_END)
        fh.seek(max(0, size - 1))
        if fh.read(1) == b"\n":
            return 0
        block = 1 << 16
        pos = size
        while pos > 0:
            step = min(block, pos)
            pos -= step
            fh.seek(pos)
            chunk = fh.read(step)
            nl = chunk.rfind(b"\n")
            if nl >= 0:
                keep = pos + nl + 1
                fh.truncate(keep)
                return size - keep
        fh.truncate(0)
        return size


class _Previous:
    """What earlier runs left: what is settled, and which articles failed since.

    Settled: articles in the output, and inputs that could not be read (the
    same bytes would fail the same way; those without an article id are
    known by their source). A failed article is one the errors file names at
    another stage and the output does not hold: an entry followed by a
    successful retry stays in the file as history but is resolved.
    """

    def __init__(self, output: Path, errors: Path) -> None:
        """Read both files (either may be missing)."""
        self.done: set[str] = set()
        self.unreadable: set[str] = set()
        self.failed: set[str] = set()
        for obj in _objects(output):
            if obj.get("article_id"):
                self.done.add(obj["article_id"])
        for obj in _objects(errors):
            if obj.get("stage") == "load":
                self.unreadable.add(obj.get("article_id") or obj.get("source") or "")
            elif obj.get("article_id"):
                self.failed.add(obj["article_id"])
        self.failed -= self.done

    def settled(self, item: Article | LoadFailure) -> bool:
        """Whether ``item`` needs nothing more from this run."""
        key = item.id if isinstance(item, Article) else item.article_id
        if key and key in self.done:
            return True
        return isinstance(item, LoadFailure) and (key or item.source) in self.unreadable


def _objects(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL file, skipping lines that do not parse; nothing when it is missing."""
    if not path.exists():
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                yield obj


def _count_started(items: Iterable[Article | LoadFailure], summary: Summary) -> Iterator[Article | LoadFailure]:
    """Count what the run reads, so an interrupted run can say how much was in flight."""
    for item in items:
        summary.started += 1
        yield item


def _skip_done(
    items: Iterable[Article | LoadFailure], previous: _Previous, summary: Summary
) -> Iterator[Article | LoadFailure]:
    """Drop what is settled; articles that failed before are tried again."""
    for item in items:
        if previous.settled(item):
            summary.skipped += 1
            continue
        summary.retried += isinstance(item, Article) and item.id in previous.failed
        yield item


# -- the run ------------------------------------------------------------------------------------


#: A request waits this long before the bar names it: fast endpoints never show the line.
SHOW_WAITING_AFTER_S = 2.0


def waiting_text(now: float | None = None) -> str:
    """What the bar says of the oldest unanswered request, or "" while answers come quickly.

    A local CPU model can take minutes per answer; without this the bar sits
    still and the run looks hung.
    """
    oldest = IN_FLIGHT.oldest()
    seconds = oldest.seconds(now) if oldest is not None else 0.0
    if oldest is None or seconds < SHOW_WAITING_AFTER_S:
        return ""
    others = len(IN_FLIGHT) - 1
    return (
        f"waiting on {oldest.article_id} (request {oldest.request}) {seconds:.0f} s"
        + (f", +{others} out" if others else "")
    )


def _progress(enabled: bool, total: int | None) -> object | None:
    if not enabled:
        return None
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.text import Text

    class WithWaiting(Progress):
        """Adds a line under the bar while a request waits; redrawn ten times a second, so it counts up."""

        def get_renderables(self) -> Iterator[Any]:
            yield self.make_tasks_table(self.tasks)
            if note := waiting_text():
                yield Text(note, style="yellow", overflow="ellipsis", no_wrap=True)  # Text: ids are data

    return WithWaiting(
        TextColumn("[bold]extract"),
        BarColumn(),
        TextColumn("{task.completed} articles"),
        TextColumn("{task.fields[records]} records"),
        TextColumn("{task.fields[tokens]} tokens"),
        TimeElapsedColumn(),
        *([TimeRemainingColumn()] if total else []),
        transient=True,
    )


async def run_batch(
    items: Iterable[Article | LoadFailure],
    output: Path | None,
    config: ExtractConfig,
    *,
    resume: bool = False,
    overwrite: bool = False,
    errors: Path | None = None,
    progress: bool | None = None,
    total: int | None = None,
    summary: Summary | None = None,
) -> Summary:
    """Extract ``items`` into ``output`` (stdout when None) and its errors file.

    With ``resume``, articles already in the output are skipped and those the
    errors file names as failed are tried again; new error lines are appended.

    Args:
        summary: Filled as lines are written, so a caller whose run is cancelled
            (Ctrl-C) can still say what was done; a fresh one when None.

    Raises:
        InputError: the output exists and neither ``resume`` nor ``overwrite`` was asked.
        OutputLockedError: another run is writing the same output.
        EndpointUnreachable: the model endpoint refused connections; what is not
            done is left for ``resume``.
    """
    summary = summary if summary is not None else Summary()
    started = time.perf_counter()
    if output is None:
        await _run(items, sys.stdout, sys.stderr, config, summary, progress=False, total=total)
        summary.seconds = time.perf_counter() - started
        return summary
    errors = errors or errors_path_for(output)
    writable(output, "-o")
    writable(errors, "--errors", "out.errors.jsonl")
    if output.exists() and output.stat().st_size and not (resume or overwrite):
        raise InputError(f"{output} already exists; use --resume to continue it or --overwrite to start again")
    with OutputLock(output):
        if resume:
            repair_torn_tail(output)
            repair_torn_tail(errors)
            items = _skip_done(items, _Previous(output, errors), summary)
        mode = "a" if resume else "w"
        with open(output, mode, encoding="utf-8") as out, ErrorsFile(errors, mode) as err:
            show = sys.stderr.isatty() if progress is None else progress
            await _run(items, out, err, config, summary, progress=show, total=total)
    summary.seconds = time.perf_counter() - started
    return summary


async def _run(
    items: Iterable[Article | LoadFailure],
    out: Sink,
    err: Sink,
    config: ExtractConfig,
    summary: Summary,
    *,
    progress: bool,
    total: int | None,
) -> None:
    bar = _progress(progress, total)
    task_id = None
    if bar is not None:
        bar.start()  # type: ignore[attr-defined]
        task_id = bar.add_task("extract", total=total, records=0, tokens=0)  # type: ignore[attr-defined]
    try:
        async for done in _finished(_count_started(items, summary), config):
            target = err if done.error else out
            target.write(done.json + "\n")
            target.flush()
            summary.absorb(done.tally)
            if bar is not None:
                bar.update(  # type: ignore[attr-defined]
                    task_id,
                    advance=1,
                    records=sum(summary.records.values()),
                    tokens=summary.usage.prompt_tokens + summary.usage.completion_tokens,
                )
    finally:
        if bar is not None:
            bar.stop()  # type: ignore[attr-defined]


async def _finished(items: Iterable[Article | LoadFailure], config: ExtractConfig) -> AsyncIterator[Finished]:
    """Serialized lines in input order, from this process or from ``config.workers`` processes."""
    if config.workers > 1:
        from pipeline.engines.workers import pooled_results

        async for done in pooled_results(items, config):
            yield done
        return
    backend = make_backend(config)
    try:
        async for done in _local(items, backend, config, extractor_info(config), Finished.of):
            yield done
    finally:
        await backend.aclose()
