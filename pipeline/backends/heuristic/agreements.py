"""Agreement finding for the heuristic extractor.

Agreements, deals, treaties, pacts, memoranda, joint ventures, pledges and
joint bodies that parties set up together ("an operations centre formed by
A, B and C"). A later definite mention ("the agreement", "the border
treaty") refers back to the latest one sharing its modifiers and only adds
what was missing; a mention that names neither a party nor a status, or a
definite one with nothing to refer to, is background, not a record. A
denied signing ("has not signed") is none. Status comes from generic cues:
carried out or in effect, ended (also "quitting its joint venture"),
reached or signed (or dated in the past), proposed (also "may sign",
"plans to sign")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.backends.heuristic.actors import ActorIndex, Mention
from pipeline.backends.heuristic.modality import deferred, negated
from pipeline.backends.heuristic.parsed import ParsedArticle
from pipeline.backends.heuristic.triggers import clause_at
from pipeline.backends.heuristic.vocab import SPEECH_VERBS
from pipeline.text.sentences import Segment, deadline_start, time_expressions
from pipeline.text.wordlists import alternatives, word_regex
from schemas import ActorType

#: Nouns of an agreement: a definite one ('the border agreement') may refer to one already found.
_NOUNS = alternatives(
    (
        "agreements?", "deals?", "accords?", "treat(?:y|ies)", "ceasefires?", "truces?", "pacts?",
        "memorand(?:um|a) of understanding", "letters? of intent", "joint ventures?",
    )
)
_AGREEMENT_RE = re.compile(
    rf"\b(?:(?P<noun>{_NOUNS})|pledg(?:ed|ing|es)(?:\s+to)?|agreed(?:\s+to|\s+on)?|signed)\b",
    re.IGNORECASE,
)
#: What one signs that is no agreement between parties: a letter, petition or law.
_SIGNED_NON_AGREEMENTS = (
    r"letter(?!s?\s+of\s+intent)", "petitions?", "bill", "law", "decree", "executive order", "order",
    "autographs?", "books?", "condolence",
)
_NOT_AGREED = re.compile(
    rf"\s+(?:an?|the|their|his|her|its)\s+(?:open\s+)?(?:{alternatives(_SIGNED_NON_AGREEMENTS)})\b",
    re.IGNORECASE,
)
#: A definite description before an agreement noun, with up to three modifiers ('the maritime border').
#: Not 'that' (mostly a conjunction), and no article or agreement verb among the modifiers ('the two sides
#: signed a deal' is no definite description).
_DEFINITE = re.compile(
    r"\b(?:the|this|its|their)\s+((?:(?!(?:an?|signed|agreed|reached|struck|sealed|inked)\s)[\w-]+\s+){0,4})$",
    re.IGNORECASE,
)
#: Leaving or ending it, right before the noun ('said it was quitting the joint venture').
_LEAVING = (
    "leaving", "left", "leave", "quit", "quitting", "exited", "exiting", "pulled out of", "withdrew from",
    "walked away from", "tore up", "scrapped", "cancell?ed", "terminated",
)
_ENDS = re.compile(
    rf"\b(?:{alternatives(_LEAVING)})\s+(?:the|its|their|a|an)\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE
)


@dataclass
class AgreementInfo:
    """An agreement being assembled; later 'the agreement' sentences add to it."""

    parties: list[int]
    subject: str
    status: str
    evidence: list[str]
    signed_text: str | None = None
    deadline_text: str | None = None


#: Status cue words, strongest first: the first status with a cue in the sentence is the agreement's.
_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "ended": (
        "ended", "collapsed", "expired", "broke down", "terminated", "scrapped", "withdrew from", "suspended",
    ),
    "in_force": (
        "in force", "took effect", "into effect", "came into force", "in effect", "have begun", "has begun",
        "began", "withdrawing", "being implemented", "implementing",
    ),
    "signed": (
        "signed", "reached", "announced", "agreed", "struck", "concluded", "sealed", r"pledg\w+", "made",
        "inked", "formed", "established", "set up",
    ),
    "proposed": (
        "proposed", "draft", "proposal", "would", r"negotiat\w+", "plans? to", r"seek\w*", "offered",
    ),
}
_STATUS = {status: word_regex(words, re.IGNORECASE) for status, words in _STATUS_WORDS.items()}


def _status(text: str, seg: Segment, dated: bool, trig: re.Match[str]) -> str:
    """Where the agreement stands: the strongest cue of the sentence; a past date means it was made.

    Leaving it right before the word ends it; a future, modal or planning
    frame before the word makes it proposed whatever else the sentence says.
    """
    window = max(seg.start, trig.start() - 60)
    if _ENDS.search(text, window, trig.start()):
        return "ended"
    if deferred(text, clause_at(text, seg, trig.start()), trig.start()):
        return "proposed"
    sentence = text[seg.start : seg.end]
    for status, cue in _STATUS.items():
        if cue.search(sentence):
            return status
    return "signed" if dated else "unknown"


#: Where a subject clause ends: a comma, semicolon, full stop, a deadline or time clause, or a
#: coordinated past-tense verb ('agreed on X and allowed Y': Y is another matter).
_CLAUSE_END = r"(?=,|;|\.\s|\.$|\s+(?:by|until|before|when|while)\s|\s+and\s+[a-z]+ed\s|$)"
_SUBJECT = re.compile(rf"\b(?:to|on|over|for)\s+(.+?){_CLAUSE_END}")
_BETWEEN_LIST = re.compile(
    r"\s+between\s+[A-Z][^,;.]*?(?=\s+(?:that|which|who|would|will|to|in|on)\s|[,;.]|$)"
)
_CLAUSE_AFTER_TO = re.compile(rf"\s*(.+?){_CLAUSE_END}")


#: What was signed, when it is an agreement noun phrase ('signed a maritime border agreement').
_SIGNED_OBJECT = re.compile(
    rf"\s+(?:an?|the|their|its)\s+((?:[\w-]+\s+){{0,4}}?(?:{_NOUNS}))\b", re.IGNORECASE
)


def _subject(text: str, seg: Segment, trig: re.Match[str]) -> str:
    """What the agreement is about: the clause after 'to'/'on', without its deadline.

    A clause that opens with a time expression ('a deal whereby, on May 2,
    ...') says when, not what; after 'signed', the agreement's own noun
    phrase names it.
    """
    if trig.group().lower().startswith("pledg") or trig.group().lower().endswith((" to", " on")):
        m = _CLAUSE_AFTER_TO.match(text, trig.end(), seg.end)
    else:
        m = _SUBJECT.search(text, trig.end(), min(seg.end, trig.end() + 200))
        m = m if m and m.start() - trig.end() <= 30 else None
    if m and m.group(1).strip() and not _opens_with_date(text, m.start(1), m.end(1)):
        return m.group(1).strip()
    signed = _SIGNED_OBJECT.match(text, trig.end(), seg.end) if trig.group().lower() == "signed" else None
    if signed:
        return signed.group(1)
    between = _BETWEEN_LIST.match(text, trig.end(), seg.end)
    return trig.group() + (between.group() if between else "")


def _opens_with_date(text: str, start: int, end: int) -> bool:
    return any(e.start == start for e in time_expressions(text, Segment(start, end)))


#: A verb of speech or reaction between a date and the agreement word: the date is of that act
#: ('On Monday, X denounced the deal').
_SPOKEN = re.compile(rf"\b(?:{SPEECH_VERBS}|reported|criticised|criticized|rejected)\b", re.IGNORECASE)


#: Speech that makes the agreement public, so its date is the agreement's ('announced their deal').
_MAKES_PUBLIC = frozenset({"announced", "announces", "declared", "declares", "confirmed", "revealed"})


def _agreement_dates(text: str, seg: Segment, trig: re.Match[str]) -> tuple[str | None, str | None]:
    """The signing date nearest the agreement word, and the first deadline ('by June').

    A date before a speech or reaction verb that stands before the word
    dates that act, not the agreement, unless the act makes the agreement
    public ('announced their deal').
    """
    signed: tuple[int, str] | None = None
    deadline: str | None = None
    for expr in time_expressions(text, seg):
        written = text[expr.start : expr.end]
        if deadline_start(text, expr, seg.start) is not None:
            deadline = deadline or written
        elif written.lower().startswith(("next", "later", "tomorrow")):
            continue
        elif expr.end > trig.start() or not any(
            m.group().lower() not in _MAKES_PUBLIC for m in _SPOKEN.finditer(text, expr.end, trig.start())
        ):
            distance = abs(expr.start - trig.start())
            signed = signed if signed and signed[0] <= distance else (distance, written)
    return (signed[1] if signed else None), deadline


_WITH = re.compile(r"\bwith\s+(?:the\s+)?")


def _parties(text: str, seg: Segment, index: ActorIndex, trig: re.Match[str]) -> list[int]:
    """Parties: the actors before the agreement word, else those after it; not a possessive person.

    A nationality word right before a named actor ('the Greek gas producer
    X') qualifies that actor and is no party of its own.
    """
    mentions = [m for m in index.within(seg.start, seg.end) if not _possessive_person(text, index, m)]
    named = [m for m, n in zip(mentions, [*mentions[1:], None]) if not _qualifies(text, m, n)]
    chosen = [m for m in named if m.end <= trig.start()] or [m for m in named if m.start >= trig.end()]
    parties = list(dict.fromkeys(m.actor for m in chosen))
    between = re.match(r"\s+between\s+(?:the\s+)?", text[trig.end() : seg.end])
    if between:
        listed = index.listed_after(text, trig.end() + between.end(), seg.end, reach=2)
        if len(listed) >= 2:
            return listed
    partner = _WITH.search(text, trig.end(), seg.end)
    if partner and (
        trig.group().lower().startswith(("pledg", "agreed")) or partner.start() - trig.end() < 40
    ):
        parties += [p for p in index.listed_after(text, partner.end(), seg.end, reach=2) if p not in parties]
    return parties


#: Up to three lower-case words, none a past-tense '-ed' verb: what stands between a nationality word
#: and the name it qualifies ('Greek gas producer X', not 'Norwegian envoy visited X').
_QUALIFIED_GAP = re.compile(r"(?:\s+(?![a-z][\w-]*ed\b)[a-z][\w-]*){0,3}\s+")


def _qualifies(text: str, m: Mention, following: Mention | None) -> bool:
    """Whether a nationality word only qualifies the name after it ('Greek gas producer Energean')."""
    return (
        m.demonym
        and following is not None
        and not following.demonym
        and _QUALIFIED_GAP.fullmatch(text, m.end, following.start) is not None
    )


def _possessive_person(text: str, index: ActorIndex, m: Mention) -> bool:
    return (
        index.actors[m.actor].type is ActorType.person
        and re.match(r"['\u2019]s\b", text[m.end : m.end + 3]) is not None
    )


_BODY_NOUN = re.compile(
    r"\b(?:[Aa]n?|[Tt]he)\s+((?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:(?:was|were|has been|had been)\s+)?"
    r"(?:(?:recently|newly|jointly)\s+)?$"
)
_BODY_AFTER = re.compile(r"\s+((?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:involving|by|between|among|of|with|in)\b")


def _body_name(text: str, seg: Segment, verb: re.Match[str]) -> str | None:
    """The body's noun: before the verb ('a room was formed') or after it ('a newly formed room involving')."""
    noun = _BODY_NOUN.search(text, max(seg.start, verb.start() - 60), verb.start())
    if noun and not noun.group(1).endswith("ly"):
        return noun.group(1)
    after = _BODY_AFTER.match(text, verb.end(), seg.end)
    return after.group(1) if after else None


#: A joint body set up by several parties ("a task force formed by A, B and C").
_JOINT_BODY = word_regex(("formed", "established", "set up", "created", "launched", "founded"))
_PURPOSE = re.compile(
    r"\bto\s+(?:[a-z]+\s+){0,2}?(?:combat|fight|confront|counter|tackle|monitor|coordinate|enhance|"
    r"improve|support|protect|end|reduce|oversee)\b[^,;.]*"
)


def _joint_body(text: str, seg: Segment, index: ActorIndex) -> AgreementInfo | None:
    """A body set up together by three or more listed parties counts as an agreement between them."""
    for m in _JOINT_BODY.finditer(text, seg.start, seg.end):
        parties = index.listed_after(text, m.end(), seg.end)
        if len(parties) < 3:
            continue
        purpose = _PURPOSE.search(text, m.end(), seg.end)
        subject = " ".join(x for x in (_body_name(text, seg, m), purpose.group() if purpose else None) if x)
        return AgreementInfo(parties, subject or m.group(), "signed", [text[seg.start : seg.end]])
    return None


#: 'Signed off' (went off air), 'signed up for', 'signed in': no signing of an agreement.
_SIGNED_PHRASAL = re.compile(r"\s+(?:off|up|in|out)\b", re.IGNORECASE)
#: 'Pledged' as an adjective ('the most pledged delegates') or with a gerund ('pledged building a dam',
#: a promise to act): no pledge between parties.
_PLEDGED_ADJECTIVE = re.compile(r"(?:\d[\d,]*|\bmost|\bmore|\bfewer|\bthe|\btheir|\bhis|\bher|\bits)\s+$", re.IGNORECASE)
_GERUND_AFTER = re.compile(r"\s+[a-z]+ing\b")
#: 'any agreement', 'no deal': no particular agreement.
_NO_PARTICULAR = re.compile(r"\b(?:any|no)\s+$", re.IGNORECASE)


def _not_an_agreement(text: str, seg: Segment, m: re.Match[str]) -> bool:
    """An agreement word in a sense that names no agreement between parties (see the patterns above)."""
    word = m.group().lower()
    before = text[max(seg.start, m.start() - 12) : m.start()]
    if word == "signed":
        return bool(_NOT_AGREED.match(text, m.end(), seg.end) or _SIGNED_PHRASAL.match(text, m.end(), seg.end))
    if word == "pledged":
        return bool(_PLEDGED_ADJECTIVE.search(before) or _GERUND_AFTER.match(text, m.end(), seg.end))
    return False


def _none_particular(text: str, seg: Segment, m: re.Match[str]) -> bool:
    """'any agreement', 'no deal': the sentence speaks of no particular agreement."""
    return bool(m["noun"]) and _NO_PARTICULAR.search(text, max(seg.start, m.start() - 6), m.start()) is not None


def _triggers(text: str, seg: Segment, quoted: list[Segment]) -> list[re.Match[str]]:
    """The sentence's agreement words outside quotes; none when one is denied ('has not signed').

    'Signed' a letter, petition or law is no agreement between parties.
    """
    out: list[re.Match[str]] = []
    for m in _AGREEMENT_RE.finditer(text, seg.start, seg.end):
        if any(q.contains(m.start()) for q in quoted):
            continue
        if _not_an_agreement(text, seg, m):
            continue
        if negated(text, clause_at(text, seg, m.start()), m.start()) or _none_particular(text, seg, m):
            return []
        out.append(m)
    return out


_WORD = re.compile(r"[A-Za-z]{4,}")


def _antecedent(found: list[AgreementInfo], modifiers: str) -> AgreementInfo | None:
    """The agreement a definite description refers to: the latest one sharing a modifier, else the latest.

    'The border agreement' after a trade deal and a border treaty is the
    border treaty; 'the agreement' is the one just reported.
    """
    words = [w.lower() for w in _WORD.findall(modifiers)]
    for earlier in reversed(found):
        told = " ".join(earlier.evidence).lower()
        if any(w in told for w in words):
            return earlier
    return found[-1] if found else None


def _cue_near(text: str, trig: re.Match[str], seg: Segment) -> bool:
    """Whether a status cue stands next to the agreement word ('the treaty signed in 1990')."""
    near = text[max(seg.start, trig.start() - 40) : min(seg.end, trig.end() + 40)]
    return _ENDS.search(text, max(seg.start, trig.start() - 60), trig.start()) is not None or any(
        cue.search(near) for cue in _STATUS.values()
    )


def _refer_back(
    text: str, seg: Segment, earlier: AgreementInfo, index: ActorIndex, trig: re.Match[str]
) -> None:
    """A later mention of an agreement adds its sentence, dates and, when none are known, its parties.

    Only parties it names right after the word ('the accord between X and
    Y') count: the other actors of such a sentence are usually the ones
    commenting on the agreement.
    """
    signed, deadline = _agreement_dates(text, seg, trig)
    earlier.evidence += [text[seg.start : seg.end]][: max(0, 3 - len(earlier.evidence))]
    earlier.signed_text = earlier.signed_text or signed
    earlier.deadline_text = earlier.deadline_text or deadline
    named = _NAMED_PARTIES.match(text, trig.end(), seg.end)
    if named and not earlier.parties:
        earlier.parties = index.listed_after(text, named.end(), seg.end, reach=2)


_NAMED_PARTIES = re.compile(r"\s+(?:with|between)\s+(?:the\s+)?", re.IGNORECASE)


def _referent(
    text: str, seg: Segment, index: ActorIndex, found: list[AgreementInfo], trig: re.Match[str]
) -> AgreementInfo | None:
    """The earlier agreement a definite 'the (border) agreement' refers to, if it is one.

    A description naming parties other than the earlier one's ('its joint
    venture with X') introduces another agreement.
    """
    definite = (
        _DEFINITE.search(text, max(seg.start, trig.start() - 60), trig.start()) if trig["noun"] else None
    )
    earlier = _antecedent(found, definite.group(1)) if definite else None
    named = _NAMED_PARTIES.match(text, trig.end(), seg.end)
    if earlier is not None and named:
        listed = index.listed_after(text, named.end(), seg.end, reach=2)
        if earlier.parties and not set(listed) <= set(earlier.parties):
            return None
    return earlier


def _dangling(text: str, seg: Segment, trig: re.Match[str]) -> bool:
    """A definite 'the deal' with nothing before it to refer to and no status cue beside it: background."""
    definite = trig["noun"] and _DEFINITE.search(text, max(seg.start, trig.start() - 60), trig.start())
    return bool(definite) and not _cue_near(text, trig, seg)


def find_agreements(article: ParsedArticle) -> list[AgreementInfo]:
    """Agreements of the article, with parties as actor indexes and verbatim evidence sentences.

    A definite 'the (border) agreement' adds to the one it refers to; with
    none found yet it is an agreement of its own only beside a status cue
    ('the treaty signed in 1990'), else the sentence's next agreement word
    is read. A mention with neither a status cue nor a party ('a headline
    on the deal') is no record. Agreement words inside quotes are skipped.
    """
    text, index = article.text, article.index
    quoted = [q.inner for q in article.quotes]
    found: list[AgreementInfo] = []
    for seg in article.sents:
        body = _joint_body(text, seg, index)
        if body is not None:
            found.append(body)
        triggers = _triggers(text, seg, quoted)
        # 'have signed on to the agreement': the definite noun refers back, whatever verb comes first.
        back = next((t for t in triggers if t["noun"] and _referent(text, seg, index, found, t)), None)
        for trig in [back] if back is not None else triggers:
            earlier = _referent(text, seg, index, found, trig)
            if earlier is not None:
                _refer_back(text, seg, earlier, index, trig)
                break
            if _dangling(text, seg, trig):
                continue
            signed, deadline = _agreement_dates(text, seg, trig)
            status = _status(text, seg, signed is not None, trig)
            signed = None if status == "ended" else signed  # 'left the venture in May': May ended it
            parties = _parties(text, seg, index, trig)
            if status != "unknown" or parties:
                subject = _subject(text, seg, trig)
                found.append(
                    AgreementInfo(parties, subject, status, [text[seg.start : seg.end]], signed, deadline)
                )
            break
    return found
