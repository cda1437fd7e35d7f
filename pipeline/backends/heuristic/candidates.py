"""Candidate actors of an article, each from one generic cue, before any merging.

A candidate is a span of the article that some cue marks as an actor: a
title before a capitalised name ("Prime Minister X"), an organisation cue word
inside a capitalised run ("X Party"), an armed-group phrase ("militant group
X"), a parenthesised acronym, "also known as", a name in speaker position
("X said"), a role apposition, a described company (see ``organisations``), a
given name and surname (see ``people``), or a country name. Each candidate
carries a strength saying how sure its type is; ``actors`` merges them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.backends.heuristic.acronyms import expansion_start
from pipeline.backends.heuristic.countries import country_spans
from pipeline.backends.heuristic.handles import handle_speakers
from pipeline.backends.heuristic.legal_forms import registered_companies
from pipeline.backends.heuristic.occupations import occupation_titles
from pipeline.backends.heuristic.organisations import described_organisations
from pipeline.backends.heuristic.people import ends_like_place_or_body, given_name_people, is_given_name
from pipeline.backends.heuristic.vocab import (
    ADVERB,
    ARMED_ADJECTIVES,
    COUNTRY_FORMS,
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
from pipeline.text.names import CAPITAL
from schemas import ActorType

_PARTICLE = r"(?:al|el|as|ash|ad|at|az|an|ar|Al|El)"
_TOK = rf"(?:{_PARTICLE}-)?{CAPITAL}(?:[\w-]|['\u2019](?=[A-Z])|(?<=s)['\u2019](?=\s[A-Z]))*"
#: Between name words: a particle ("bin", "van") or a middle initial ("Emily W. Murphy").
_JOIN = r"(?:\s(?:bin|ibn|bint|de|da|del|der|van|von|den|di|du|dos|das|la|le|[A-Z]\.))?\s"
NAME_RUN = rf"{_TOK}(?:{_JOIN}{_TOK})*"
#: 'on' joins a body's name ("Committee on Foreign Relations"), never a date ("the Senate on Sunday").
_DATE_WORD = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July"
    r"|August|September|October|November|December)\b"
)
_ORG_RUN = rf"{_TOK}(?:(?:\s(?:of|for|on(?!\s{_DATE_WORD}))(?:\sthe)?)?\s{_TOK})*"
PARTICLE_PREFIX = re.compile(rf"^{_PARTICLE}-")
_RUN_RE = re.compile(rf"(?<![\w'\u2019-]){NAME_RUN}")
_ORG_RUN_RE = re.compile(rf"(?<![\w'\u2019-]){_ORG_RUN}")
#: Titles of clergy, law officers, police and legislators, beside the vocabulary's political and military ones
#: (not "Bishop": as common a surname as a title).
_MORE_TITLES = (
    "Archbishop|Cardinal|Rabbi|Reverend|Rev\\.|Prosecutor|Sheriff|Inspector|Superintendent|Detective"
    "|Professor|Coach|Councillor|Councilman|Councilwoman|Congressman|Congresswoman|Chief Executive"
)
#: Titles written in lower case before a name ("judge X", "Brightmart CEO X"), and "Secretary of State".
_LOWER_TITLES = (
    "Secretary of State|judge|mayor|governor|prosecutor|ambassador|senator|general secretary|secretary|administrator"
    "|chief executive|CEO|chairman|chairwoman"
)
#: Portfolios written after a title with 'of' or 'for' ("Minister for Foreign Affairs", "Secretary of Defence").
_PORTFOLIO_TAIL = (
    r"(?:\s(?:of|for)\s(?:the\s)?(?:Foreign|Home|Internal|Economic|Veterans)\sAffairs"
    r"|\s(?:of|for)\s(?:the\s)?(?:Defence|Defense|Finance|Health|Justice|Energy|Education|Transport|Trade"
    r"|Labour|Labor|Agriculture|Environment|Culture|Interior|Treasury|Immigration|Industry|Tourism))?"
)
#: A title, also one a person holds from an election not yet taken up ("President-elect"), with its portfolio.
TITLE_RE = re.compile(
    rf"(?<![\w.])(?:{_LOWER_TITLES}|{_MORE_TITLES}|{TITLE_CORES}){_PORTFOLIO_TAIL}(?:-elect)?(?![\w-])"
)
#: The name after a title, in the same paragraph (a headline's last word is no title of the dateline's day).
NAME_AFTER_TITLE = re.compile(rf",?(?![ \t]*\n[ \t]*\n)\s+({NAME_RUN})")


@dataclass
class Candidate:
    """A span some cue marks as an actor; ``strength`` ranks how sure its type is."""

    start: int
    end: int
    name: str
    type: ActorType
    strength: int
    evidence: str
    title: str | None = None
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)


_FIRST_WORD = re.compile(r"(\S+)\s+")
_COMPOUND_MODIFIER = re.compile(r"-(?:backed|led|based|aligned|affiliated|linked|allied|supported)$")


#: Forms of address before a name that are no part of it ("the Honorable X", "Cde X").
_HONORIFIC_WORDS = frozenset(["Honorable", "Honourable", "Cde", "Comrade"])
#: What comes before a word that opens a sentence or a line.
_SENTENCE_OPEN = re.compile(r"(?:\A|[.!?:;\"\u201c\u201d]\s*|\n\s*|\A\s+)$")


def _clean_run(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading stopwords and sentence-initial -ing/-ly words ('Reportedly'), never a given name ('Emily').

    A capitalised -ing word inside a sentence is part of the name ("the group Ending Hunger Now").
    """
    while True:
        m = _FIRST_WORD.match(text[start:end])
        if not m:
            break
        word = m.group(1)
        if (
            word in STOPWORDS
            or word in _HONORIFIC_WORDS
            or _COMPOUND_MODIFIER.search(word)
            or (
                word.endswith(("ing", "ly"))
                and word[0].isupper()
                and not is_given_name(word)
                and _SENTENCE_OPEN.search(text, max(0, start - 3), start) is not None
            )
        ):
            start += m.end()
            continue
        break
    return start, end


def is_plain_name(name: str) -> bool:
    """True when a run could be a person's name: no cue words, countries or demonyms."""
    tokens = name.split()
    if not tokens or tokens[0] in STOPWORDS or tokens[0] in _HONORIFIC_WORDS or TITLE_RE.search(name):
        return False
    if _counted_role(name):
        return False
    return not any(t in ORG_CUES or t in COUNTRY_FORMS or t in DEMONYMS for t in tokens)


def _titled_people(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    for m in TITLE_RE.finditer(text):
        words, aff, ev_start = title_prefix(text, m.start(), m.group())
        after = NAME_AFTER_TITLE.match(text, m.end())
        if not after:
            continue
        start, end = _clean_run(text, after.start(1), after.end(1))
        name = text[start:end]
        if start != after.start(1) or not is_plain_name(name):
            continue
        title = " ".join([*words, m.group()])
        if title not in text:
            title = text[m.start() - len(" ".join(words)) - 1 : m.end()] if words else m.group()
            title = title if title.startswith(tuple(words[:1])) else m.group()
        out.append(
            Candidate(start, end, name, ActorType.person, 3, text[ev_start:end], title=title, affiliation=aff)
        )
    return out


_LAST_WORD = re.compile(r"(\S+)\s+$")
_POSSESSIVE_END = re.compile(r"['\u2019]s$")
_PORTFOLIO_CORES = frozenset(["Minister", "Secretary", "Director", "Commander", "Chief", "General", "Gen."])
#: Portfolios written in lower case before 'minister', 'secretary' or 'leader' ("energy minister X",
#: "minority leader X").
_PORTFOLIOS = frozenset(
    "foreign interior defence defense finance health justice energy education transport trade labour labor "  # noqa: SIM905 (a word list reads better as text)
    "agriculture environment culture economy economic development home industry tourism housing treasury "
    "immigration minority majority".split()
)


def title_prefix(text: str, core_start: int, core: str) -> tuple[list[str], str | None, int]:
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
            and len(words) < 2
            and (
                (core in _PORTFOLIO_CORES and word[0].isupper() and word not in STOPWORDS and word.isalpha())
                or (core in ("minister", "secretary", "leader") and word in _PORTFOLIOS)
            )
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


_ALIAS_RE = re.compile(
    r",?\s+(?:(?:also|previously|formerly|better|widely|popularly)\s+)?(?:known\s+(?:locally\s+)?as|called|dubbed|nicknamed|a\.k\.a\.?)"
    r",?\s+[\"'\u201c\u2018]?"
)


def _alias_candidates(text: str, known: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
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
        kind = ActorType.person if is_plain_name(name) else ActorType.organization
        tail = re.match(r",?[\"'\u201d\u2019]?", text[alias.end() :])
        evidence = text[start : alias.end() + (tail.end() if tail else 0)]
        if len(name.split()) >= 2:
            out.append(Candidate(start, end, name, kind, 2, evidence, aliases=[alias.group()]))
    return out


_BORN = re.compile(rf"(?<![\w'\u2019-])({NAME_RUN})\s+(?:was\s+)?born\s+({NAME_RUN})")


def _birth_names(text: str) -> list[Candidate]:
    """'X was born Y Z': the birth name is an alias of the person, not a second person."""
    out: list[Candidate] = []
    for m in _BORN.finditer(text):
        start, end = _clean_run(text, m.start(1), m.end(1))
        name, alias = text[start:end], m.group(2)
        if name and len(alias.split()) >= 2 and is_plain_name(name) and is_plain_name(alias):
            out.append(Candidate(start, end, name, ActorType.person, 1, text[start : m.end()], aliases=[alias]))
    return out


_ACRONYM_TAIL = re.compile(r"\s+\((?:the\s+)?([A-Z][A-Z\-&]{1,9})\)")


#: Cue words of bodies beside the vocabulary's: boards, carriers and tribes ("X Safety Board", "X Airlines").
_MORE_CUES = {
    "Board": "government_body",
    "Airlines": "organization",
    "Airways": "organization",
    "Railways": "organization",
    "Tribe": "other",
}
_CUES = {**ORG_CUES, **_MORE_CUES}


def _org_candidates(text: str, org_runs: list[tuple[int, int]]) -> list[Candidate]:
    out: list[Candidate] = []
    for run_start, run_end in org_runs:
        start, end = _clean_run(text, run_start, run_end)
        tokens = text[start:end].split()
        cues = [t for t in tokens if t in _CUES]
        acronym = _ACRONYM_TAIL.match(text, run_end)
        if acronym and text[start:end].isupper():
            acronym = None  # a dateline ('LONDON (AP) -'): the agency in brackets is no expansion of the city
        if acronym:
            start = expansion_start(text, acronym.start(), acronym.group(1)) or start
            tokens = text[start:end].split()
            cues = [t for t in tokens if t in _CUES]
        if acronym and text[start:end] not in COUNTRY_FORMS:
            kind = ActorType(_CUES[cues[-1]]) if cues else ActorType.organization
            out.append(
                Candidate(
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
        if (
            not cues
            or len(tokens) < 2
            or TITLE_RE.search(text, start, end)
            or _names_a_role(text[start:end])
            or _country_government(tokens)
            or _ROLE_NOUN_AFTER.match(text, end)
            or _MEMBER_OF_BEFORE.search(text, max(0, start - 20), start)
        ):
            continue
        kind = ActorType(_CUES[cues[-1]])
        if cues[-1] in ("Forces", "Army", "Guard", "Corps"):
            state = tokens[0] in DEMONYMS or tokens[0] in COUNTRY_FORMS
            kind = ActorType.government_body if state else ActorType.armed_group
        out.append(Candidate(start, end, text[start:end], kind, 2, text[start:end]))
    return out


#: A lower-case role noun right after a body's name makes the name an affiliation ('X Ministry spokesman Y',
#: 'the X Party candidate'), which is no actor on that account.
_ROLE_NOUN_AFTER = re.compile(
    r"\s+(?:spokesman|spokeswoman|spokesperson|commissioner|official|officials|candidate|candidates|member"
    r"|members|adviser|advisor|representative|envoy|employee|employees|staff|supporters|lawmaker|lawmakers"
    r"|executive|director|chairman|chairwoman|president|chief|expert|analyst|researcher|economist)\b"
)
#: 'a member of X', 'the member of Parliament for Y': the body is the person's affiliation.
_MEMBER_OF_BEFORE = re.compile(r"\bmembers?\s+of\s+(?:the\s+)?$")


#: Capitalised role words that head a title, not a body ("Member of Parliament", "Senate Minority Whip").
_ROLE_HEADS = frozenset(
    "Leader Whip Member Members Speaker Chairman Chairwoman Chairperson Spokesman Spokeswoman Spokesperson "  # noqa: SIM905 (a word list reads better as text)
    "Representative Delegate Commissioner Lawmaker Senator Councillor Deputy".split()
)


def _names_a_role(name: str) -> bool:
    """Whether a role word comes before any 'of'/'for'/'on' of a body run: the run is a title, not a body."""
    return any(word in _ROLE_HEADS for word in _HEAD_END.split(name, maxsplit=1)[0].split())


def _country_government(tokens: list[str]) -> bool:
    """'Government of Kenya' is the country acting, not a separate actor."""
    return tokens[0] == "Government" and " ".join(tokens[2:]) in COUNTRY_FORMS and tokens[1:2] == ["of"]


_ARMED_BEFORE = re.compile(rf"\b(?:{ARMED_ADJECTIVES})\s+(?:{GROUP_NOUNS})\s+(?:the\s+)?({NAME_RUN})")
_ARMED_AFTER_TAIL = re.compile(
    rf"(?:\s+|\s*[,\u2014\u2013-]+\s*(?:formerly|once|now|previously)?\s*(?:an?|the)\s+(?:[\w-]+\s+)?)"
    rf"(?:{ARMED_ADJECTIVES})\s+(?:{GROUP_NOUNS})\b"
)
_ORG_APPOSITIVE_TAIL = re.compile(rf"(?:,\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,2}}?|\s+)(?:{ORG_NOUNS})\b")
_HEAD_OF = re.compile(
    rf"\b(?=[lhcfm])(?:leader|leaders|head|chief|founder|commander|fighters|militants) of (?:the )?"
    rf"({_TOK}(?:\s{_TOK})+)"
)
_ADJECTIVE_ONLY = re.compile(rf"^(?:{ARMED_ADJECTIVES})$", re.IGNORECASE)


def _group_candidates(text: str, runs: list[tuple[int, int]]) -> list[Candidate]:
    """Names an armed-group or organisation phrase marks ('militant group X', 'X, a rebel group')."""
    out: list[Candidate] = []
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
        out.append(Candidate(start, end, name, kind, strength, text[min(start, run_start) : stop]))
    return out


_NATIONAL_BODY = re.compile(
    r"(?<![\w-])(?P<dem>[A-Z][\w-]*)\s+(?:national|federal|state)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:intelligence(?:\s+(?:service|services|agency|forces|directorate))?|security\s+(?:service|forces|agency)"
    r"|police|guard|army|forces|service|agency|commission|council|committee|directorate)\b"
)


def _national_bodies(text: str) -> list[Candidate]:
    """A demonym's national, federal or state body ('the Kestrian national police')."""
    return [
        Candidate(
            m.start(),
            m.end(),
            m.group(),
            ActorType.government_body,
            2,
            m.group(),
            affiliation=_affiliation(text, m.group("dem")),
        )
        for m in _NATIONAL_BODY.finditer(text)
        if m.group("dem") in DEMONYMS
    ]


_LED_COALITION = re.compile(r"(?<![\w.])((?:[A-Z][\w.]*)-led\s+(?:coalition|alliance|forces))\b")


def _led_coalitions(text: str) -> list[Candidate]:
    """'The X-led coalition' (or alliance, forces) is one organisation."""
    return [
        Candidate(m.start(1), m.end(1), m.group(1), ActorType.organization, 1, m.group(1))
        for m in _LED_COALITION.finditer(text)
    ]


_SPEAKER_AFTER = re.compile(rf"\b(?=[stwa])(?:said|says|told|added|wrote)\s+({NAME_RUN})")
_ROLE_BEFORE = re.compile(
    rf"\b(?i:archbishop|bishop|cardinal|prosecutor|leader|head|chief|commander|founder|spokesperson|spokesman|"
    rf"spokeswoman|militant|official|envoy|deputy|member|son|daughter|wife|husband|brother|sister|president|chairman|chairwoman|director|minister|"
    rf"secretary|lawyer|attorney|mayor|governor|executive|ceo|professor|judge|coach|manager|owner|analyst)"
    rf"(?:\s+(?:of|for|at)\s+(?:the\s+)?{NAME_RUN})?,\s+({NAME_RUN})(?=,)"
)
_SPEAKER_TAIL = re.compile(rf"\s+{ADVERB}(?:{SPEECH_VERBS})\b")


def speaks_at(text: str, end: int) -> bool:
    """Whether a reporting verb follows the name ending at ``end`` ("the United States announced")."""
    return _SPEAKER_TAIL.match(text, end) is not None
_HARMED_TAIL = re.compile(
    r"\s+(?:was|were|has been|had been|is)\s+(?:\w+ly\s+)?(?:killed|arrested|detained|assassinated|shot|wounded|"
    r"injured|kidnapped|abducted|captured|executed|elected|appointed|sentenced|charged)\b"
    r"|['\u2019]s\s+(?:death|killing|assassination|funeral|arrest|release|resignation)\b"
)
_ROLE_TAIL = re.compile(
    r",\s+(?:the\s+|an?\s+)?((?:[\w'\u2019-]+\s+){0,3}?"
    r"(?:spokesperson|spokesman|spokeswoman|minister|president|leader|head|chief|commander|director|"
    r"ambassador|envoy|secretary|governor|mayor|official))\b"
)


#: A party member's noun before a name ("Republican Mara Lind said", "Democrat Lind, a minister").
_PARTY_MEMBER = re.compile(r"(?:Democrat|Republican)\s+(?=[A-Z])")


def _speaker_candidates(text: str, runs: list[tuple[int, int]]) -> list[Candidate]:
    """Names in speaker or harmed position, or with a role apposed.

    A run that starts inside a title's portfolio ("Minister for Foreign
    Affairs X said") is left to the titled name, which would otherwise lie
    inside it and be dropped by the merge.
    """
    title_ends = {m.end() for m in TITLE_RE.finditer(text)}
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
    out: list[Candidate] = []
    for run_start, run_end, stop, title in found:
        start, end = _clean_run(text, run_start, run_end)
        member = _PARTY_MEMBER.match(text, start, end)
        if member:
            start = member.end()  # 'Democrat Mara Lind said': the party word says what she is, not who
        name = text[start:end]
        inside_title = any(start < pos < end for pos in title_ends)
        if len(name.split()) >= 2 and is_plain_name(name) and not inside_title:
            # 'X Web Services said': a speaker whose name ends in a body word is a body; so is 'Red Cross
            # Federation said', unless a given name opens it ('Ann Court said'); 'the United States
            # announced' is a country speaking.
            words = name.split()
            body = ends_like_place_or_body(name) or (words[-1] in ORG_CUES and not is_given_name(words[0]))
            kind = ActorType.country if name in COUNTRY_FORMS else ActorType.organization if body else ActorType.person
            out.append(Candidate(start, end, name, kind, 2 if title else 1, text[start:stop], title=title))
    return out


#: Number words and quantifiers that open a noun phrase ("One MP told", "Several MPs said").
_QUANTIFIERS = frozenset(
    "One Two Three Four Five Six Seven Eight Nine Ten Another Some Several Many Most Each Every Both All Few "  # noqa: SIM905
    "No Other".split()
)


def _counted_role(name: str) -> bool:
    """'One MP', 'Two MPs': a number word or quantifier before an acronym counts people; it names nobody."""
    words = name.split()
    return len(words) == 2 and words[0] in _QUANTIFIERS and words[1].rstrip("s").isupper()


_NAME_ENDERS = frozenset(ORG_CUES) | frozenset(COUNTRY_FORMS) | frozenset(DEMONYMS)


def _occupied_people(text: str) -> list[Candidate]:
    """People introduced by a lower-case occupation ('record producer X'), which is their title."""
    out: list[Candidate] = []
    for title_start, title, name_start in occupation_titles(text):
        run = _RUN_RE.match(text, name_start)
        start, end = _clean_run(text, name_start, run.end()) if run else (name_start, name_start)
        name = text[start:end]
        whole = start == name_start and len(name.split()) >= 2
        played = _PLAYED_BEFORE.search(text, max(0, title_start - 40), title_start)
        played = played or _SPOUSE_LIST.search(text, max(0, title_start - 200), title_start)
        if whole and is_plain_name(name) and not ends_like_place_or_body(name) and not played:
            out.append(Candidate(start, end, name, ActorType.person, 2, text[title_start:end], title=title))
    return out


def _bare_people(text: str) -> list[Candidate]:
    """People named without any cue, by a given name and a surname (the weakest evidence)."""
    out: list[Candidate] = []
    for start, end in given_name_people(text, _NAME_ENDERS):
        name = text[start:end]
        as_type = _NAME_AS_TYPE.search(text, max(0, start - 6), start) and _TYPE_AFTER.match(text, end)
        played = _PLAYED_BEFORE.search(text, max(0, start - 40), start)
        spouse = _SPOUSE_LIST.search(text, max(0, start - 200), start)
        if is_plain_name(name) and not as_type and not played and not spouse:
            out.append(Candidate(start, end, name, ActorType.person, 1, name))
    return out


#: An article before a bare name and a relative or 'of' after it use the name as a type, not as a reference:
#: "require a X Y that we have never seen", "the \"X Y of Kestria\"" (but "a X Y Exchange bomb plot" names one).
_NAME_AS_TYPE = re.compile(r"(?:\b[Aa]n?|\bthe\s+[\"\u201c])\s*$")
_TYPE_AFTER = re.compile(r"\s+(?:that|who|whom|of)\b")
#: The people a person was married to, listed after "married to" in one sentence, are their spouses, named
#: for the record of a life (an obituary), not actors of the story; each is found only on a cue of its own.
_SPOUSE_LIST = re.compile(r"\b(?:was|were|is|had been)\s+(?:also\s+)?married\s+(?:in\s+turn\s+)?to\s+[^.!?\n]*$")
#: A person an actor plays is a character of a work, not an actor of the story: "his role as X", "portraying X".
_PLAYED_BEFORE = re.compile(
    r"\b(?:role\s+as|portrayal\s+of|portraying|portrayed|played\s+the\s+role\s+of|starred\s+as|cast\s+as)"
    r"\s+(?:[a-z]+\s+)?$"
)


def _described_bodies(text: str) -> list[Candidate]:
    """Companies, media and agencies the article describes as such (see ``organisations``)."""
    return [
        Candidate(start, end, text[start:end], kind, 2 if described else 1, text[start:end])
        for start, end, kind, described in described_organisations(text, _NAME_ENDERS)
        if not TITLE_RE.search(text, start, end)
    ]


#: A legislative chamber named by its common noun, as the subject of a finite verb ("the Senate voted",
#: "the state's House of Representatives confirmed him", "the Kestrian Parliament approved"): one specific
#: body of the story's country, or of the country a demonym names.
_CHAMBER = re.compile(
    r"(?:(?<![\w\[])\[?[Tt]\]?he|['\u2019]s)\s+(?P<name>(?:(?P<dem>[A-Z][\w-]+)\s+)?"
    r"(?:Senate|Congress|Parliament|House\s+of\s+(?:Representatives|Commons|Lords)))"
    r"(?=\s+(?:\w+ly\s+)?(?:has|had|is|was|will|would|did|does|could|must|votes|passes|approves|rejects|confirms"
    r"|\w{3,}ed)\b)"
)


def _chambers(text: str, named: list[Candidate]) -> list[Candidate]:
    """Chambers named by their noun alone, unless the article names one in full ("the Kestria Senate")."""
    fuller = [c.name for c in named if c.type is not ActorType.person]
    return [
        Candidate(m.start("name"), m.end("name"), m.group("name"), ActorType.government_body, 2, m.group("name"))
        for m in _CHAMBER.finditer(text)
        if m.group("dem") is None or m.group("dem") in DEMONYMS or m.group("dem") in COUNTRY_FORMS
        if not any(n != m.group("name") and n.endswith(" " + m.group("name")) for n in fuller)
    ]


def _companies(text: str) -> list[Candidate]:
    """Companies whose name ends in a legal form ('X Group A/S'), see ``legal_forms``."""
    return [
        Candidate(start, end, text[start:end], ActorType.organization, 2, text[start:end])
        for start, end in registered_companies(text)
    ]


def _country_candidates(text: str) -> list[Candidate]:
    """Countries, and a compass-led place that acts as a country, named whole (see ``countries``)."""
    return [
        Candidate(start, end, text[start:end], ActorType.country, 5, text[start:end])
        for start, end in country_spans(text)
    ]


#: Head nouns of laws, rules and schemes: a name headed by one ("X Act", "X Regulations for Y") is no actor.
_INSTRUMENT_HEADS = frozenset(
    "Act Acts Law Laws Bill Code Regulation Regulations Rules Directive Treaty Convention Protocol Charter "  # noqa: SIM905 (a word list reads better as text)
    "Accord Agreement Conditions Terms Guidelines Doctrine Project Programme Program Initiative Plan "
    "Strategy Scheme".split()
)
_HEAD_END = re.compile(r"\s(?:of|for|on)\s")


def _instrument(name: str) -> bool:
    """Whether a name is headed by a law or scheme noun: its last word before any 'of'/'for'/'on', or its last."""
    head = _HEAD_END.split(name, maxsplit=1)[0].split()
    return bool(head) and (head[-1] in _INSTRUMENT_HEADS or name.split()[-1] in _INSTRUMENT_HEADS)


def find_candidates(text: str) -> list[Candidate]:
    """Every candidate actor of the article, from every cue, in no particular order.

    A one-word body name is dropped when a person carries it as a name
    ("Lane" of "Mara Lane", also where "Lane wrote" reads like a publisher); a law or scheme ("X
    Act", "X Regulations for Y") is never an actor.
    """
    runs = [m.span() for m in _RUN_RE.finditer(text)]
    org_runs = [m.span() for m in _ORG_RUN_RE.finditer(text)]
    candidates = _titled_people(text) + _org_candidates(text, org_runs) + _companies(text)
    candidates += _group_candidates(text, runs) + _national_bodies(text) + _led_coalitions(text)
    candidates += _speaker_candidates(text, runs)
    candidates += _alias_candidates(text, candidates) + _country_candidates(text) + _bare_people(text)
    candidates += _occupied_people(text) + _birth_names(text)
    candidates += [Candidate(s, e, text[s:e], ActorType.person, 2, text[s:e]) for s, e in handle_speakers(text)]
    people = [c for c in candidates if c.type is ActorType.person]
    candidates += [
        c
        for c in _described_bodies(text)
        if not any(c.name in p.name.split() for p in people)  # 'Lind wrote': the person, not a body
    ]
    candidates += _chambers(text, candidates)
    candidates = _split_people_from_bodies(text, candidates)
    return [c for c in candidates if c.type is ActorType.country or not _instrument(c.name)]


#: What joins a person to the body after them inside one capitalised run ("Li of the University of X").
_PERSON_OF = re.compile(r",?\s+(?:of|at|from)\s+(?:the\s+)?")


def _body_words(prefix: str) -> bool:
    """Whether the words before a given-name person read as a body ("United Nations"), not more given names.

    One unknown word before a given name is more likely a first name the
    lexicon lacks ("Sławoj Ignacy Brzoza") than a body.
    """
    words = prefix.split()
    return bool(words) and not is_given_name(words[0]) and (len(words) >= 2 or words[-1] in _NAME_ENDERS)


def _split_people_from_bodies(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Cut a person out of a body's run: "Mara Lind of the University of X", "the United Nations Mara Lind".

    A run of capitals can hold a given-name person and the body they belong
    to, written together with "of" or a title's portfolio right before the
    name. The body keeps only its own words, so the person (found by their
    given name) is not swallowed as part of an organisation's name.
    """
    people = [c for c in candidates if c.type is ActorType.person and is_given_name(c.name.split()[0])]
    out: list[Candidate] = []
    for c in candidates:
        if c.type is ActorType.country or text[c.start : c.end] != c.name:
            out.append(c)
            continue
        start, end = c.start, c.end
        for person in people:
            link = _PERSON_OF.match(text, person.end) if person.start == c.start else None
            if c.type is ActorType.person:
                if person.end == c.end and person.start > c.start and _body_words(text[c.start : person.start]):
                    start = person.start  # "United Nations Mara Lind wrote": the person is Mara Lind
            elif link is not None and link.end() < c.end:
                start = link.end()
            elif person.end == c.end and person.start > c.start + 1:
                end = len(text[: person.start].rstrip())
        if (start, end) == (c.start, c.end):
            out.append(c)
        elif end > start and len(text[start:end].split()) <= len(c.name.split()):
            out.append(replace(c, start=start, end=end, name=text[start:end], evidence=text[start:end]))
    return out
