"""Where an extraction output's lines are: one JSONL file, or the shards of a Ray output folder.

``extract --engine ray -o DIR`` writes ``DIR/shard-00001.jsonl`` (and its
``.errors.jsonl``) per block and lists each complete shard in
``DIR/manifest.json``. Every command that reads extraction lines (eval,
export, merge, review) asks :func:`extraction_files` which files to read, so
a Ray folder is read exactly like the JSONL a local run writes. Kept apart
from :mod:`pipeline.engines.ray_cluster` so those commands need neither Ray nor the
extraction stack to read it.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.core.errors import InputError

#: The Ray engine's list of complete shards, inside its output folder.
MANIFEST = "manifest.json"


def shard_names(index: int) -> tuple[str, str]:
    """``shard-00001.jsonl`` and ``shard-00001.errors.jsonl`` for block 1."""
    return f"shard-{index:05d}.jsonl", f"shard-{index:05d}.errors.jsonl"


def ray_shards(path: Path) -> list[Path] | None:
    """The complete shards of a Ray output folder, in input order; None when ``path`` is not one.

    Only shards the manifest lists count: a shard not listed yet was in
    flight when the run stopped, and ``--resume`` writes it again.

    Raises:
        InputError: the manifest is unreadable, or lists a shard that is missing.
    """
    manifest = path / MANIFEST
    if not (path.is_dir() and manifest.is_file()):
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        listed = sorted(data["shards"], key=lambda s: int(s["index"]))
        files = [path / str(s["file"]) for s in listed]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"{manifest} is not a Ray engine manifest ({exc}); pass a folder written by 'newsfacts extract "
            "--engine ray' or a JSONL file"
        ) from exc
    for file in files:
        if not file.is_file():
            raise InputError(f"{file} is listed in {manifest} but missing; run the extraction again with --resume")
    return files


def extraction_files(path: Path) -> list[Path]:
    """The files holding an extraction output's lines, in input order.

    Args:
        path: a JSONL file written by ``newsfacts extract``, or the folder
            written by ``newsfacts extract --engine ray``.

    Returns:
        ``[path]`` for a file (or a path that does not exist, for the
        reader to report), else the folder's complete shards.

    Raises:
        InputError: ``path`` is a folder but not a Ray output folder, or its manifest is broken.
    """
    if not path.is_dir():
        return [path]
    shards = ray_shards(path)
    if shards is None:
        raise InputError(
            f"{path} is a folder without {MANIFEST}; pass the JSONL written by 'newsfacts extract' "
            "or a folder written by --engine ray"
        )
    return shards
