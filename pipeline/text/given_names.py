"""Which sex a given name usually belongs to, so "she" is not read as a man named just before.

The lexicon is ``gender-guesser``'s (about 40,000 first names from many
countries). Only a confident answer counts: a name it calls androgynous or
does not know says nothing, and a pronoun may then refer to its bearer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from gender_guesser.detector import Detector

Sex = Literal["male", "female"]

_CONFIDENT: dict[str, Sex] = {"male": "male", "female": "female"}


@lru_cache(maxsize=1)
def _detector() -> Detector:
    return Detector(case_sensitive=False)


def lexicon_gender(word: str) -> str:
    """The lexicon's answer for one given name: male, mostly_male, andy, ..., or unknown (not a given name)."""
    return str(_detector().get_gender(word))


@lru_cache(maxsize=4096)
def name_sex(full_name: str) -> Sex | None:
    """The usual sex of the first word of ``full_name`` when the lexicon is confident, else None."""
    words = full_name.split()
    if not words or not words[0][:1].isupper() or words[0].isupper() or len(words[0]) < 2:
        return None
    return _CONFIDENT.get(lexicon_gender(words[0].strip(".,")))
