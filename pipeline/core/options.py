"""How a library options model says what its command line looks like.

A command's options are one Pydantic model whose field names are the
library's keyword names; the CLI builds each command's flags from that model
(``--max-chars`` for ``max_chars``), so the two cannot drift apart. ``option``
adds the few things a flag has that a field does not: short or older names,
whether it is a positional argument, and what the parser checks of a path.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field


def option(
    default: Any = ...,
    help: str = "",
    *aliases: str,
    argument: bool = False,
    metavar: str | None = None,
    dir_okay: bool = True,
    exists: bool = False,
    **constraints: Any,
) -> Any:
    """A model field that is also a command-line flag.

    Args:
        default: the field's default (``...``: required).
        help: one line for ``--help`` (also the field's description).
        aliases: extra flag names, such as ``-o`` or an older long name still accepted.
        argument: a positional argument rather than a ``--flag``.
        metavar: the argument's name in ``--help`` and in its errors (default: the field's, upper-cased).
        dir_okay: a path that may name a folder (False: the parser refuses one).
        exists: a path the parser refuses when it does not exist.
        constraints: Pydantic field keywords (``ge``, ``le``, ``exclude``); ``--help`` and the parser use the bounds.
    """
    cli: dict[str, Any] = {"aliases": list(aliases), "argument": argument}
    if metavar is not None:
        cli["metavar"] = metavar
    if not dir_okay:
        cli["dir_okay"] = False
    if exists:
        cli["exists"] = True
    return Field(default, description=help, json_schema_extra=cli, **constraints)
