"""A Ray engine for ``extract``: blocks of articles run in a pool of actors, one JSONL shard per block.

The driver streams the input and cuts it into blocks of ``block_size``
items in input order; block *k* becomes ``shard-0000k.jsonl`` (and
``shard-0000k.errors.jsonl``). Each actor keeps one backend (one HTTP pool,
one cache) and runs a block through the same async pipeline as a local run
(``ordered_results`` → ``run_one`` → ``extract_article``), so a shard holds
exactly the lines a local run would write for those articles. Actors return
the lines and the driver writes them, so a remote cluster (``address``)
needs no shared filesystem.

A shard is complete once ``manifest.json`` lists it; the manifest is
rewritten atomically after each shard, so a crash loses only blocks in
flight. ``resume`` skips listed blocks (after checking that they still hold
the same inputs) and redoes the others. Memory on the driver is bounded by
``2 × workers`` blocks. The default engine (``pipeline.engines.local.run_batch``) is
untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import ConfigError, EndpointUnreachable, InputError
from pipeline.engines.local import OutputLock
from pipeline.engines.summary import Summary
from pipeline.extract.settings import ExtractConfig
from pipeline.io.articles import Article, LoadFailure
from pipeline.io.shards import MANIFEST, shard_names

#: Items per block unless told otherwise: big enough to amortise a Ray call, small enough to resume cheaply.
DEFAULT_BLOCK_SIZE = 64
_BLOCKS_PER_WORKER = 2


@dataclass
class Block:
    """A slice of the input in order: its 1-based index and its items."""

    index: int
    items: list[Article | LoadFailure]

    @property
    def digest(self) -> str:
        """Identifies the block's inputs, so resume notices a changed input."""
        keys = (i.id if isinstance(i, Article) else f"{i.source}\x00{i.article_id}" for i in self.items)
        return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:16]


def blocks(items: Iterable[Article | LoadFailure], block_size: int) -> Iterator[Block]:
    """Cut the input into blocks lazily, so the driver never holds the whole input."""
    current: list[Article | LoadFailure] = []
    index = 1
    for item in items:
        current.append(item)
        if len(current) == block_size:
            yield Block(index, current)
            index, current = index + 1, []
    if current:
        yield Block(index, current)


# -- the actor ----------------------------------------------------------------------------------


def _dump_item(item: Article | LoadFailure) -> dict[str, Any]:
    return {"kind": "article" if isinstance(item, Article) else "failure", "data": item.model_dump()}


def _load_item(obj: dict[str, Any]) -> Article | LoadFailure:
    model = Article if obj["kind"] == "article" else LoadFailure
    return model.model_validate(obj["data"])


def _config_payload(config: ExtractConfig) -> dict[str, Any]:
    """The config as plain data with the real key (pydantic masks secrets when dumping).

    The cache path is made absolute: actors run in Ray's own working folder.
    """
    payload = config.model_dump(mode="json")
    payload["llm"]["api_key"] = config.llm.api_key.get_secret_value()
    if config.cache_path is not None:
        payload["cache_path"] = str(config.cache_path.resolve())
    return payload


class BlockWorker:
    """Runs blocks through the local async pipeline; Ray wraps it as an async actor."""

    def __init__(self, config: dict[str, Any]) -> None:
        """Build the backend once per actor: one connection pool for all its blocks."""
        from pipeline.backends import make_backend
        from pipeline.extract.article import extractor_info

        self.config = ExtractConfig.model_validate(config)
        self.backend = make_backend(self.config)
        self.info = extractor_info(self.config)

    async def run(self, items: list[dict[str, Any]]) -> tuple[list[str], list[str], Summary]:
        """The output lines, error lines and summary of one block, in input order."""
        from pipeline.engines.local import ordered_results
        from schemas import ErrorLine

        out: list[str] = []
        err: list[str] = []
        summary = Summary()
        started = time.perf_counter()
        async for line in ordered_results((_load_item(i) for i in items), self.backend, self.config, self.info):
            (err if isinstance(line, ErrorLine) else out).append(line.model_dump_json())
            summary.add(line)
        summary.seconds = time.perf_counter() - started
        return out, err, summary


# -- the driver ---------------------------------------------------------------------------------


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise ConfigError("Ray is not installed; pip install 'ray>=2.9' or drop --engine ray") from exc
    return ray


def _read_manifest(out_dir: Path) -> dict[str, Any]:
    path = out_dir / MANIFEST
    if not path.exists():
        return {"engine": "ray", "shards": []}
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not valid JSON; remove the folder or use --overwrite") from exc
    return data


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _prepare_dir(out_dir: Path, *, resume: bool, overwrite: bool) -> dict[int, dict[str, Any]]:
    """Check the output folder; return the complete shards to skip, by block index."""
    if out_dir.suffix == ".jsonl":
        raise InputError(f"{out_dir}: with --engine ray, -o names a folder for the shards, not a .jsonl file")
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / MANIFEST
    if manifest.exists() and not (resume or overwrite):
        raise InputError(f"{out_dir} already holds shards; use --resume to continue or --overwrite to start again")
    if overwrite:
        for old in out_dir.glob("shard-*.jsonl"):
            old.unlink()
        manifest.unlink(missing_ok=True)
        return {}
    return {int(s["index"]): s for s in _read_manifest(out_dir)["shards"]}


@dataclass
class _Run:
    out_dir: Path
    block_size: int
    done: dict[int, dict[str, Any]]
    summary: Summary

    def finish(self, block: Block, out: list[str], err: list[str], part: Summary) -> None:
        """Write one block's shard files, then list it in the manifest."""
        name, errors = shard_names(block.index)
        _write_atomic(self.out_dir / name, "".join(line + "\n" for line in out))
        _write_atomic(self.out_dir / errors, "".join(line + "\n" for line in err))
        self.done[block.index] = {
            "index": block.index,
            "file": name,
            "errors": errors,
            "items": len(block.items),
            "articles": len(out),
            "failed": len(err),
            "digest": block.digest,
        }
        self.summary.absorb(part)
        manifest = {"engine": "ray", "block_size": self.block_size, "shards": [self.done[k] for k in sorted(self.done)]}
        _write_atomic(self.out_dir / MANIFEST, json.dumps(manifest, indent=1) + "\n")

    def skip(self, block: Block) -> bool:
        """Whether the block's shard is complete; refuse to mix shards of a different input."""
        listed = self.done.get(block.index)
        if listed is None:
            return False
        if listed.get("digest") != block.digest or listed.get("items") != len(block.items):
            raise InputError(
                f"shard {block.index} in {self.out_dir} was written for other inputs; "
                "resume with the same inputs, or use --overwrite"
            )
        self.summary.skipped += len(block.items)
        return True


def run_ray(
    items: Iterable[Article | LoadFailure],
    out_dir: Path,
    config: ExtractConfig,
    *,
    workers: int = 2,
    block_size: int = DEFAULT_BLOCK_SIZE,
    address: str | None = None,
    resume: bool = False,
    overwrite: bool = False,
) -> Summary:
    """Extract ``items`` on Ray into JSONL shards under ``out_dir`` with a ``manifest.json``.

    Joins the Ray instance already initialised in this process, else the
    cluster at ``address``, else starts a local one with ``workers`` CPUs
    (shut down again at the end).

    Raises:
        ConfigError: Ray is not installed.
        InputError: the folder holds shards and neither ``resume`` nor ``overwrite`` was asked,
            or a listed shard was written for other inputs.
        OutputLockedError: another run is writing the same folder.
    """
    if workers < 1 or block_size < 1:
        raise ConfigError("workers and block size must be at least 1")
    ray = _ray()
    run = _Run(out_dir, block_size, _prepare_dir(out_dir, resume=resume, overwrite=overwrite), Summary())
    started = time.perf_counter()
    own = not ray.is_initialized()
    if own:
        ray.init(address=address, num_cpus=None if address else workers, include_dashboard=False, log_to_driver=False)
    try:
        with OutputLock(out_dir / MANIFEST):
            _drive(ray, blocks(items, block_size), run, config, workers)
    finally:
        if own:
            ray.shutdown()
    run.summary.seconds = time.perf_counter() - started
    return run.summary


def _drive(ray: Any, todo: Iterator[Block], run: _Run, config: ExtractConfig, workers: int) -> None:
    """Keep every actor busy with at most two blocks each; write shards as blocks finish.

    Actors start only when a block needs work, so a resume with nothing left costs no actor.
    """
    # One block at a time per actor, so --concurrency keeps meaning "articles in flight per actor";
    # the second block queued on each actor only hides the round trip.
    actor_cls = ray.remote(num_cpus=1, max_concurrency=1)(BlockWorker)
    payload = _config_payload(config)
    actors: list[Any] = []
    in_flight: dict[Any, tuple[Block, int]] = {}
    load = [0] * workers
    pending = (block for block in todo if not run.skip(block))
    while True:
        while len(in_flight) < workers * _BLOCKS_PER_WORKER and (block := next(pending, None)) is not None:
            slot = load.index(min(load))
            if slot == len(actors):
                actors.append(actor_cls.remote(payload))
            load[slot] += 1
            in_flight[actors[slot].run.remote([_dump_item(i) for i in block.items])] = (block, slot)
        if not in_flight:
            return
        [ready], _ = ray.wait(list(in_flight), num_returns=1)
        block, slot = in_flight.pop(ready)
        load[slot] -= 1
        try:
            results = ray.get(ready)
        except EndpointUnreachable as exc:  # Ray's copy of it carries the actor's traceback in its text
            raise EndpointUnreachable(str(getattr(exc, "cause", exc))) from None
        run.finish(block, *results)
