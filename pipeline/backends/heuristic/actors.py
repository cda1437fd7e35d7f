"""Actor finding for the heuristic extractor: candidates, merging, and every mention.

Actors are found from generic cues (a title before a capitalised name, an
organisation cue word inside a capitalised run, "terror group X", a
parenthesised acronym, "also known as", a name in speaker position, a country
name), merged within the article (surname and "al-" short forms join the
fullest name), and then every later mention of each actor is located so the
quote, event and agreement rules can refer to actors by offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.backends.heuristic.organisations import described_organisations
from pipeline.backends.heuristic.people import given_name_people
from pipeline.backends.heuristic.vocab import (
    ARMED_ADJECTIVES,
    COUNTRY_ABBREVIATIONS,
    COUNTRY_FORMS,
    COUNTRY_RE,
    DEMONYM_RE,
    DEMONYMS,
    GROUP_NOUNS,
    ORG_CUES,
    ORG_NOUNS,
    SPEECH_VERBS,
    STOPWORDS,
    TITLE_CORES,
    TITLE_MODIFIERS,
    TITLE_QUALIFIERS,
)
from schemas import ActorType

_PARTICLE = r"(?:al|el|as|ash|ad|at|az|an|ar|Al|El)"
_TOK = rf"(?:{_PARTICLE}-)?[A-Z\u00C0-\u00DE](?:[\w-]|['\u2019](?=[A-Z])|(?<=s)['\u2019](?=\s[A-Z]))*"
_JOIN = r"(?:\s(?:bin|ibn|bint|de|da|del|der|van|von|den|di|du|dos|das|la|le))?\s"
NAME_RUN = rf"{_TOK}(?:{_JOIN}{_TOK})*"
_ORG_RUN = rf"{_TOK}(?:(?:\s(?:of|for|on)(?:\sthe)?)?\s{_TOK})*"
_ADVERB = r"(?:(?:also|further|later|then|likewise|again|\w+ly)\s+)?"

_FIRST_WORD = re.compile(r"(\S+)\s+")
_LAST_WORD = re.compile(r"(\S+)\s+$")
_POSSESSIVE_END = re.compile(r"['\u2019]s$")
_PARTICLE_PREFIX = re.compile(rf"^{_PARTICLE}-")
_RUN_RE = re.compile(rf"(?<![\w'\u2019-]){NAME_RUN}")
_ORG_RUN_RE = re.compile(rf"(?<![\w'\u2019-]){_ORG_RUN}")
_TITLE_RE = re.compile(rf"(?<![\w.])(?:{TITLE_CORES})(?![\w-])")
_NAME_AFTER_TITLE = re.compile(rf",?\s+({NAME_RUN})")
_ACRONYM_TAIL = re.compile(r"\s+\((?:the\s+)?([A-Z][A-Z\-&]{1,9})\)")
_ALIAS_RE = re.compile(
    r",?\s+(?:(?:also|previously|formerly|better|widely|popularly)\s+)?(?:known as|called|dubbed|nicknamed|a\.k\.a\.?)"
    r",?\s+[\"'\u201c\u2018]?"
)
_ARMED_BEFORE = re.compile(rf"\b(?:{ARMED_ADJECTIVES})\s+(?:{GROUP_NOUNS})\s+(?:the\s+)?({NAME_RUN})")
_ARMED_AFTER_TAIL = re.compile(
    rf"(?:\s+|\s*[,\u2014\u2013-]+\s*(?:formerly|once|now|previously)?\s*(?:an?|the)\s+(?:[\w-]+\s+)?)"
    rf"(?:{ARMED_ADJECTIVES})\s+(?:{GROUP_NOUNS})\b"
)
_ORG_APPOSITIVE_TAIL = re.compile(rf"(?:,\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,2}}?|\s+)(?:{ORG_NOUNS})\b")
_LED_COALITION = re.compile(r"(?<![\w.])((?:[A-Z][\w.]*)-led\s+(?:coalition|alliance|forces))\b")
_ROLE_STATED = re.compile(
    r"\b(?:was|is|served as|serves as|held the (?:position|post|rank) of|was identified as|was described as|became)"
    r"\s+(?:the\s+|an?\s+|[A-Z][\w-]*['\u2019]s\s+)?[\"\u201c]?(?P<role>(?:[a-z-]+\s){0,2}"
    r"(?:leader|chief|head|caliph|emir|commander|spokesman|spokeswoman|spokesperson|founder|deputy|secretary|"
    r"chairman|chairwoman|president|minister|governor|mayor|envoy|ambassador|director|general))[\"\u201d]?"
    r"(?=\s+(?:of|for|within|in|and)\b|[,.;])"
)
_HEAD_OF = re.compile(
    rf"\b(?=[lhcfm])(?:leader|leaders|head|chief|founder|commander|members?|fighters|militants) of (?:the )?"
    rf"({_TOK}(?:\s{_TOK})+)"
)
_NATIONAL_BODY = re.compile(
    r"(?<![\w-])(?P<dem>[A-Z][\w-]*)\s+(?:national|federal|state)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:intelligence(?:\s+(?:service|services|agency|forces|directorate))?|security\s+(?:service|forces|agency)"
    r"|police|guard|army|forces|service|agency|commission|council|committee|directorate)\b"
)
_ARMED_NOUN_AFTER = re.compile(r"\s+(?:militants?|fighters?|cells?|insurgents?|jihadists?|terrorists?)\b")
_SPEAKER_TAIL = re.compile(rf"\s+{_ADVERB}(?:{SPEECH_VERBS})\b")
_SPEAKER_AFTER = re.compile(rf"\b(?=[stwa])(?:said|says|told|added|wrote)\s+({NAME_RUN})")
_HARMED_TAIL = re.compile(
    r"\s+(?:was|were|has been|had been|is)\s+(?:\w+ly\s+)?(?:killed|arrested|detained|assassinated|shot|wounded|"
    r"injured|kidnapped|abducted|captured|executed|elected|appointed|sentenced|charged)\b"
    r"|['\u2019]s\s+(?:death|killing|assassination|funeral|arrest|release|resignation)\b"
)
_ROLE_BEFORE = re.compile(
    rf"\b(?:leader|head|chief|commander|founder|spokesperson|spokesman|spokeswoman|militant|official|envoy|"
    rf"deputy|member|son|daughter|wife|husband|brother|sister|president|chairman|chairwoman|director|minister|"
    rf"secretary|lawyer|attorney|mayor|governor|executive|ceo|professor|judge|coach|manager|owner|analyst)"
    rf"(?:\s+(?:of|for|at)\s+(?:the\s+)?{NAME_RUN})?,\s+({NAME_RUN})(?=,)"
)
_ROLE_TAIL = re.compile(
    r",\s+(?:the\s+|an?\s+)?((?:[\w'\u2019-]+\s+){0,3}?"
    r"(?:spokesperson|spokesman|spokeswoman|minister|president|leader|head|chief|commander|director|"
    r"ambassador|envoy|secretary|governor|mayor|official))\b"
)
_ABBREVIATION_AS_NOUN = re.compile(
    r"(?:[,.;:)]|-[A-Z]|['\u2019]s\b|\s+(?:and|had|has|have|is|was|were|will|would|said|says|announced|agreed|"
    r"signed)\b|\s*$)"
)
_COMPOUND_MODIFIER = re.compile(r"-(?:backed|led|based|aligned|affiliated|linked|allied|supported)$")
_ADJECTIVE_ONLY = re.compile(rf"^(?:{ARMED_ADJECTIVES})$", re.IGNORECASE)
_LIST_GLUE = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+(?:the\s+)?)$")
_PORTFOLIO_CORES = frozenset(["Minister", "Secretary", "Director", "Commander", "Chief", "General", "Gen."])


@dataclass
class ActorInfo:
    """One actor being assembled; ``strength`` ranks how sure its type is."""

    name: str
    type: ActorType
    evidence: str
    first: int
    title: str | None = None
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)
    strength: int = 0
    country: str | None = None


@dataclass(frozen=True)
class Mention:
    """Where an actor is named; ``demonym`` marks an adjective ('Iraqi') linked to a country."""

    start: int
    end: int
    actor: int
    demonym: bool = False


@dataclass
class _Candidate:
    start: int
    end: int
    name: str
    type: ActorType
    strength: int
    evidence: str
    title: str | None = None
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)


def _clean_run(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading stopwords, sentence-initial -ing/-ly words and trailing possessives."""
    while True:
        m = _FIRST_WORD.match(text[start:end])
        if not m:
            break
        word = m.group(1)
        if (
            word in STOPWORDS
            or _COMPOUND_MODIFIER.search(word)
            or (word.endswith(("ing", "ly")) and word[0].isupper())
        ):
            start += m.end()
            continue
        break
    return start, end


def _is_plain_name(name: str) -> bool:
    """True when a run could be a person's name: no cue words, countries or demonyms."""
    tokens = name.split()
    if not tokens or tokens[0] in STOPWORDS or _TITLE_RE.search(name):
        return False
    return not any(t in ORG_CUES or t in COUNTRY_FORMS or t in DEMONYMS for t in tokens)


def _titled_people(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in _TITLE_RE.finditer(text):
        words, aff, ev_start = _title_prefix(text, m.start(), m.group())
        after = _NAME_AFTER_TITLE.match(text, m.end())
        if not after:
            continue
        start, end = _clean_run(text, after.start(1), after.end(1))
        name = text[start:end]
        if start != after.start(1) or not _is_plain_name(name):
            continue
        title = " ".join([*words, m.group()])
        if title not in text:
            title = text[m.start() - len(" ".join(words)) - 1 : m.end()] if words else m.group()
            title = title if title.startswith(tuple(words[:1])) else m.group()
        out.append(
            _Candidate(
                start, end, name, ActorType.person, 3, text[ev_start:end], title=title, affiliation=aff
            )
        )
    return out


def _title_prefix(text: str, core_start: int, core: str) -> tuple[list[str], str | None, int]:
    """Walk back from a title word over its modifiers.

    Returns:
        The title's words before the core ("former", "interim", "Foreign"),
        the affiliation in noun form ("Iraq" for "Iraqi"), and where the
        whole titled phrase starts.
    """
    words: list[str] = []
    aff: str | None = None
    pos = core_start
    phrase_start = core_start
    while True:
        m = _LAST_WORD.search(text[max(0, pos - 40) : pos])
        if not m:
            break
        word = m.group(1)
        word_start = pos - len(m.group(0))
        bare = _POSSESSIVE_END.sub("", word)
        if word in TITLE_MODIFIERS or word in TITLE_QUALIFIERS:
            words.insert(0, word)
        elif aff is None and (bare in COUNTRY_FORMS or bare in DEMONYMS):
            aff = _affiliation(text, bare)
        elif (
            aff is None
            and core in _PORTFOLIO_CORES
            and word[0].isupper()
            and word not in STOPWORDS
            and len(words) < 2
            and word.isalpha()
        ):
            words.insert(0, word)
        else:
            break
        pos = phrase_start = word_start
    return words, aff, phrase_start


def _affiliation(text: str, written: str) -> str:
    """The country in noun form ('Kenya' for 'Kenyan') when the article names it, else as written."""
    noun = written if written in COUNTRY_FORMS else DEMONYMS.get(written, written)
    # The pipeline keeps only affiliations written in the article, so the noun form must be there.
    return noun if noun in text else written


def _alias_candidates(text: str, known: list[_Candidate]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in _ALIAS_RE.finditer(text):
        alias = _RUN_RE.match(text, m.end())
        before = re.search(rf"({NAME_RUN})$", text[max(0, m.start() - 120) : m.start()])
        if not alias or not before:
            continue
        offset = max(0, m.start() - 120)
        start, end = _clean_run(text, offset + before.start(1), offset + before.end(1))
        name = text[start:end]
        holder = next((k for k in known if k.start <= start and end <= k.end), None)
        if holder is not None:
            holder.aliases.append(alias.group())
            continue
        kind = ActorType.person if _is_plain_name(name) else ActorType.organization
        tail = re.match(r",?[\"'\u201d\u2019]?", text[alias.end() :])
        evidence = text[start : alias.end() + (tail.end() if tail else 0)]
        if len(name.split()) >= 2:
            out.append(_Candidate(start, end, name, kind, 2, evidence, aliases=[alias.group()]))
    return out


def _org_candidates(text: str, org_runs: list[tuple[int, int]]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for run_start, run_end in org_runs:
        start, end = _clean_run(text, run_start, run_end)
        tokens = text[start:end].split()
        cues = [t for t in tokens if t in ORG_CUES]
        acronym = _ACRONYM_TAIL.match(text, run_end)
        if acronym and text[start:end] not in COUNTRY_FORMS:
            kind = ActorType(ORG_CUES[cues[-1]]) if cues else ActorType.organization
            out.append(
                _Candidate(
                    start,
                    end,
                    text[start:end],
                    kind,
                    2,
                    text[start : acronym.end()],
                    aliases=[acronym.group(1)],
                )
            )
            continue
        if not cues or len(tokens) < 2 or _TITLE_RE.search(text, start, end) or _country_government(tokens):
            continue
        kind = ActorType(ORG_CUES[cues[-1]])
        if cues[-1] in ("Forces", "Army", "Guard", "Corps"):
            state = tokens[0] in DEMONYMS or tokens[0] in COUNTRY_FORMS
            kind = ActorType.government_body if state else ActorType.armed_group
        out.append(_Candidate(start, end, text[start:end], kind, 2, text[start:end]))
    return out


def _country_government(tokens: list[str]) -> bool:
    """'Government of Kenya' is the country acting, not a separate actor."""
    return tokens[0] == "Government" and " ".join(tokens[2:]) in COUNTRY_FORMS and tokens[1:2] == ["of"]


def _context_candidates(text: str, runs: list[tuple[int, int]]) -> list[_Candidate]:
    out: list[_Candidate] = []
    found = [(m.start(1), m.end(1), m.end(), ActorType.armed_group, 4) for m in _ARMED_BEFORE.finditer(text)]
    found += [(m.start(1), m.end(1), m.end(), ActorType.organization, 1) for m in _HEAD_OF.finditer(text)]
    for run_start, run_end in runs:
        for tail, kind, strength in (
            (_ARMED_AFTER_TAIL, ActorType.armed_group, 4),
            (_ORG_APPOSITIVE_TAIL, ActorType.organization, 1),
        ):
            m = tail.match(text, run_end)
            if m:
                found.append((run_start, run_end, m.end(), kind, strength))
                break
    for run_start, run_end, stop, kind, strength in found:
        start, end = _clean_run(text, run_start, run_end)
        name = text[start:end]
        if (
            name in COUNTRY_FORMS
            or name in DEMONYMS
            or name.split()[0] in STOPWORDS
            or _ADJECTIVE_ONLY.match(name)
        ):
            continue
        if kind is ActorType.organization and len(name.split()) < 2:
            # 'the Kestrel movement': a one-word name is kept together with its group noun.
            if text[max(0, start - 4) : start].lower() != "the " or not text[end:stop].strip().isalpha():
                continue
            end, name = stop, text[start:stop]
        out.append(_Candidate(start, end, name, kind, strength, text[min(start, run_start) : stop]))
    for m in _NATIONAL_BODY.finditer(text):
        if m.group("dem") in DEMONYMS:
            out.append(
                _Candidate(
                    m.start(),
                    m.end(),
                    m.group(),
                    ActorType.government_body,
                    2,
                    m.group(),
                    affiliation=_affiliation(text, m.group("dem")),
                )
            )
    for m in _LED_COALITION.finditer(text):
        out.append(_Candidate(m.start(1), m.end(1), m.group(1), ActorType.organization, 1, m.group(1)))
    return out


def _speaker_candidates(text: str, runs: list[tuple[int, int]]) -> list[_Candidate]:
    found: list[tuple[int, int, int, str | None]] = [
        (m.start(1), m.end(1), m.end(), None)
        for rx in (_SPEAKER_AFTER, _ROLE_BEFORE)
        for m in rx.finditer(text)
    ]
    for run_start, run_end in runs:
        verb = _SPEAKER_TAIL.match(text, run_end) or _HARMED_TAIL.match(text, run_end)
        role = None if verb else _ROLE_TAIL.match(text, run_end)
        if verb or role:
            found.append((run_start, run_end, (verb or role).end(), role.group(1) if role else None))  # type: ignore[union-attr]
    out: list[_Candidate] = []
    for run_start, run_end, stop, title in found:
        start, end = _clean_run(text, run_start, run_end)
        name = text[start:end]
        if len(name.split()) >= 2 and _is_plain_name(name):
            out.append(
                _Candidate(
                    start, end, name, ActorType.person, 2 if title else 1, text[start:stop], title=title
                )
            )
    return out


_NAME_ENDERS = frozenset(ORG_CUES) | frozenset(COUNTRY_FORMS) | frozenset(DEMONYMS)


def _bare_people(text: str) -> list[_Candidate]:
    """People named without any cue, by a given name and a surname (the weakest evidence)."""
    out: list[_Candidate] = []
    for start, end in given_name_people(text, _NAME_ENDERS):
        name = text[start:end]
        if _is_plain_name(name):
            out.append(_Candidate(start, end, name, ActorType.person, 1, name))
    return out


def _described_bodies(text: str) -> list[_Candidate]:
    """Companies, media and agencies the article describes as such (see ``organisations``)."""
    return [
        _Candidate(start, end, text[start:end], kind, 2 if described else 1, text[start:end])
        for start, end, kind, described in described_organisations(text, _NAME_ENDERS)
        if not _TITLE_RE.search(text, start, end)
    ]


def _country_candidates(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in COUNTRY_RE.finditer(text):
        if m.group() in COUNTRY_ABBREVIATIONS and not _ABBREVIATION_AS_NOUN.match(text, m.end()):
            continue
        out.append(_Candidate(m.start(), m.end(), m.group(), ActorType.country, 5, m.group()))
    return out


def _surname(name: str) -> str:
    """Last name token without an 'al-' style particle, case-folded, for merging."""
    last = name.split()[-1] if name.split() else name
    return _PARTICLE_PREFIX.sub("", last).lower()


def _coalition_key(name: str) -> str:
    head, _, rest = name.partition("-led")
    head = COUNTRY_FORMS.get(head, DEMONYMS.get(head, head))
    return f"{head}-led{rest}".lower()


def _same_actor(a: ActorInfo, c: _Candidate) -> bool:
    """Whether a candidate names an actor already found in the article."""
    if (a.type is ActorType.country) != (c.type is ActorType.country):
        return False
    if a.type is ActorType.country:
        return a.country == COUNTRY_FORMS.get(c.name)
    names_a = {a.name.lower(), *(x.lower() for x in a.aliases)}
    names_c = {c.name.lower(), *(x.lower() for x in c.aliases)}
    if names_a & names_c or ("-led" in a.name and _coalition_key(a.name) == _coalition_key(c.name)):
        return True
    if a.type is not ActorType.person or c.type is not ActorType.person:
        return False
    first_a, first_c = a.name.split()[0], c.name.split()[0]
    single = len(a.name.split()) == 1 or len(c.name.split()) == 1
    return _surname(a.name) == _surname(c.name) and (single or first_a == first_c)


def _absorb(a: ActorInfo, c: _Candidate) -> None:
    if len(c.name.split()) > len(a.name.split()):
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
    a.title = a.title or c.title
    a.affiliation = a.affiliation or c.affiliation
    a.aliases += [x for x in c.aliases if x not in a.aliases]


def _merge(candidates: list[_Candidate]) -> list[ActorInfo]:
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
            match = by_country.get(COUNTRY_FORMS[c.name])
        else:
            match = next((a for a in actors if _same_actor(a, c)), None)
        if match is None:
            country = COUNTRY_FORMS.get(c.name) if c.type is ActorType.country else None
            actors.append(
                ActorInfo(
                    c.name,
                    c.type,
                    c.evidence,
                    c.start,
                    c.title,
                    c.affiliation,
                    list(c.aliases),
                    c.strength,
                    country,
                )
            )
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
        return [f for f, canon in COUNTRY_FORMS.items() if canon == actor.country]
    forms = [actor.name, *actor.aliases]
    if actor.type is ActorType.person and len(actor.name.split()) > 1:
        last = actor.name.split()[-1]
        bare = _PARTICLE_PREFIX.sub("", last)
        forms += [last, bare, f"al-{bare}", f"Al-{bare}"]
    return list(dict.fromkeys(f for f in forms if f))


def _scan_mentions(text: str, actors: list[ActorInfo]) -> list[Mention]:
    """Every place an actor is named: one pass for names and aliases, one for countries and demonyms."""
    owner: dict[str, int] = {}
    countries: dict[str, int] = {}
    for idx, actor in enumerate(actors):
        if actor.type is ActorType.country and actor.country:
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
            m.group() not in COUNTRY_ABBREVIATIONS or _ABBREVIATION_AS_NOUN.match(text, m.end())
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
    for m in _TITLE_RE.finditer(text):
        if _NAME_AFTER_TITLE.match(text, m.end()) and _is_plain_name(
            _NAME_AFTER_TITLE.match(text, m.end()).group(1).split()[0]  # type: ignore[union-attr]
        ):
            continue
        _, aff, start = _title_prefix(text, m.start(), m.group())
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
    runs = [m.span() for m in _RUN_RE.finditer(text)]
    org_runs = [m.span() for m in _ORG_RUN_RE.finditer(text)]
    candidates = _titled_people(text) + _org_candidates(text, org_runs)
    candidates += _context_candidates(text, runs) + _speaker_candidates(text, runs)
    candidates += _alias_candidates(text, candidates) + _country_candidates(text) + _bare_people(text)
    people = [c for c in candidates if c.type is ActorType.person]
    candidates += [
        c
        for c in _described_bodies(text)
        # A one-word name found by repetition alone is a surname when a person carries it ("Day" of "Doris Day").
        if c.strength > 1 or not any(c.name in p.name.split() for p in people)
    ]
    actors = _merge(candidates)
    index = ActorIndex(actors, _scan_mentions(text, actors))
    _mark_armed(text, index)
    _described_titles(text, index)
    return index


def _described_titles(text: str, index: ActorIndex) -> None:
    """A role stated about a person ('X was the "deputy leader" of the group') is their title."""
    for m in _ROLE_STATED.finditer(text):
        person = index.last_person_before(m.start())
        between = text[person.end : m.start()] if person else ""
        if person is None or len(between) > 80 or "." in between.replace(".,", ""):
            continue
        actor = index.actors[person.actor]
        actor.title = actor.title or m.group("role")


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
