"""Name normalisation and comparison for cross-article actor resolution.

Outlets spell the same name differently: diacritics or not, "al-" or not,
"Fouad"/"Fuad", "Abdallah"/"Abdullah", with or without "President". This
module reduces a name to comparable tokens in three strengths:

* ``fold`` removes case, diacritics, punctuation and hyphens (used for
  deciding whether two *spellings* disagree: only these differences are not
  a disagreement);
* ``translit`` also folds the transliteration variants common in news
  (ou/oo→u, ee/ei→i, aa→a, kh→k, q→k, doubled letters);
* ``skeleton`` keeps the first letter and the consonants, so vowel variants
  ("Abdallah"/"Abdullah", "Mohammed"/"Muhammad") share a key; it is only a
  blocking key and a necessary condition, never enough on its own.

Comparison is deliberately strict for people: a shared first name or a
shared kunya ("Abu ...") is no evidence; the last tokens must agree and every
token of the shorter name must agree with the longer one in order. Aliases
are never matched here by similarity; the merge links them only through an
article's own "also known as" evidence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from schemas.vocab import ActorType

#: Words that precede a name as a title or honorific; dropped for matching.
TITLE_WORDS = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady sheikh shaykh sheik sayyid sayed
    president vice prime minister ministers secretary general gen lt col colonel
    maj major capt captain brig brigadier commander chief deputy interim acting
    former foreign defence defense interior finance state senator sen rep
    representative governor gov mayor king queen prince princess emir amir
    sultan imam ayatollah mullah cleric pope rev reverend father judge justice
    ambassador spokesman spokeswoman spokesperson chancellor premier speaker
    leader head chairman chairwoman chair director field marshal admiral
    sergeant sgt officer
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

#: A regex class of capital letters that open a name: ASCII, Latin-1 and Latin Extended-A/B ("Ł", "Ş", "Ő"),
#: which "[A-Z\u00C0-\u00DE]" misses ("Łukasz", "Şahin").
CAPITAL = (
    "[A-Z\u00c0-\u00d6\u00d8-\u00de" + "".join(c for c in map(chr, range(0x100, 0x250)) if c.isupper()) + "]"
)

#: Arabic definite-article particles written before a name ("al-", "el-", "ash-").
_ARTICLE_PARTICLES = frozenset({"al", "el", "ul", "ad", "ash", "as", "at", "ar", "an", "az", "ath", "adh"})
#: Standalone tokens that are articles even without a hyphen ("al Sudani").
_STANDALONE_ARTICLES = frozenset({"al", "el"})
#: Kunya/nasab prefixes: a name made of one of these plus one token is too common to fuzzy-match.
KUNYA_PREFIXES = frozenset({"abu", "abou", "umm", "um", "ibn", "bin", "ben", "bint"})
#: Function words ignored when comparing organisation names and building acronyms.
_STOPWORDS = frozenset({"the", "of", "in", "and", "for", "on", "to", "a", "an", "de", "du", "la", "le"})

#: Head nouns outlets swap freely after a body's name ("X intelligence service"/"X intelligence forces").
_GENERIC_HEADS = frozenset({"forces", "force", "service", "services", "agency", "troops", "units", "unit"})

_APOSTROPHES = "'\u2019\u2018\u02bc\u02bf\u02be`\u00b4"
_PUNCT_RE = re.compile(r"[^\w\s]", re.UNICODE)
_TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    ("kh", "k"),
    ("gh", "g"),
    ("ph", "f"),
    ("dh", "d"),
    ("th", "t"),
    ("q", "k"),
    ("ck", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ei", "i"),
    ("aa", "a"),
    ("y", "i"),
    ("w", "u"),
)
_VOWELS = frozenset("aeiou")
#: Arabic has three vowel qualities; "e" and "o" in Latin spellings render "i" and "u".
_VOWEL_CLASS = str.maketrans({"e": "i", "o": "u"})

#: Minimum rapidfuzz ratio between transliterated tokens whose skeletons agree.
TOKEN_SIMILARITY = 75.0
#: Minimum token-sort similarity between two organisation names.
ORG_SIMILARITY = 92.0


def strip_accents(text: str) -> str:
    """Remove diacritics by NFKD decomposition (so "Fouâd" compares as "Fouad")."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _raw_tokens(text: str) -> list[str]:
    """Lower-cased, accent-free tokens; hyphen-joined article particles kept as their own token."""
    text = strip_accents(text).casefold()
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)  # U.S. -> US
    tokens: list[str] = []
    for word in _PUNCT_RE.sub(lambda m: "-" if m.group() == "-" else " ", text).split():
        parts = [p for p in word.split("-") if p]
        if len(parts) > 1 and parts[0] in _ARTICLE_PARTICLES:
            parts = ["al"] + parts[1:]
        tokens += parts
    return tokens


def fold(text: str, person: bool = False) -> str:
    """Case, diacritics, punctuation and hyphens folded; Arabic articles dropped.

    Two spellings with the same ``fold`` are the same spelling: "al-Assad" and
    "Assad" do not disagree, "Fuad" and "Fouad" do.
    """
    return " ".join(name_tokens(text, person))


def strip_titles(tokens: list[str]) -> list[str]:
    """Drop leading titles ("Iraqi Prime Minister", "Dr") while keeping at least one token.

    A nationality or office adjective before a title ("U.S. President") is
    dropped with it: the last title word within the first four tokens marks
    where the name starts.
    """
    cut = 0
    for i, tok in enumerate(tokens[:4]):
        if tok in TITLE_WORDS:
            cut = i + 1
    if cut >= len(tokens):
        cut = 0
    return tokens[cut:]


@lru_cache(maxsize=65536)
def _name_tokens_cached(text: str, person: bool) -> tuple[str, ...]:
    tokens = [t for t in _raw_tokens(text) if t not in _STANDALONE_ARTICLES]
    return tuple(strip_titles(tokens)) if person else tuple(tokens)


def name_tokens(text: str, person: bool = True) -> list[str]:
    """Folded tokens of a name without Arabic articles, and without titles for people.

    Titles are only stripped from people: "Foreign Ministry" must keep "Foreign".
    """
    return list(_name_tokens_cached(text, person))


@lru_cache(maxsize=65536)
def translit(token: str) -> str:
    """Fold transliteration variants of one folded token ("fouad" -> "fuad")."""
    out = token
    for old, new in _TRANSLIT_RULES:
        out = out.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", out)


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """First letter plus consonants of the transliterated token: the vowel-folding key."""
    t = translit(token)
    if not t:
        return t
    body = "".join(ch for ch in t[1:] if ch not in _VOWELS)
    return t[0] + body


def tokens_agree(a: str, b: str) -> bool:
    """Whether two folded tokens are spellings of the same name part."""
    if a == b:
        return True
    ta, tb = translit(a), translit(b)
    if ta == tb:
        return True
    if skeleton(a) != skeleton(b):
        return False
    return fuzz.ratio(ta.translate(_VOWEL_CLASS), tb.translate(_VOWEL_CLASS)) >= TOKEN_SIMILARITY


def type_group(actor_type: ActorType) -> str:
    """Coarse type used to forbid merges: people never merge with organisations."""
    if actor_type == ActorType.person:
        return "person"
    if actor_type == ActorType.country:
        return "country"
    return "organization"


def is_kunya(tokens: list[str]) -> bool:
    """Whether a name is "Abu X"-like: a kunya/nasab prefix plus one token."""
    return len(tokens) == 2 and tokens[0] in KUNYA_PREFIXES


@dataclass(frozen=True)
class NameKey:
    """A name reduced once, compared many times."""

    tokens: tuple[str, ...]
    acronym: str | None

    @cached_property
    def exact(self) -> str:
        """The transliterated form: equal for spellings that differ only by transliteration."""
        return " ".join(translit(t) for t in self.tokens)

    @cached_property
    def sorted_key(self) -> str:
        """Order-free transliterated key, for organisations written in another order."""
        return " ".join(sorted(translit(t) for t in self.tokens if t not in _STOPWORDS))

    @cached_property
    def last_skeleton(self) -> str:
        """Blocking key of people: the skeleton of the last token."""
        return skeleton(self.tokens[-1]) if self.tokens else ""


@lru_cache(maxsize=65536)
def name_key(name: str, group: str = "person") -> NameKey:
    """Reduce a name for comparison; remembers an all-capitals acronym form ("ISIS")."""
    stripped = name.replace(".", "").strip()
    acronym = stripped if 2 <= len(stripped) <= 8 and stripped.isalpha() and stripped.isupper() else None
    return NameKey(tuple(name_tokens(name, group == "person")), acronym.casefold() if acronym else None)


def initials(key: NameKey) -> str:
    """Initial letters of the significant tokens ("islamic state in iraq and syria" -> "isis")."""
    return "".join(t[0] for t in key.tokens if t not in _STOPWORDS and t)


def people_agree(a: NameKey, b: NameKey) -> bool:
    """Whether two person names can denote the same person.

    The last tokens must agree, and every token of the shorter name must agree
    with a token of the longer one, in order. So "Fuad Hussein" matches
    "Fouad Hussein" and "Mohammed al-Sudani" matches "Mohammed Shia al-Sudani",
    but "Ahmed Karimi" never matches "Ahmed Rahimi" and "Abu Sami" never
    matches "Abu Salim". Kunyas ("Abu X") must be equal after transliteration.
    """
    if not a.tokens or not b.tokens:
        return False
    if is_kunya(list(a.tokens)) or is_kunya(list(b.tokens)):
        return a.exact == b.exact
    short, long_ = (a.tokens, b.tokens) if len(a.tokens) <= len(b.tokens) else (b.tokens, a.tokens)
    if not tokens_agree(short[-1], long_[-1]):
        return False
    j = 0
    for tok in short[:-1]:
        while j < len(long_) - 1 and not tokens_agree(tok, long_[j]):
            j += 1
        if j >= len(long_) - 1:
            return False
        j += 1
    return True


def _core(key: NameKey) -> tuple[str, ...]:
    """Significant transliterated tokens of an organisation name, generic head nouns removed."""
    return tuple(sorted(translit(t) for t in key.tokens if t not in _STOPWORDS and t not in _GENERIC_HEADS))


def organizations_agree(a: NameKey, b: NameKey) -> bool:
    """Whether two organisation or country names denote the same body.

    Equal order-free keys (also after dropping a generic head noun such as
    "forces" or "service", when two words remain), an acronym that spells the
    other's initials, or a near-identical transliterated form; a partial
    overlap such as "Foreign Ministry"/"Defence Ministry" is not enough.
    """
    if not a.tokens or not b.tokens:
        return False
    if a.sorted_key and a.sorted_key == b.sorted_key:
        return True
    core_a, core_b = _core(a), _core(b)
    if len(core_a) >= 2 and core_a == core_b:
        return True
    if a.acronym and len(b.tokens) > 1 and a.acronym == initials(b):
        return True
    if b.acronym and len(a.tokens) > 1 and b.acronym == initials(a):
        return True
    return fuzz.token_sort_ratio(a.exact, b.exact) >= ORG_SIMILARITY


def names_agree(a: NameKey, b: NameKey, group: str) -> bool:
    """Dispatch on the coarse type group (see ``type_group``)."""
    return people_agree(a, b) if group == "person" else organizations_agree(a, b)


def blocking_keys(key: NameKey, group: str) -> list[str]:
    """Candidate keys: two names that may agree share at least one of these.

    People: the last token's skeleton. Organisations: the sorted key, the
    skeleton of every significant token, and the acronym or initials. Keys
    are prefixed with the type group so people and organisations never meet.
    """
    if not key.tokens:
        return []
    if group == "person":
        return [f"{group}|last|{key.last_skeleton}"]
    keys = {f"{group}|sorted|{key.sorted_key}"}
    keys.update(f"{group}|tok|{skeleton(t)}" for t in key.tokens if t not in _STOPWORDS)
    if key.acronym:
        keys.add(f"{group}|acr|{key.acronym}")
    if len(key.tokens) > 1:
        keys.add(f"{group}|acr|{initials(key)}")
    return sorted(keys)
