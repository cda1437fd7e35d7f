"""People named without a title or a speech verb, found by their given name.

News names most people bare ("Peter Greste was deported", "judge Hassan
Farid"), so cue words alone miss them. A capitalised run that starts with a
given name found in ``gender-guesser``'s name dictionary (about 40,000 first
names from many countries) and goes on with a surname is taken as a person.
The lexicon is generic; months, weekdays and runs ending in a place or body
word ("Victoria Station", "Georgia Tech") are refused.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.backends.heuristic.vocab import place_names
from pipeline.text.given_names import lexicon_gender
from pipeline.text.names import CAPITAL

_TOKEN = re.compile(
    rf"(?:(?:al|el|ad|as|ash|an|ar|at|az)-)?{CAPITAL}(?:[\w-]|['\u2019](?=\w))*\.?"
    r"|(?:bin|ibn|bint|de|da|del|der|van|von|den|di|du|dos|das|la|le)\b"
)
_GAP = re.compile(r"[ \t]+")
_INITIAL = re.compile(r"[A-Z]\.$")
_PARTICLES = frozenset(["bin", "ibn", "bint", "de", "da", "del", "der", "van", "von", "den", "di", "du", "dos", "das", "la", "le"])
_NOT_GIVEN = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday God Christ Lord Saint Al El Storm Hurricane Typhoon "
    "Cyclone".split()
)
#: Capitalised function words (titles of works: "Love Me or Leave Me", title-case headlines: "Blaze That
#: Killed 19") are never surnames.
_FUNCTION_WORDS = frozenset(
    "Me You Him Her It Us Them My Your Our The Of And To In On At Or Is Was Be A An That This Which Who "
    "What When Where Why How For With From By As Would Could Might Must Should".split()
)
#: Last words that make a run a place or a body, not a person.
_PLACE_OR_BODY = frozenset(
    "Street Road Avenue Square Park Station River Lake Mountain Mountains Island Islands Bay Valley Beach "
    "University College School Hospital Club Stadium Airport Bridge Hall Center Centre Institute Foundation "
    "Tech FC City County State Province District Region Church Cathedral Mosque Hotel Prize Award Cup "
    "Act Law Times Post News Prison Jail Museum Library Theatre Theater Gallery Palace Mall Group Holdings "
    "Company Corporation Management Services Systems Partners Capital Fund Trust Agency Network "
    "Studios Heights Sea Ocean Coast Desert Area Zone Universe Page Force Forces Organization Organizations "
    "Organisation Organisations Marathon Festival Games Olympics Championship Championships Tournament "
    "Awards Reservation Underground World Command Headquarters Complex Catholic Catholics Protestant Orthodox "
    "Anglican Lutheran Methodist Baptist Presbyterian Evangelical Pentecostal Sunni Shia Shiite "
    # the sector word that ends a company's name ("Harbor Logistics", "Vantor Energy")
    "Logistics Energy Motors Industries Technologies Pharmaceuticals Therapeutics Laboratories Labs Software "
    "Semiconductors Telecom Telecommunications Communications Entertainment Foods Insurance Securities "
    "Properties Resources Solutions Mining Chemicals Shipping Airlines Airways Railways Electronics".split()
)
#: A word before a bare name that makes it a place the story goes to or is in ("entered X Y", "near X Y").
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|into|entered|outside|inside|across|throughout|towards?)[ \t]+$")


def ends_like_place_or_body(name: str) -> bool:
    """Whether a capitalised run ends in a word that makes it a place or a body ('X Web Services')."""
    words = name.split()
    return bool(words) and words[-1] in _PLACE_OR_BODY


@lru_cache(maxsize=4096)
def is_given_name(word: str) -> bool:
    """Whether ``word`` is a first name in the lexicon (any gender, any country), or a hyphened pair of them."""
    if word in _NOT_GIVEN or not word[:1].isupper() or len(word) < 2 or word.isupper():
        return False
    parts = word.split("-")  # a double given name ("Jean-Yves", "Anna-Lena"), never "Kestria-backed"
    double = len(parts) == 2 and parts[1][:1].isupper() and is_given_name(parts[0])
    return double or lexicon_gender(word) != "unknown"


def given_name_people(text: str, refused: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    """Spans of ``Given [Initial.] [particle] Surname...`` names in ``text``.

    Args:
        text: The article.
        refused: Words that end a name (organisation cues, countries, demonyms).

    Returns:
        (start, end) of each name: a given name and one to three more
        capitalised words (initials and particles between them allowed).
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() < pos or m.group() in _PARTICLES:
            continue
        word = m.group()
        if word.endswith(".") or word in refused or not is_given_name(word) or _continues_name(text, m.start()):
            continue
        end, surnames, cursor = m.end(), 0, m.end()
        while surnames < 3:
            gap = _GAP.match(text, cursor)
            nxt = _TOKEN.match(text, gap.end()) if gap else None
            if nxt is None or nxt.group().rstrip(".") in refused or nxt.group() in _FUNCTION_WORDS:
                break
            cursor = nxt.end()
            if nxt.group() in _PARTICLES or _INITIAL.match(nxt.group()):
                continue
            token = nxt.group()
            if token.endswith(("'s", "\u2019s")):  # "Tomas Varga's death": the name stops before the 's
                end = nxt.end() - 2
                surnames += 1
                break
            if token.endswith(".") and not _INITIAL.match(token):
                end = nxt.end() - 1  # a surname ending the sentence
                surnames += 1
                break
            end = nxt.end()
            surnames += 1
        name = text[m.start() : end]
        locative = _LOCATIVE_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if surnames and not locative and not ends_like_place_or_body(name) and name not in place_names():
            out.append((m.start(), end))
            pos = end
    return out


def _continues_name(text: str, start: int) -> bool:
    """True when the word before is capitalised too: 'Baher Mohamed' starts at Baher, not Mohamed."""
    before = text[max(0, start - 30) : start]
    prev = re.search(r"([\w'\u2019.-]+)[ \t]+$", before)
    return bool(prev and prev.group(1)[:1].isupper() and is_given_name(prev.group(1).rstrip(".")))
