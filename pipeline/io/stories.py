"""The one reader of ``newsfacts merge`` output: a ``MergeResult`` JSON file.

Export, the review page and the merge scorer all load a story file through
:func:`read_merge_result`, so a missing file, a file that is not JSON, one
that is not a merge result and one of another story schema are named the
same way whichever command was given it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from pipeline.core.errors import InputError, SchemaVersionError
from pipeline.io.files import read_json_file
from schemas.story import STORY_SCHEMA_VERSION, MergeResult


def read_merge_result(path: Path, flag: str = "--story") -> MergeResult:
    """Load the JSON written by ``newsfacts merge``.

    Args:
        path: The story file.
        flag: The option or argument that named it, for the message when it cannot be read.

    Raises:
        InputError: the file is missing, not JSON, or not a merge result.
        SchemaVersionError: the file was written by another story schema.
    """
    data = read_json_file(path, flag, "newsfacts merge")
    try:
        result = MergeResult.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "file"
        raise InputError(
            f"{path} is not a newsfacts merge result ({where}: {first['msg']});"
            " pass the JSON written by 'newsfacts merge'"
        ) from None
    if result.schema_version != STORY_SCHEMA_VERSION:
        raise SchemaVersionError(
            f"{path} has story schema {result.schema_version}; this newsfacts reads {STORY_SCHEMA_VERSION}"
            " — run newsfacts merge again"
        )
    return result
