"""People introduced by their occupation in lower case: "musician X", "record producer X".

News writing puts a person's trade or role before the name without a
capital ("political strategist X", "businessman X", "Fashion designer X" at
a sentence start). The occupation, with at most one modifier before it, is
the person's title; the nouns are general English, never of one story.
"""

from __future__ import annotations

import re

OCCUPATIONS = (
    "musician|singer|songwriter|actor|actress|producer|designer|blogger|strategist|businessman|businesswoman"
    "|economist|analyst|writer|author|novelist|poet|journalist|reporter|columnist|activist|campaigner|expert"
    "|director|executive|scientist|researcher|historian|photographer|filmmaker|artist|entrepreneur|investor"
    "|banker|engineer|pilot|footballer|athlete|coach|commentator|lawyer|attorney|doctor|surgeon|priest"
)
#: An optional modifier (lower case, or capitalised at a sentence start), the occupation, then the name.
_OCCUPATION = re.compile(rf"\b(?P<title>(?:[A-Za-z]+\s)?(?:{OCCUPATIONS}))\s+(?=[A-Z])")
#: Words before an occupation that are not its modifier: function words and common verbs.
_MODIFIER_STOP = frozenset(
    "the a an and or of to by with for as his her their its said told met saw is was be became "  # noqa: SIM905
    "called named like than".split()
)


def occupation_titles(text: str) -> list[tuple[int, str, int]]:
    """Where an occupation introduces a name: (title start, title as written, name start).

    The modifier is kept only when it is a content word ("record producer"),
    not an article, a preposition or a verb ("the producer", "married
    musician" give the occupation alone), and a capitalised modifier only at
    a sentence start ("Fashion designer").
    """
    out: list[tuple[int, str, int]] = []
    for m in _OCCUPATION.finditer(text):
        title, start = m.group("title"), m.start("title")
        words = title.split()
        first = words[0].lower()
        verb = first.endswith(
            ("ed", "ing")
        )  # 'married musician X': a past or present participle is no modifier
        stray = first in _MODIFIER_STOP or verb or (words[0][0].isupper() and not _opens(text, start))
        if len(words) == 2 and stray:
            start += len(words[0]) + 1
            title = words[1]
        out.append((start, title, m.end()))
    return out


def _opens(text: str, pos: int) -> bool:
    """Whether ``pos`` opens a sentence or a line."""
    before = text[max(0, pos - 2) : pos]
    return pos == 0 or before.endswith("\n") or before[:1] in ".!?"
