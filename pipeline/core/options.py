"""How a library options model says what its command line looks like.

A run's options are one Pydantic model whose field names are the library's
keyword names; the CLI builds each command's flags from that model
(``--max-chars`` for ``max_chars``), so the two cannot drift apart. ``option``
adds the few things a flag has that a field does not: short or older names,
and whether it is a positional argument.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field


def option(default: Any = ..., help: str = "", *aliases: str, argument: bool = False, **constraints: Any) -> Any:
    """A model field that is also a command-line flag.

    Args:
        default: the field's default (``...``: required).
        help: one line for ``--help`` (also the field's description).
        aliases: extra flag names, such as ``-o`` or a deprecated long name still accepted.
        argument: a positional argument rather than a ``--flag``.
        constraints: Pydantic constraints (``ge``, ``le``); ``--help`` and the parser use them too.
    """
    return Field(default, description=help, json_schema_extra={"aliases": list(aliases), "argument": argument}, **constraints)
