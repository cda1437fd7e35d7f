"""Versioned prompt templates, loaded from ``prompts/*.toml`` into a strict model.

The article is placed between markers carrying a nonce derived from the
article's own hash: an article cannot contain the marker that closes it
(it would have to contain its own hash), so it cannot break out of its
delimiters to speak as the user or the system.
"""

from __future__ import annotations

import hashlib
import tomllib
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict

from pipeline.core.errors import ConfigError
from pipeline.extract.wire_schema import event_type_guide, field_guide


class PromptTemplate(BaseModel):
    """A prompt file: its version, the system text and the user template."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    system: str
    user: str
    sha256: str = ""

    @property
    def short_hash(self) -> str:
        """First 12 hex characters of the file's hash, recorded in every output line."""
        return self.sha256[:12]

    def render(
        self, article_id: str, text: str, published_at: str | None, *, schema_in_request: bool = True
    ) -> list[dict[str, str]]:
        """Build the chat messages for one article (or chunk).

        ``schema_in_request`` is False for the modes that send no schema
        (json, md_json): the system message then carries the field types too.
        """
        nonce = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        user = self.user.strip().format(
            article_id=article_id,
            published_at=published_at or "unknown",
            nonce=nonce,
            text=text,
        )
        return [
            {"role": "system", "content": self.system_text(typed=not schema_in_request)},
            {"role": "user", "content": user},
        ]

    def system_text(self, typed: bool = False) -> str:
        """The system message: the rules, then the field guide and event types from the models.

        It depends on nothing of the article, so it is byte-identical across a
        run and the servers' prompt caches (OpenAI, vLLM prefix caching,
        llama.cpp slots) reuse it; the article comes last, in the user message.
        """
        return _system_text(self.system, typed)


@lru_cache(maxsize=8)
def _system_text(template: str, typed: bool) -> str:
    return template.strip().format(fields=field_guide(typed), event_types=event_type_guide(typed))


@lru_cache(maxsize=8)
def load_prompt(name: str = "extract") -> PromptTemplate:
    """Load ``prompts/<name>.toml``; raise ConfigError when missing or malformed."""
    try:
        raw = resources.files("prompts").joinpath(f"{name}.toml").read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
        return PromptTemplate(**data, sha256=hashlib.sha256(raw).hexdigest())
    except FileNotFoundError as exc:
        raise ConfigError(f"prompt file prompts/{name}.toml not found") from exc
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise ConfigError(f"prompt file prompts/{name}.toml is invalid: {exc}".splitlines()[0]) from exc
