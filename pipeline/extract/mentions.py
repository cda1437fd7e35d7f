"""Where an article mentions its actors: names, unique surnames, role nouns and pronouns.

Attribution binds a reporting cue to the mention next to it, so it needs
every place an actor is referred to, with character offsets: the full name
and its other forms, a surname that only one actor has, a role noun ("the
company", "the spokesman") that refers back to one actor, and a pronoun
resolved to the nearest fitting actor before it. A form shared by several
actors is kept with all of them (``alts``), so a binding to it says that
the article does not make the speaker clear. Generic English only: no name,
outlet or story is known here.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from pipeline.extract.cues import REPORTING_VERBS
from pipeline.text.given_names import Sex, name_sex
from pipeline.text.names import TITLE_WORDS, strip_accents
from pipeline.text.sentences import MONTHS, WEEKDAYS, QuoteSpan, find_quotes
from schemas import ActorType

_PRONOUNS = {"he": "person", "she": "person", "it": "body", "him": "person", "his": "person", "her": "person", "its": "body"}
#: The sex a person pronoun speaks of ("she" is never a man the lexicon is sure of).
_PRONOUN_SEX: dict[str, Sex] = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}
#: Pronouns, searched in lower case without a leading ``\b``, so the regex engine skips ahead to an
#: h, s or i instead of trying every position (the word start is checked by ``_word_starts``).
_PRONOUN_RE = re.compile(r"(?:h(?:e|is|im|er)|she|its?)\b")
#: Object and possessive pronouns refer to an actor but never speak: they tie participants only.
_OBJECT_PRONOUNS = frozenset(["him", "his", "her", "its"])

#: Role nouns that refer back to an organisation named earlier ("the company said").
_BODY_NOUNS = re.compile(
    r"\b(?:the|its|their|[A-Z][\w-]*['\u2019]s)\s+(?:[a-z-]+\s+)?"
    r"(company|firm|group|ministry|agency|police|military|army|court|government|department|council|"
    r"commission|party|club|team|airline|bank|university|hospital|union|board|office|authority|service|"
    r"committee|federation|association|organi[sz]ation|prosecutors?|carrier|manufacturer|regulator|insurer|"
    r"foundation|charity|institute|chain|retailer|broadcaster|newspaper|network|operator|developer|publisher)\b",
)
_PARTICLE = re.compile(r"^(?:al|el|ad|as|an|ar|at|az|ash)-", re.IGNORECASE)
_TITLE_QUALIFIERS = re.compile(
    r"^(?:(?:former|acting|interim|deputy|then|current|new|outgoing)\s+)+", re.IGNORECASE
)
_GENERIC_BODIES = {
    "company": "organization", "firm": "organization", "group": "organization",
    "chain": "organization", "retailer": "organization",
}

MentionKind = Literal["name", "pronoun", "object", "role"]
ActorKind = Literal["person", "body", "country"]


class Mention(NamedTuple):
    """A place where the article refers to an actor, by name, pronoun or role noun.

    A named tuple: grounding builds one per name, pronoun and role noun of
    every answer, and a tuple is built several times faster than a frozen dataclass.
    """

    start: int
    end: int
    actor: str
    kind: MentionKind = "name"
    alts: tuple[str, ...] = ()

    def refers_to(self, key: str) -> bool:
        """True when the mention may mean ``key`` (a shared surname may mean several actors)."""
        return key == self.actor or key in self.alts


def actor_kind(actor_type: ActorType) -> ActorKind:
    """How attribution treats an actor type: a person, a country, or a body (everything else)."""
    if actor_type is ActorType.person:
        return "person"
    return "country" if actor_type is ActorType.country else "body"


@dataclass(frozen=True)
class ActorForms:
    """What an actor is called: its key, every name form, its kind, title and organisation type."""

    key: str
    names: tuple[str, ...]
    kind: ActorKind
    title: str | None = None
    org_type: str | None = None


#: A sentence ends at a stop before a space, closing marks between ('so much." The ...'), or at a line end.
_SENTENCE_STOP = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s)|\n")


def resolve_pronouns(
    text: str,
    mentions: Sequence[Mention],
    kinds: Mapping[str, str],
    quotes: Sequence[QuoteSpan],
    sexes: Mapping[str, Sex] | None = None,
) -> list[Mention]:
    """Mentions plus pronoun mentions: "he"/"she" is the nearest person before, "it" the nearest body.

    Args:
        text: The article.
        mentions: Named mentions in article order.
        kinds: Actor key -> "person" or "body" (organisations, agencies, groups).
        quotes: The article's quotations (``QuoteFrames.quotes``).
        sexes: Actor key -> the sex its given name tells, where the lexicon is sure ("she" skips a man).

    Returns:
        All mentions in article order, pronouns included where they resolve.
    """
    ordered = sorted(mentions, key=lambda x: x.start)
    out = list(ordered)
    quoted = [(q.open, q.close) for q in quotes]
    # Names inside quotation marks are the speaker's words ("...Vice President-elect Harris". He added):
    # a pronoun outside them refers back to the reporter's own mentions.
    reported = [x for x in ordered if not any(a < x.start < b for a, b in quoted)]
    for m in _word_starts(_PRONOUN_RE, text):
        word = m.group().lower()
        want = _PRONOUNS[word]
        sex = _PRONOUN_SEX.get(word)
        stop = _SENTENCE_STOP.search(text, m.end())
        # "he took issue with Lee's brother": he is not Lee. An actor named later in the
        # pronoun's own sentence is not what it refers to.
        later = {x.actor for x in ordered if m.end() <= x.start < (stop.start() if stop else len(text))}
        inside_quote = any(a < m.start() < b for a, b in quoted)
        before = [
            x
            for x in (ordered if inside_quote else reported)
            if x.end <= m.start()
            and not x.alts
            and kinds.get(x.actor) == want
            and x.actor not in later
            and (sex is None or (sexes or {}).get(x.actor, sex) == sex)
        ]
        if before and m.start() - before[-1].end < 600:
            kind: MentionKind = "object" if word in _OBJECT_PRONOUNS else "pronoun"
            out.append(Mention(m.start(), m.end(), _antecedent(text, before, m.start()).actor, kind))
    return sorted(out, key=lambda x: x.start)


#: A preposition (and the determiner, capitalised titles or a coordination after it) right before a name:
#: "met with President", "with the Armed Forces and Air Force chief".
def _name_after(prepositions: str) -> re.Pattern[str]:
    return re.compile(
        rf"\b(?:{prepositions})\s+(?:the\s+)?(?:(?:(?!(?:{WEEKDAYS}|{MONTHS})\b)[A-Z][\w-]*|and|&)\s+){{0,5}}$"
    )


_PREPOSITION_BEFORE = _name_after("with|to|for|by|from|at|against|about|on|than|toward|towards|into|between|among|alongside")
#: The prepositions of an addressee or a topic ("speaking to", "met with", "talks about"), not of an affiliation
#: ("of", "for", "at", "from") or an author ("by").
_ADDRESSEE_BEFORE = _name_after("with|to|against|about|than|toward|towards|into|between|among|alongside")


def after_preposition(text: str, start: int) -> bool:
    """Whether the name at ``start`` is the object of a preposition ("met with President Li", "spoke to the council").

    Such a name is who was met or addressed; it is seldom the clause's subject.
    """
    return _PREPOSITION_BEFORE.search(text, max(0, start - 40), start) is not None


def addressed(text: str, start: int) -> bool:
    """Whether the name at ``start`` is who was spoken to, met or talked about ("speaking to the council").

    Unlike :func:`after_preposition`, a body the speaker belongs to ("a
    spokesman for the ministry") or a document's author ("a statement by
    the ministry") is no addressee.
    """
    return _ADDRESSEE_BEFORE.search(text, max(0, start - 40), start) is not None


#: A relative pronoun right before a name: the name is the subject of a relative clause ("a deal in which Li
#: became premier"), not of the sentence.
_RELATIVE_BEFORE = re.compile(r"\b(?:which|whom|whose|where)\s+(?:the\s+)?$", re.IGNORECASE)
#: A relation apposed before a name ("endorsed his former rival, Joe Li"): the name is somebody's relation,
#: named as the object of what its owner did.
_RELATION_BEFORE = re.compile(r"\b(?:his|her|their|its)\s+(?:[\w-]+\s+){0,3}?[\w-]+,\s*$", re.IGNORECASE)


def _subordinate(text: str, start: int) -> bool:
    """Whether the name at ``start`` is a preposition's object, a relative clause's subject or a relation
    apposed to a possessive: not what a pronoun in a later sentence carries on."""
    window = max(0, start - 50)
    return (
        after_preposition(text, start)
        or _RELATIVE_BEFORE.search(text, max(0, start - 16), start) is not None
        or _RELATION_BEFORE.search(text, window, start) is not None
    )


def _antecedent(text: str, before: Sequence[Mention], at: int) -> Mention:
    """The subject a pronoun carries on: the last sentence's, else the nearest fitting mention that is one.

    A pronoun that opens a new sentence takes the last sentence's first
    fitting name that is no preposition's object, relative clause's subject
    or apposed relation ("Li said she had warned Okoro. "...," she said": Li).

    "Li met with President Okoro, where he said": the subject of the clause
    is what a pronoun carries on, not the name after "with". A name after a
    preposition stays the antecedent when nobody else fits in its sentence
    ("The prize went to Li. She said"), but not when it shares the pronoun's
    own sentence: in "Speaking to Okoro of PBS, he said" the one addressed is
    never the one speaking, so the pronoun takes the subject of the sentence
    before (its first fitting name outside a prepositional phrase).
    """
    near = before[-1]
    if _SENTENCE_STOP.search(text, near.end, at):
        # The pronoun opens a new sentence: it carries on the last sentence's subject, its first fitting
        # name ("Li said she had warned Okoro. "He ignored me," she said": Li), not its object.
        start = max((s.end() for s in _SENTENCE_STOP.finditer(text, max(0, near.start - 600), near.start)), default=0)
        first = next((x for x in before if x.start >= start and not _subordinate(text, x.start)), None)
        if first is not None:
            return first
    if not _subordinate(text, near.start):
        return near
    for alt in reversed(before[-4:-1]):
        if _SENTENCE_STOP.search(text, alt.end, near.start):
            break
        if alt.actor != near.actor and not _subordinate(text, alt.start):
            return alt
    if _SENTENCE_STOP.search(text, near.end, at):
        return near
    reach = max(0, near.start - 1500)  # two sentences back is all this needs; never rescan the article
    stops = [reach, reach, *(s.end() for s in _SENTENCE_STOP.finditer(text, reach, near.start))]
    prior, own = stops[-2], stops[-1]
    subject = next(
        (
            x
            for x in before
            if prior <= x.start < own and x.actor != near.actor and not _subordinate(text, x.start)
        ),
        None,
    )
    return subject or near


def find_mentions(
    text: str, actors: Sequence[ActorForms], quotes: Sequence[QuoteSpan] | None = None
) -> list[Mention]:
    """Every mention of ``actors`` in ``text``: names, unique surnames, role nouns and pronouns.

    ``quotes`` are the article's quotations when the caller has them already
    (``QuoteFrames.quotes``); otherwise they are found here.

    A surname or role noun shared by two actors is left out: it cannot say
    which of them is meant. Longer forms win where forms overlap.
    """
    forms: dict[str, set[str]] = {}
    since: dict[str, int] = {}  # a form counts only from here on (a family name written first)
    countries = {a.key for a in actors if a.kind == "country"}
    for a in actors:
        for n in _forms(a):
            forms.setdefault(n, set()).add(a.key)
            since[n] = 0
        family = _family_name_first(text, a)
        if family is not None:
            forms.setdefault(family[0], set()).add(a.key)
            since[family[0]] = min(since.get(family[0], family[1]), family[1])
    taken: list[Mention] = []
    occupied = bytearray(len(text))  # 1 where a longer form already took the character
    # A form that is some actor's whole name ("Ruiz", listed apart from "Ana Ruiz Vidal") is that actor's,
    # not shared with those it is only the surname of.
    whole = [(a.names[0].strip(), a.key) for a in actors if a.names]
    named_so = {n: k for n, k in whole if sum(n == other for other, _ in whole) == 1}
    for form in sorted(forms, key=len, reverse=True):
        owner = named_so.get(form)
        key, *alts = [owner] if owner in forms[form] else sorted(forms[form])
        country = key in countries
        for start, end in occurrences(text, form, country):
            if start < since[form] or _QUALIFIED.search(text, max(0, start - 12), start):
                continue
            if not any(occupied[start:end]):
                occupied[start:end] = b"\x01" * (end - start)
                taken.append(Mention(start, end, key, "name", tuple(alts)))
    named = sorted(taken, key=lambda x: x.start)
    kinds = {a.key: a.kind for a in actors}
    found = find_quotes(text) if quotes is None else quotes
    sexes = {a.key: sex for a in actors if a.kind == "person" and a.names and (sex := name_sex(a.names[0]))}
    return resolve_pronouns(text, named + _role_mentions(text, actors, named), kinds, found, sexes)


_WORD_CHAR = re.compile(r"\w")


@functools.lru_cache(maxsize=8)
def _lowered(text: str) -> str:
    """The article lower-cased once for all its pronoun and title searches."""
    return text.lower()


def _word_starts(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    r"""Case-blind matches of a lower-case ``pattern`` that start a word: what ``(?<!\w)`` with IGNORECASE finds.

    Searching the lower-cased text with a pattern that opens on a literal is
    several times faster than a lookbehind tried at every position. Where
    lower-casing changes the text's length (a dotted capital I), offsets
    would shift, so that text is searched case-blind as written.
    """
    low = _lowered(text)
    if len(low) != len(text):
        low, pattern = text, re.compile(pattern.pattern, re.IGNORECASE)
    for m in pattern.finditer(low):
        if m.start() == 0 or not _WORD_CHAR.match(low, m.start() - 1):
            yield m
_LOWER_RUN = re.compile(r"[a-z]*")


def occurrences(text: str, form: str, country: bool = False) -> Iterator[tuple[int, int]]:
    r"""Where ``form`` stands in ``text`` as a whole word; a country also as its adjective ("Syria" -> "Syrian").

    The same matches as ``(?<!\w)form(?!\w)`` (or ``(?<!\w)stem[a-z]*(?!\w)``)
    run with ``re.finditer``, found with ``str.find`` instead: a pattern that
    opens with a lookbehind gets no literal fast search from the regex engine,
    so it tried every position of the article for every name form, about a
    millisecond per article, the largest single cost of grounding an answer.
    """
    adjective = country and len(form) >= 4 and form.isalpha()
    stem = form.rstrip("aey") if adjective else form
    if not stem:
        return
    pos = text.find(stem)
    while pos != -1:
        end = pos + len(stem)
        if adjective:
            end = _LOWER_RUN.match(text, end).end()  # type: ignore[union-attr]  # [a-z]* always matches
        if (pos == 0 or not _WORD_CHAR.match(text, pos - 1)) and not _WORD_CHAR.match(text, end):
            yield pos, end
            pos = text.find(stem, end)
        else:
            pos = text.find(stem, pos + 1)


#: A capitalised qualifier that makes a name part of a longer one: "Northern Ireland" is not "Ireland".
_QUALIFIED = re.compile(
    r"\b(?:Northern|Southern|Eastern|Western|North|South|East|West|New|Upper|Lower|Greater|Central)[ -]$"
)
#: A reporting verb that ends a form taken from evidence ("Mary Quant described"): the name stops before it.
_TRAILING_CUE = re.compile(rf"\s+(?:{REPORTING_VERBS})\b.*$")


def _family_name_first(text: str, actor: ActorForms) -> tuple[str, int] | None:
    """The first token of a two-token person name, and where it starts to count on its own.

    Chinese, Korean, Vietnamese or Hungarian names are often written family
    name first ("Wen Bo", later "Wen"). The first token alone means the
    person only after the full name was given, and only when it is no word
    of English (the article never writes it in lower case: "Will Smith" is
    not meant by "Will"). A token that is also another actor's form is
    shared, so it names nobody (see ``find_mentions``).
    """
    if actor.kind != "person" or not actor.names:
        return None
    name = actor.names[0].strip()
    parts = name.split()
    first = parts[0] if len(parts) == 2 else ""
    if len(first) < 2 or not first.isalpha() or not first[0].isupper() or first.lower() in TITLE_WORDS:
        return None
    full = next(occurrences(text, name), None)
    if full is None or next(occurrences(text, first.lower()), None) is not None:
        return None
    return first, full[1]


def _forms(actor: ActorForms) -> list[str]:
    """Every form the actor goes by: its names (cut before a reporting verb), surname, and name without "the"."""
    out = [_TRAILING_CUE.sub("", n.strip()) for n in actor.names if n and n.strip()]
    out = [n for n in out if n]
    if actor.kind == "person" and out:
        parts = out[0].split()
        last = _PARTICLE.sub("", parts[-1])
        if len(parts) >= 2 and len(last) >= 2 and last[0].isupper():
            out += [parts[-1], last]
        if len(parts) >= 3 and _SURNAME_WORD.fullmatch(parts[-2]):
            out.append(parts[-2])  # the first of two family names ("Ana Ruiz Vidal" is "Ruiz")
    for n in list(out):
        if n.lower().startswith("the "):
            out.append(n[4:])
    out += [strip_accents(n) for n in out if not n.isascii()]  # "Erdoğan" is also written "Erdogan"
    return list(dict.fromkeys(out))


#: A capitalised word of two letters or more, not an initial: what can be a family name.
_SURNAME_WORD = re.compile(r"[A-Z\u00c0-\u024f][\w'\u2019-]+")



def _role_mentions(text: str, actors: Sequence[ActorForms], named: list[Mention]) -> list[Mention]:
    """'the spokesman' for the one actor titled so; 'the ministry' for the nearest body of that name."""
    out: list[Mention] = []
    titled: dict[str, list[str]] = {}
    for a in actors:
        if a.title:
            core = _TITLE_QUALIFIERS.sub("", a.title).strip()
            for phrase in {core, core.split()[-1]} if core else set():
                titled.setdefault(phrase.lower(), []).append(a.key)
    for phrase, keys in titled.items():
        if len(set(keys)) == 1:
            for m in _word_starts(re.compile(rf"{re.escape(phrase)}(?!\w)"), text):
                # "the spokesman", "Iraqi Prime Minister announced" refer back; "became prime minister" and a
                # title in a list of roles ("with the Army and Air Force chief") do not.
                before = max(0, m.start() - 30)
                if _ROLE_DETERMINER.search(text, before, m.start()) or _ROLE_OPENS.search(text, before, m.start()):
                    out.append(Mention(m.start(), m.end(), keys[0], "role"))
    bodies = {a.key: _Body(" ".join(a.names).lower(), a.org_type) for a in actors if a.kind == "body"}
    ends = [x.end for x in named]  # named mentions do not overlap, so in start order they are in end order too
    for m in _BODY_NOUNS.finditer(text):
        noun = m.group(1).lower()
        key = _body_named_before(noun, named, bisect.bisect_right(ends, m.start()), bodies)
        if key is None:
            # Named only later ("its foundation said ... founded the Li Animal Foundation"): the one body so called.
            called = {k for k, body in bodies.items() if noun.rstrip("s") in body.names}
            key = called.pop() if len(called) == 1 else None
        if key is not None:
            # The noun alone is the mention: "Day's foundation said" binds the foundation, not Day.
            out.append(Mention(m.start(1), m.end(1), key, "role"))
    by_name = bytearray(len(text))
    for n in named:
        by_name[n.start : n.end] = b"\x01" * (n.end - n.start)
    return [r for r in out if not any(by_name[r.start : r.end])]


#: What stands before a role noun that refers to somebody: a determiner, perhaps one modifier ("the Wooster
#: professor")...
_ROLE_DETERMINER = re.compile(r"\b(?:the|this|that|its|their|our|his|her)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
#: ... or the start of a sentence, perhaps after a capitalised nationality ("Iraqi Prime Minister announced").
_ROLE_OPENS = re.compile(r"(?:^|[.!?][\"'\u201d\u2019)]*\s+|\n\s*)(?:[A-Z][\w-]*\s+){0,2}$")


class _Body(NamedTuple):
    """What a role noun is matched against: a body's names, joined and lower-cased once, and its type."""

    names: str
    org_type: str | None


def _body_named_before(noun: str, named: Sequence[Mention], upto: int, bodies: Mapping[str, _Body]) -> str | None:
    """The nearest body among ``named[:upto]`` that a role noun fits (in its name, or a generic noun of its type)."""
    stem, generic = noun.rstrip("s"), _GENERIC_BODIES.get(noun)
    for i in range(upto - 1, -1, -1):
        key = named[i].actor
        body = bodies.get(key)
        if body is not None and (stem in body.names or generic == body.org_type):
            return key
    return None
