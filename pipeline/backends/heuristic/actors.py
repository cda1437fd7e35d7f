"""Actors of an article: candidates merged into actors, and every mention located.

The candidates (see ``candidates``) are merged within the article: surname
and "al-" short forms join the fullest name, an acronym or alias joins the
name it stands for, and each country is one actor whatever its written form.
Then every mention of each actor is located (names, aliases, surnames,
country forms, demonyms, a title standing alone) so the quote, event and
agreement rules can refer to actors by offset.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from pipeline.backends.heuristic.candidates import (
    NAME_AFTER_TITLE,
    PARTICLE_PREFIX,
    TITLE_RE,
    Candidate,
    find_candidates,
    is_plain_name,
    title_prefix,
)
from pipeline.backends.heuristic.countries import ABBREVIATION_AS_NOUN
from pipeline.backends.heuristic.headline import headline_end, sign_off_spans
from pipeline.backends.heuristic.legal_forms import core, short_forms
from pipeline.backends.heuristic.occupations import OCCUPATIONS
from pipeline.backends.heuristic.people import is_given_name
from pipeline.backends.heuristic.vocab import (
    COUNTRY_ABBREVIATIONS,
    COUNTRY_FORMS,
    COUNTRY_RE,
    DEMONYM_RE,
    DEMONYMS,
    ORG_NOUNS,
)
from schemas import ActorType

_ROLE_STATED = re.compile(
    r"\b(?:was|is|served as|serves as|held the (?:position|post|rank) of|was identified as|was described as|became)"
    r"\s+(?:the\s+|an?\s+|[A-Z][\w-]*['\u2019]s\s+)?[\"\u201c]?(?P<role>(?:[a-z-]+\s){0,2}"
    r"(?:leader|chief|head|caliph|emir|commander|spokesman|spokeswoman|spokesperson|founder|deputy|secretary|"
    r"chairman|chairwoman|president|minister|governor|mayor|envoy|ambassador|director|general))[\"\u201d]?"
    r"(?=\s+(?:of|for|within|in|and)\b|[,.;])"
)
_ARMED_NOUN_AFTER = re.compile(r"\s+(?:militants?|fighters?|cells?|insurgents?|jihadists?|terrorists?)\b")
#: Forms of address, which yield to a role title given in another mention.
_HONORIFICS = frozenset(["Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Miss"])
#: Canonical country names; a compass-led place ('Northern X') is a country actor outside this set.
_COUNTRIES = frozenset(COUNTRY_FORMS.values())
_LIST_GLUE = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+(?:the\s+)?)$")


@dataclass
class ActorInfo(Candidate):
    """One actor: the first candidate that names it, enriched by the later ones (see ``_absorb``)."""

    country: str | None = None


@dataclass(frozen=True)
class Mention:
    """Where an actor is named; ``demonym`` marks an adjective ('Iraqi') linked to a country."""

    start: int
    end: int
    actor: int
    demonym: bool = False


def _surname(name: str) -> str:
    """Last name token without an 'al-' style particle, case-folded, for merging."""
    last = name.split()[-1] if name.split() else name
    return PARTICLE_PREFIX.sub("", last).lower()


def _coalition_key(name: str) -> str:
    head, _, rest = name.partition("-led")
    head = COUNTRY_FORMS.get(head, DEMONYMS.get(head, head))
    return f"{head}-led{rest}".lower()


def _same_actor(a: ActorInfo, c: Candidate) -> bool:
    """Whether a candidate names an actor already found in the article."""
    if (a.type is ActorType.country) != (c.type is ActorType.country):
        return False
    if a.type is ActorType.country:
        return a.country == COUNTRY_FORMS.get(c.name, c.name)
    names_a = {a.name.lower(), *(x.lower() for x in a.aliases)}
    names_c = {c.name.lower(), *(x.lower() for x in c.aliases)}
    if names_a & names_c or ("-led" in a.name and _coalition_key(a.name) == _coalition_key(c.name)):
        return True
    if short_forms(a.name) or short_forms(c.name):  # a company named with its legal form, any type guessed
        return core(a.name) == core(c.name)
    if a.type is not ActorType.person and c.type is not ActorType.person:
        return _with_group_noun(a.name, c.name)
    if a.type is not ActorType.person or c.type is not ActorType.person:
        return False
    words_a, words_c = a.name.split(), c.name.split()
    single = len(words_a) == 1 or len(words_c) == 1
    shorter, longer = sorted((words_a, words_c), key=len)
    # 'Le Roux' is the surname of 'Anne-Marie Le Roux': a shorter name ending one that opens with a given name
    tail = len(shorter) < len(longer) and longer[-len(shorter) :] == shorter and is_given_name(longer[0])
    return _surname(a.name) == _surname(c.name) and (single or words_a[0] == words_c[0] or tail)


_GROUP_NOUN = re.compile(rf"(?:{ORG_NOUNS})", re.IGNORECASE)


def _with_group_noun(a: str, b: str) -> bool:
    """Whether one body name is the other with its group noun ('the X party' and 'the X Party')."""
    shorter, longer = sorted((a, b), key=len)
    tail = longer[len(shorter) :]
    return longer.lower().startswith(shorter.lower() + " ") and _GROUP_NOUN.fullmatch(tail.strip()) is not None


def _absorb(a: ActorInfo, c: Candidate) -> None:
    """Enrich an actor from a candidate naming it; a longer name replaces the name unless it is an alias."""
    known_alias = c.name.lower() in (x.lower() for x in a.aliases)  # a birth name stays an alias
    if len(c.name.split()) > len(a.name.split()) and not known_alias:
        if a.name.lower() != c.name.lower() and a.type is not ActorType.person:
            a.aliases.append(a.name)
        a.name = c.name
    if (
        a.type is ActorType.country
        and a.name in COUNTRY_ABBREVIATIONS
        and c.name not in COUNTRY_ABBREVIATIONS
    ):
        a.name = c.name
    if c.strength > a.strength:
        a.type, a.strength = c.type, c.strength
    if not a.title or (a.title in _HONORIFICS and c.title and c.title not in _HONORIFICS):
        a.title = c.title  # a role ('Prime Minister') says more than an honorific ('Mr.')
    a.affiliation = a.affiliation or c.affiliation
    a.aliases += [x for x in c.aliases if x not in a.aliases]


def _merge(candidates: list[Candidate]) -> list[ActorInfo]:
    """Fold candidates into actors, earliest mention first, fullest name kept."""
    actors: list[ActorInfo] = []
    by_country: dict[str, ActorInfo] = {}
    reach = (-1, -1)
    for c in sorted(candidates, key=lambda k: (k.start, -(k.end - k.start))):
        inner = reach[1] >= c.end and reach != (c.start, c.end)
        if c.end > reach[1]:
            reach = (c.start, c.end)
        if inner and c.type is not ActorType.country:
            continue
        if c.type is ActorType.country:
            match = by_country.get(COUNTRY_FORMS.get(c.name, c.name))  # a compass-led place is its own key
        else:
            match = next((a for a in actors if _same_actor(a, c)), None)
        if match is None:
            country = COUNTRY_FORMS.get(c.name, c.name) if c.type is ActorType.country else None
            actors.append(ActorInfo(**asdict(c), country=country))
            if country:
                by_country[country] = actors[-1]
        else:
            _absorb(match, c)
    for a in actors:
        a.aliases = [x for x in dict.fromkeys(a.aliases) if x.lower() != a.name.lower()]
    return actors


def _forms(actor: ActorInfo) -> list[str]:
    """Every written form by which the article may refer to an actor."""
    if actor.type is ActorType.country:
        return [f for f, canon in COUNTRY_FORMS.items() if canon == actor.country] or [actor.name]
    forms = [actor.name, *actor.aliases, *short_forms(actor.name)]
    if actor.type is ActorType.person and len(actor.name.split()) > 1:
        last = actor.name.split()[-1]
        bare = PARTICLE_PREFIX.sub("", last)
        forms += [last, bare, f"al-{bare}", f"Al-{bare}"]
    return list(dict.fromkeys(f for f in forms if f))


def _scan_mentions(text: str, actors: list[ActorInfo]) -> list[Mention]:
    """Every place an actor is named: one pass for names and aliases, one for countries and demonyms."""
    owner: dict[str, int] = {}
    countries: dict[str, int] = {}
    for idx, actor in enumerate(actors):
        if actor.type is ActorType.country and actor.country in _COUNTRIES:
            countries.setdefault(actor.country, idx)
        else:
            for form in _forms(actor):
                owner.setdefault(form, idx)
    found: list[Mention] = []
    for form, idx in owner.items():
        found += [Mention(pos, pos + len(form), idx) for pos in _word_positions(text, form)]
    for m in COUNTRY_RE.finditer(text):
        held = countries.get(COUNTRY_FORMS[m.group()])
        if held is not None and (
            m.group() not in COUNTRY_ABBREVIATIONS or ABBREVIATION_AS_NOUN.match(text, m.end())
        ):
            found.append(Mention(m.start(), m.end(), held))
    for m in DEMONYM_RE.finditer(text):
        held = countries.get(DEMONYMS[m.group()])
        if held is not None:
            found.append(Mention(m.start(), m.end(), held, True))
    found += _title_only_mentions(text, actors)
    return _non_overlapping(found)


def _word_positions(text: str, form: str) -> list[int]:
    """Where ``form`` occurs as a whole word (str.find is far faster than a regex alternation)."""
    out: list[int] = []
    pos = text.find(form)
    while pos >= 0:
        end = pos + len(form)
        before = text[pos - 1] if pos else " "
        after = text[end : end + 2]
        if not (before.isalnum() or before in "_-") and not (
            after[:1].isalnum()
            or after[:1] == "_"
            or (
                after[:1] in "-." and after[1:2].isalnum() and not (after[:1] == "-" and after[1:2].isupper())
            )
        ):
            out.append(pos)
        pos = text.find(form, pos + 1)
    return out


def _title_only_mentions(text: str, actors: list[ActorInfo]) -> list[Mention]:
    """'The Prime Minister' without a name refers to the one person holding that title."""
    out: list[Mention] = []
    for m in TITLE_RE.finditer(text):
        if NAME_AFTER_TITLE.match(text, m.end()) and is_plain_name(
            NAME_AFTER_TITLE.match(text, m.end()).group(1).split()[0]  # type: ignore[union-attr]
        ):
            continue
        _, aff, start = title_prefix(text, m.start(), m.group())
        holders = [
            i
            for i, a in enumerate(actors)
            if a.type is ActorType.person
            and a.title
            and a.title.endswith(m.group())
            and (aff is None or a.affiliation in (None, aff))
        ]
        if len(holders) == 1:
            out.append(Mention(start, m.end(), holders[0]))
    return out


def _non_overlapping(found: list[Mention]) -> list[Mention]:
    """Where mentions overlap ('Iraqi' inside 'Iraqi Prime Minister'), the longest one stays."""
    kept: list[Mention] = []
    for m in sorted(found, key=lambda x: (x.start, -(x.end - x.start))):
        if kept and m.start < kept[-1].end:
            if m.end - m.start > kept[-1].end - kept[-1].start:
                kept[-1] = m
            continue
        kept.append(m)
    return kept


@dataclass
class ActorIndex:
    """The article's actors and every located mention of them, in text order."""

    actors: list[ActorInfo]
    mentions: list[Mention]

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions lying entirely inside [start, end)."""
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def ending_at(self, pos: int, slack: int = 0) -> Mention | None:
        """The mention that ends at ``pos`` (or up to ``slack`` characters before it)."""
        return next((m for m in reversed(self.mentions) if pos - slack <= m.end <= pos), None)

    def starting_at(self, pos: int) -> Mention | None:
        """The mention that starts exactly at ``pos``."""
        return next((m for m in self.mentions if m.start == pos), None)

    def listed_after(self, text: str, pos: int, end: int, reach: int = 60) -> list[int]:
        """The coordinated list of actors starting within ``reach`` of ``pos`` ('A, B, and C')."""
        mentions = [m for m in self.within(pos, end) if not m.demonym]
        if not mentions or mentions[0].start - pos > reach:
            return []
        chain = [mentions[0]]
        for m in mentions[1:]:
            if not _LIST_GLUE.match(text[chain[-1].end : m.start]):
                break
            chain.append(m)
        return list(dict.fromkeys(m.actor for m in chain))

    def can_speak(self, m: Mention) -> bool:
        """Whether the mention can name a speaker: not a demonym, not a country (which rarely speaks)."""
        return not m.demonym and self.actors[m.actor].type is not ActorType.country

    def last_person_before(self, pos: int) -> Mention | None:
        """The nearest person mention ending before ``pos``: what 'he' or 'she' refers to."""
        return next(
            (
                m
                for m in reversed(self.mentions)
                if m.end <= pos and self.actors[m.actor].type is ActorType.person
            ),
            None,
        )


def find_actors(text: str) -> ActorIndex:
    """Find, merge and locate the article's actors.

    Args:
        text: The article; masked boilerplate is blank and yields nothing.

    Returns:
        The actors (fullest names, titles, aliases) and all their mentions.
    """
    actors = _merge(_outside_headline(text, find_candidates(text)))
    index = ActorIndex(actors, _scan_mentions(text, actors))
    kept = _drop_affiliations(text, index)
    if len(kept) < len(actors):
        index = ActorIndex(kept, _scan_mentions(text, kept))
    _mark_armed(text, index)
    _described_titles(text, index)
    _apposed_roles(text, index)
    return index


#: Roles held in a body: "a professor at X", "the spokesperson of X", "X public health expert Y". The
#: body's leader ("the head of X was arrested") makes it no mere affiliation: the body is a party too.
_MEMBER_WORDS = (
    r"professor|lecturer|researchers?|scientists?|scholars?|experts?|analysts?|students?|fellow|dean"
    r"|director|chairman|chairwoman|chairperson|chair|president|secretary|spokesperson|spokesman|spokeswoman"
    r"|officials?|executive|economist|anthropologist|epidemiologist|virologist|sociologist|psychologist"
    r"|historian|physicist|chemist|biologist|geologist|engineer|ambassador|envoy|co-author|author|graduate"
    r"|alumnus|alumna|employees?|staff"
)
_MEMBER_ROLE = rf"(?:{_MEMBER_WORDS})"
_AFFILIATE_ROLE = rf"(?:{_MEMBER_WORDS}|head|leader|founder|chief)"
_ROLE_OF_BEFORE = re.compile(rf"\b{_MEMBER_ROLE},?\s+(?:of|at|from)\s+(?:the\s+)?$")
_ROLE_NAME_AFTER = re.compile(rf"(?:['\u2019]s)?\s+(?:[a-z-]+\s+){{0,3}}?{_AFFILIATE_ROLE}\s+(?!The\b)[A-Z]")


#: A preposition that makes the body after it a place: "outside the X Complex", "studied at X".
_PLACE_BEFORE = re.compile(r"\b(?:at|in|outside|inside|near|into|within|outside\s+of)\s+(?:the\s+)?$")


def _bystander(text: str, m: Mention) -> bool:
    """Whether a mention names a body only as someone's affiliation or as a place.

    'the spokesperson of X', 'X expert Mara Lind', 'outside the X', 'studied at X'.
    """
    return bool(
        _ROLE_OF_BEFORE.search(text, max(0, m.start - 60), m.start)
        or _ROLE_NAME_AFTER.match(text, m.end)
        or _PLACE_BEFORE.search(text, max(0, m.start - 20), m.start)
    )


def _drop_affiliations(text: str, index: ActorIndex) -> list[ActorInfo]:
    """The actors less the bodies every mention of which is an affiliation or a place (evals/GUIDELINES.md)."""
    bodies = (ActorType.organization, ActorType.government_body)
    seen: dict[int, bool] = {}
    for m in index.mentions:
        if not m.demonym and index.actors[m.actor].type in bodies:
            seen[m.actor] = seen.get(m.actor, True) and _bystander(text, m)
    return [a for i, a in enumerate(index.actors) if not seen.get(i, False)]


def _outside_headline(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Candidates of the body outside sign-offs, and those of the headline that the body bears out.

    A headline candidate stays when it is a fuller form of a body candidate's
    name, or when the body writes its name twice or more (a repeated subject
    whose first use is in the headline).
    """
    end = headline_end(text)
    sign_offs = sign_off_spans(text)
    body = [c for c in candidates if c.start >= end and not any(s <= c.start < e for s, e in sign_offs)]
    names = {c.name for c in body}
    return body + [
        c
        for c in candidates
        if c.start < end
        and (any(n in c.name for n in names) or sum(p >= end for p in _word_positions(text, c.name)) >= 2)
    ]


def _described_titles(text: str, index: ActorIndex) -> None:
    """A role stated about a person ('X was the "deputy leader" of the group') is their title."""
    for m in _ROLE_STATED.finditer(text):
        person = index.last_person_before(m.start())
        between = text[person.end : m.start()] if person else ""
        if person is None or len(between) > 80 or "." in between.replace(".,", ""):
            continue
        actor = index.actors[person.actor]
        actor.title = actor.title or m.group("role")


#: A role apposed to a person, with the body it is held at: "X, an analyst at Baird & Co.,", "X, a senior
#: economist with Y", "X, the director of Y".
_APPOSED_ROLE = re.compile(
    rf",\s+(?:an?|the)\s+(?P<role>(?:[a-z-]+\s+){{0,2}}?(?:{OCCUPATIONS}|{_MEMBER_WORDS}))"
    rf"(?:\s+(?:at|of|with|for)\s+(?:the\s+)?(?P<body>[A-Z][\w'\u2019&-]*"
    rf"(?:\s+(?:&\s+|of\s+(?:the\s+)?|and\s+|for\s+)?[A-Z][\w'\u2019&-]*)*))?(?=[,.;:]|\s+(?:said|says|told)\b)"
)
_ABBREVIATED_END = re.compile(r"\b(?:Co|Inc|Ltd|Corp|Bros|Plc|L\.P|S\.A)\.$")


def _apposed_roles(text: str, index: ActorIndex) -> None:
    """A role apposed to a person's name is their title, and the body it names their affiliation."""
    for m in index.mentions:
        actor = index.actors[m.actor]
        found = _APPOSED_ROLE.match(text, m.end) if actor.type is ActorType.person else None
        if not found or actor.title not in (None, found.group("role")):
            continue
        actor.title = found.group("role")
        body = found.group("body")
        if body and text.startswith(".", found.end("body")) and _ABBREVIATED_END.search(body + "."):
            body += "."  # 'at Baird & Co. The firm ...': the dot closes both the legal form and the sentence
        if body and not actor.affiliation:
            actor.affiliation = body if _ABBREVIATED_END.search(body) else body.rstrip(".")


def _mark_armed(text: str, index: ActorIndex) -> None:
    """An organisation whose 'militants' or 'cells' the article mentions is an armed group."""
    for m in index.mentions:
        actor = index.actors[m.actor]
        if (
            actor.type is ActorType.organization
            and actor.strength < 4
            and _ARMED_NOUN_AFTER.match(text, m.end)
        ):
            actor.type, actor.strength = ActorType.armed_group, 4
