"""How alike a predicted record is to a gold record, per field and per pair.

The scorer pairs predicted with gold records by the pair similarities below
(each in [0, 1]) and then judges single fields of the matched pairs with the
field checks. Weights of the pair similarities:

* actors: alias-aware name similarity only: the best score over every pair
  of forms (name, canonical name, aliases) of the two actors, honorifics and
  titles stripped from people, compared word by word (``_form_similarity``).
  The type is scored as a field, never as a gate, so a person typed as an
  organisation still counts as found.
* quotes: similarity of the quoted words only (``word_similarity``). The
  speaker is scored as a field, so a misattributed quote is found but its
  speaker is wrong.
* events: 0.55 evidence overlap + 0.20 type + 0.125 date + 0.125 location.
  Evidence dominates because both sides are grounded in the same article
  text: overlapping spans mean the same passage. Without any overlap a pair
  reaches at most 0.45, under the default threshold of 0.5, so two events
  that merely share a type, a day and a place are not taken for one.
* agreements: 0.40 subject + 0.20 party overlap + 0.40 evidence overlap.

Conventions: text is folded before any comparison (case, diacritics,
punctuation including typographic quotes and dashes turned into spaces,
whitespace collapsed). Short free text (subject, title, channel, place) is
compared with rapidfuzz's ``token_sort_ratio``, so word order does not
matter. Two missing values agree; a missing value never agrees with a
present one. Evidence overlap is the Dice coefficient of the characters
covered by each side's spans. Dates are equal at the gold's granularity: a
gold "2025-03" (month) equals a predicted "2025-03-13". References (speaker,
participants, parties) are resolved to actors within their own file and
compared by name, so ids never need to agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

from schemas import Actor, ActorType, Agreement, Event, Granularity, Participant, Quote, Span, TimeExpression

#: Free-text fields (title, channel, location) agree at or above this similarity.
TEXT_FIELD_MATCH = 0.8
#: Two actors referenced by id are the same when their names are this similar.
SAME_ACTOR = 0.8
#: A person's name whose words are all words of the other name (a surname for a full name).
_SUBSET_NAME = 0.9
#: Two words of names are the same word at this spelling similarity (Mohammed/Muhammad: 0.75).
_NAME_WORD_MATCH = 0.7
#: Name particles that identify nobody on their own ("al-Assad" vs "Assad").
_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "bint", "de", "del", "der", "van", "von", "da", "di", "the", "of"}
)

EVENT_WEIGHTS = {"evidence": 0.55, "type": 0.20, "date": 0.125, "location": 0.125}
AGREEMENT_WEIGHTS = {"subject": 0.40, "parties": 0.20, "evidence": 0.40}

#: Honorifics and generic titles that precede people's names in news copy.
#: Stripped from the front of a person's name so "President X" and "X"
#: compare as one person; never from organisations, where such words name
#: the body ("Defence Ministry" vs "Interior Ministry").
_HONORIFIC_WORDS = """mr mrs ms miss mx dr prof professor sir dame lord lady madam rev reverend
president vice prime minister deputy foreign defence defense interior finance
secretary general gen lt col colonel maj major capt captain sgt brig brigadier
admiral commander chief head spokesman spokeswoman spokesperson senator sen rep
representative governor gov mayor ambassador chancellor king queen prince princess
sheikh sheik emir pope cardinal bishop imam ayatollah mullah judge justice
former acting interim premier"""
_HONORIFICS = frozenset(_HONORIFIC_WORDS.split())

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_ISO_LEN = {Granularity.day: 10, Granularity.month: 7, Granularity.year: 4}

_T = TypeVar("_T")


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", bare.casefold()).split())


def fold(text: str | None) -> str:
    """Normalise free text for comparison: case, diacritics, punctuation, spaces.

    Typographic quotes, dashes and ellipses are punctuation, so they become
    spaces like their ASCII forms and need no table of their own. Cached:
    the same names and texts are compared against many candidates.
    """
    return _fold(text) if text else ""


def text_similarity(a: str | None, b: str | None) -> float:
    """Word-order-insensitive similarity of two free texts in [0, 1]; two blanks are equal."""
    fa, fb = fold(a), fold(b)
    if not fa and not fb:
        return 1.0
    if not fa or not fb:
        return 0.0
    return fuzz.token_sort_ratio(fa, fb, processor=None) / 100.0


def text_agrees(a: str | None, b: str | None) -> bool:
    """Whether a free-text field agrees (both missing, or similar enough)."""
    return text_similarity(a, b) >= TEXT_FIELD_MATCH


def strip_honorifics(name: str, title: str | None = None) -> str:
    """Fold a person's name and drop leading honorifics, generic titles and their own title."""
    words = fold(name).split()
    own = fold(title).split()
    if own and words[: len(own)] == own and len(words) > len(own):
        words = words[len(own) :]
    while len(words) > 1 and words[0] in _HONORIFICS:
        words = words[1:]
    return " ".join(words)


def _is_person(actor: Actor) -> bool:
    """People (and untyped actors, often people a model could not type) get person rules."""
    return actor.type in (ActorType.person, ActorType.other)


@lru_cache(maxsize=65536)
def _name_words(name: str, title: str | None, person: bool) -> tuple[str, ...]:
    """The identifying words of a name: folded, dotted abbreviations joined, particles dropped."""
    text = name.replace(".", "")
    words = (strip_honorifics(text, title) if person else fold(text)).split()
    kept = tuple(w for w in words if w not in _PARTICLES)
    return kept or tuple(words)


def name_forms(actor: Actor) -> set[tuple[str, ...]]:
    """Every form an actor goes by (name, canonical name, aliases) as identifying words.

    Titles are stripped only from people, never from organisations.
    """
    person = _is_person(actor)
    forms = {_name_words(n, actor.title, person) for n in (actor.name, actor.canonical_name, *actor.aliases)}
    return {f for f in forms if f}


@lru_cache(maxsize=262144)
def _form_similarity(a: tuple[str, ...], b: tuple[str, ...], people: bool) -> float:
    """Soft Dice of two names' words, each word paired with its best-spelled partner.

    Words pair one to one when their spelling is close (transliterations such
    as Mohammed/Muhammad); unrelated names that merely look alike letter by
    letter score low, unlike a character ratio over the whole name. For two
    people, a name whose words all appear in the other (a surname for the
    full name) scores ``_SUBSET_NAME``. Pairing is greedy, best pair first:
    names have a handful of words, and this runs for every candidate pair.
    """
    if sorted(a) == sorted(b):
        return 1.0
    candidates = sorted(
        ((fuzz.ratio(x, y, processor=None) / 100.0, i, j) for i, x in enumerate(a) for j, y in enumerate(b)),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[float] = []
    for sim, i, j in candidates:
        if sim < _NAME_WORD_MATCH:
            break
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append(sim)
    score = 2 * sum(pairs) / (len(a) + len(b))
    if people and len(pairs) == min(len(a), len(b)) and all(sim == 1.0 for sim in pairs):
        score = max(score, _SUBSET_NAME)
    return score


def actor_similarity(pred: Actor | None, gold: Actor | None) -> float:
    """Alias-aware name similarity: the best over every pair of the two actors' forms."""
    if pred is None or gold is None:
        return 0.0
    people = _is_person(pred) and _is_person(gold)
    pairs = [(p, g) for p in name_forms(pred) for g in name_forms(gold)]
    return max((_form_similarity(p, g, people) for p, g in pairs), default=0.0)


def same_actor(pred: Actor | None, gold: Actor | None) -> bool:
    """Whether two referenced actors (each resolved in its own file) are the same one."""
    return actor_similarity(pred, gold) >= SAME_ACTOR


def dates_equal(pred: TimeExpression | None, gold: TimeExpression | None) -> bool:
    """Whether two resolved dates agree at the gold's granularity.

    An unresolved gold date (no value) agrees with an unresolved prediction
    written the same way; a range needs both ends to agree.
    """
    if pred is None or gold is None:
        return pred is None and gold is None
    if gold.value is None:
        return pred.value is None and fold(pred.text) == fold(gold.text)
    if pred.value is None:
        return False
    if gold.granularity == Granularity.range:
        return pred.value[:10] == gold.value[:10] and (pred.end or "")[:10] == (gold.end or "")[:10]
    size = _ISO_LEN.get(gold.granularity, len(gold.value)) if gold.granularity else len(gold.value)
    return pred.value[:size] == gold.value[:size]


def _merged(spans: Iterable[Span]) -> list[tuple[int, int]]:
    """The article ranges a side's spans cover, overlapping spans merged."""
    out: list[tuple[int, int]] = []
    for start, end in sorted((s.start, s.end) for s in spans if s.end > s.start):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _shared(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Characters covered by both lists of merged ranges."""
    total, i, j = 0, 0, 0
    while i < len(a) and j < len(b):
        total += max(0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def evidence_overlap(pred: Sequence[Span], gold: Sequence[Span]) -> float:
    """Dice coefficient of the article characters covered by each side's evidence."""
    p, g = _merged(pred), _merged(gold)
    size = sum(e - s for s, e in p) + sum(e - s for s, e in g)
    if size == 0:
        return 1.0
    return 2 * _shared(p, g) / size


def one_to_one(
    pred: Sequence[_T], gold: Sequence[_T], similarity: Callable[[_T, _T], float], threshold: float
) -> list[tuple[int, int, float]]:
    """Optimal one-to-one pairing of two lists; only pairs at or above ``threshold`` count.

    Entries under the threshold are zeroed before the assignment so that the
    Hungarian algorithm maximises the similarity of pairs that can count,
    never trading a valid pair for two near misses.

    Returns:
        (pred index, gold index, similarity) for each counted pair.
    """
    if not pred or not gold:
        return []
    matrix = np.array([[similarity(p, g) for g in gold] for p in pred], dtype=float)
    return assign(matrix, threshold)


def assign(matrix: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Hungarian assignment on a similarity matrix, keeping pairs at or above ``threshold``."""
    if matrix.size == 0:
        return []
    usable = np.where(matrix >= threshold, matrix, 0.0)
    rows, cols = linear_sum_assignment(usable, maximize=True)
    return [(int(r), int(c), float(matrix[r, c])) for r, c in zip(rows, cols) if matrix[r, c] >= threshold]


def actor_overlap(pred: Sequence[Actor | None], gold: Sequence[Actor | None]) -> float:
    """Dice coefficient of two actor lists, matched one to one by name."""
    if not pred and not gold:
        return 1.0
    matched = one_to_one(pred, gold, actor_similarity, SAME_ACTOR)
    return 2 * len(matched) / (len(pred) + len(gold))


def location_name(event: Event) -> str | None:
    """The most specific place an event names, for comparison."""
    loc = event.location
    if loc is None:
        return None
    return loc.name or loc.admin_region or loc.country


class Resolver:
    """Resolves actor ids to actors within one file, so references compare by name."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        """Index the actors of one article (prediction or gold)."""
        self.by_id: Mapping[str, Actor] = {a.id: a for a in actors}

    def get(self, actor_id: str | None) -> Actor | None:
        """The actor with this id, or None for no reference or a dangling one."""
        return None if actor_id is None else self.by_id.get(actor_id)

    def many(self, actor_ids: Iterable[str]) -> list[Actor | None]:
        """The actors for a list of ids (None where an id is dangling)."""
        return [self.get(i) for i in actor_ids]


Resolvers = tuple[Resolver, Resolver]


def reference_agrees(pred_id: str | None, gold_id: str | None, resolvers: Resolvers) -> bool:
    """Whether two actor references (each an id into its own file) name the same actor."""
    if pred_id is None or gold_id is None:
        return pred_id is None and gold_id is None
    return same_actor(resolvers[0].get(pred_id), resolvers[1].get(gold_id))


def participants_agree(pred: Event, gold: Event, resolvers: Resolvers) -> bool:
    """Whether two events have the same participants (alias-aware names) in the same roles."""
    if len(pred.participants) != len(gold.participants):
        return False

    def similarity(p: Participant, g: Participant) -> float:
        if p.role != g.role:
            return 0.0
        return actor_similarity(resolvers[0].get(p.actor_id), resolvers[1].get(g.actor_id))

    matched = one_to_one(pred.participants, gold.participants, similarity, SAME_ACTOR)
    return len(matched) == len(gold.participants)


def parties_agree(pred: Agreement, gold: Agreement, resolvers: Resolvers) -> bool:
    """Whether two agreements have the same parties (alias-aware names)."""
    return actor_overlap(resolvers[0].many(pred.parties), resolvers[1].many(gold.parties)) == 1.0


def actor_pair(pred: Actor, gold: Actor, resolvers: Resolvers) -> float:
    """Pair similarity of two actors: alias-aware names."""
    return actor_similarity(pred, gold)


def word_similarity(a: str | None, b: str | None) -> float:
    """Similarity of two texts as sequences of words (Indel ratio over words, order kept).

    Used for quotes: they are verbatim, so a prediction of the same quote
    shares its words in order (a fragment of it shares a run of them), while
    two different sentences of one article share little but "the" and "of".
    A character ratio rates such unrelated sentences around 0.5.
    """
    wa, wb = fold(a).split(), fold(b).split()
    if not wa and not wb:
        return 1.0
    return fuzz.ratio(wa, wb, processor=None) / 100.0


def quote_similarity(pred: Quote, gold: Quote, resolvers: Resolvers) -> float:
    """Pair similarity of two quotes: their quoted words."""
    return word_similarity(pred.text, gold.text)


def event_similarity(pred: Event, gold: Event, resolvers: Resolvers) -> float:
    """Pair similarity of two events with the weights in the module docstring."""
    w = EVENT_WEIGHTS
    return (
        w["evidence"] * evidence_overlap(pred.evidence, gold.evidence)
        + w["type"] * float(pred.type == gold.type)
        + w["date"] * float(dates_equal(pred.date, gold.date))
        + w["location"] * text_similarity(location_name(pred), location_name(gold))
    )


def agreement_similarity(
    pred: Agreement,
    gold: Agreement,
    resolvers: Resolvers,
) -> float:
    """Pair similarity of two agreements with the weights in the module docstring."""
    w = AGREEMENT_WEIGHTS
    parties = actor_overlap(resolvers[0].many(pred.parties), resolvers[1].many(gold.parties))
    return (
        w["subject"] * text_similarity(pred.subject, gold.subject)
        + w["parties"] * parties
        + w["evidence"] * evidence_overlap(pred.evidence, gold.evidence)
    )


def actor_fields(pred: Actor, gold: Actor, resolvers: Resolvers) -> dict[str, bool]:
    """Field agreement of a matched actor pair."""
    return {"type": pred.type == gold.type, "title": text_agrees(pred.title, gold.title)}


def quote_fields(pred: Quote, gold: Quote, resolvers: Resolvers) -> dict[str, bool]:
    """Field agreement of a matched quote pair."""
    return {
        "speaker": reference_agrees(pred.speaker_id, gold.speaker_id, resolvers),
        "kind": pred.kind == gold.kind,
        "channel": text_agrees(pred.channel, gold.channel),
    }


def event_fields(pred: Event, gold: Event, resolvers: Resolvers) -> dict[str, bool]:
    """Field agreement of a matched event pair."""
    return {
        "type": pred.type == gold.type,
        "date": dates_equal(pred.date, gold.date),
        "location": text_agrees(location_name(pred), location_name(gold)),
        "participants": participants_agree(pred, gold, resolvers),
    }


def agreement_fields(pred: Agreement, gold: Agreement, resolvers: Resolvers) -> dict[str, bool]:
    """Field agreement of a matched agreement pair."""
    return {
        "status": pred.status == gold.status,
        "parties": parties_agree(pred, gold, resolvers),
        "signed": dates_equal(pred.signed, gold.signed),
        "deadline": dates_equal(pred.deadline, gold.deadline),
    }


@dataclass(frozen=True)
class RecordKind:
    """How one record type is paired and judged: its pair similarity and field checks."""

    name: str
    similarity: Callable[[Any, Any, Resolvers], float]
    fields: Callable[[Any, Any, Resolvers], dict[str, bool]]
    field_names: tuple[str, ...]


#: The four record types in report order, keyed like the fields of ``Records``.
KINDS: tuple[RecordKind, ...] = (
    RecordKind("actors", actor_pair, actor_fields, ("type", "title")),
    RecordKind("events", event_similarity, event_fields, ("type", "date", "location", "participants")),
    RecordKind("quotes", quote_similarity, quote_fields, ("speaker", "kind", "channel")),
    RecordKind(
        "agreements", agreement_similarity, agreement_fields, ("status", "parties", "signed", "deadline")
    ),
)
