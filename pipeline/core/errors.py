"""One root for every failure the library raises, with a subclass per kind.

The library raises and never exits; ``pipeline.cli`` turns these into a
one-line ``Error: ...`` and exit code 1. Messages say what to do next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemas import Extraction, Usage


class NewsfactsError(Exception):
    """Root of all newsfacts errors."""


class InputError(NewsfactsError):
    """An input file, line or flag value cannot be used."""


class ConfigError(NewsfactsError):
    """The configuration (flags, environment, prompt files) is inconsistent."""


class OptionError(ConfigError):
    """One option's value cannot be used with the others; the CLI shows it as a usage error on ``option``."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


class ExtractionError(NewsfactsError):
    """Extraction of one article failed; the batch records it and goes on."""

    #: HTTP requests sent for the article before it was given up: its errors line's ``attempts``.
    attempts: int = 0
    #: Requests, tokens and cost spent on the article before it was given up (None: nothing sent).
    usage: Usage | None = None


class TransportError(ExtractionError):
    """The model endpoint could not be reached or kept failing after retries."""


class EndpointUnreachable(NewsfactsError):
    """The model endpoint refused connections: no article can succeed, so the run stops.

    Not an ``ExtractionError``: recording every remaining article as failed
    would only repeat one cause thousands of times. What is not done is left
    for ``--resume``.
    """


class TruncationError(ExtractionError):
    """The model stopped at its output limit (finish_reason == "length")."""

    #: The complete records found before the cut, when any parsed (see ``salvage``).
    partial: Extraction | None = None


class BudgetExceeded(ExtractionError):
    """The article's time budget ran out across all attempts."""


class OutputLockedError(NewsfactsError):
    """Another run is writing the same output file."""


class SchemaVersionError(NewsfactsError):
    """A database or file was written by an incompatible schema version."""


class DatabaseError(NewsfactsError):
    """A database could not be opened or refused the data; the export was rolled back."""
