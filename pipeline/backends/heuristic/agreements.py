"""Agreement finding for the heuristic extractor.

Agreements, deals, treaties, pledges and joint bodies that parties set up
together ("an operations centre formed by A, B and C"). A later "the
agreement" refers back to the last one found and only adds what was missing.
Status comes from generic cues: carried out or in effect, ended, reached or
signed (or dated in the past), proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.backends.heuristic.actors import ActorIndex, Mention
from pipeline.backends.heuristic.parsed import ParsedArticle
from pipeline.backends.heuristic.times import dates_in
from pipeline.text.sentences import Segment, deadline_start
from schemas import ActorType

_AGREEMENT_RE = re.compile(
    r"\b(?:agreements?|deal|accord|treaty|ceasefire|truce|memorandum of understanding|pledg(?:ed|ing|es)(?:\s+to)?"
    r"|agreed(?:\s+to|\s+on)?|signed)\b",
    re.IGNORECASE,
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


_STATUS: tuple[tuple[str, str], ...] = (
    ("ended", r"\b(?:ended|collapsed|expired|broke down|terminated|scrapped|withdrew from|suspended)\b"),
    (
        "in_force",
        (
            r"\b(?:in force|took effect|into effect|came into force|in effect|have begun|has begun|began|"
            r"withdrawing|being implemented|implementing)\b"
        ),
    ),
    (
        "signed",
        (
            r"\b(?:signed|reached|announced|agreed|struck|concluded|sealed|pledg\w+|made|inked|formed|"
            r"established|set up)\b"
        ),
    ),
    ("proposed", r"\b(?:proposed|draft|proposal|would|negotiat\w+|plans? to|seek\w*|offered)\b"),
)


def _status(text: str, seg: Segment, dated: bool) -> str:
    """Where the agreement stands: the strongest cue of the sentence; a past date means it was made."""
    sentence = text[seg.start : seg.end]
    for status, pattern in _STATUS:
        if re.search(pattern, sentence, re.IGNORECASE):
            return status
    return "signed" if dated else "unknown"


#: Where a subject clause ends: a comma, semicolon, full stop, or a deadline or time clause.
_CLAUSE_END = r"(?=,|;|\.\s|\.$|\s+(?:by|until|before|when|while)\s|$)"
_SUBJECT = re.compile(rf"\b(?:to|on|over|for)\s+(.+?){_CLAUSE_END}")
_BETWEEN_LIST = re.compile(
    r"\s+between\s+[A-Z][^,;.]*?(?=\s+(?:that|which|who|would|will|to|in|on)\s|[,;.]|$)"
)
_CLAUSE_AFTER_TO = re.compile(rf"\s*(.+?){_CLAUSE_END}")


def _subject(text: str, seg: Segment, trig: re.Match[str]) -> str:
    """What the agreement is about: the clause after 'to'/'on', without its deadline."""
    if trig.group().lower().startswith("pledg") or trig.group().lower().endswith(" to"):
        m = _CLAUSE_AFTER_TO.match(text, trig.end(), seg.end)
    else:
        m = _SUBJECT.search(text, trig.end(), min(seg.end, trig.end() + 200))
        m = m if m and m.start() - trig.end() <= 30 else None
    if m and m.group(1).strip():
        return m.group(1).strip()
    between = _BETWEEN_LIST.match(text, trig.end(), seg.end)
    return trig.group() + (between.group() if between else "")


def _agreement_dates(text: str, seg: Segment) -> tuple[str | None, str | None]:
    signed: str | None = None
    deadline: str | None = None
    for expr in dates_in(text, seg):
        written = text[expr.start : expr.end]
        if deadline_start(text, expr, seg.start) is not None:
            deadline = deadline or written
        elif not written.lower().startswith(("next", "later", "tomorrow")):
            signed = signed or written
    return signed, deadline


_WITH = re.compile(r"\bwith\s+(?:the\s+)?")


def _parties(text: str, seg: Segment, index: ActorIndex, trig: re.Match[str]) -> list[int]:
    """Parties: the actors before the agreement word, else those after it; not a possessive person."""
    mentions = [m for m in index.within(seg.start, seg.end) if not _possessive_person(text, index, m)]
    chosen = [m for m in mentions if m.end <= trig.start()] or [m for m in mentions if m.start >= trig.end()]
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
_JOINT_BODY = re.compile(r"\b(?:formed|established|set up|created|launched|founded)\b")
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


def find_agreements(article: ParsedArticle) -> list[AgreementInfo]:
    """Agreements of the article, with parties as actor indexes and verbatim evidence sentences.

    A later 'the agreement' adds to the last one found; agreement words inside quotes are skipped.
    """
    text, index = article.text, article.index
    quoted = [q.inner for q in article.quotes]
    found: list[AgreementInfo] = []
    last: AgreementInfo | None = None
    for seg in article.sents:
        trig = next(
            (
                m
                for m in _AGREEMENT_RE.finditer(text, seg.start, seg.end)
                if not any(q.contains(m.start()) for q in quoted)
            ),
            None,
        )
        body = _joint_body(text, seg, index)
        if body is not None:
            found.append(body)
        if trig is None:
            continue
        signed, deadline = _agreement_dates(text, seg)
        anaphoric = re.search(
            r"\b(?:the|this|that)\s+$", text[max(seg.start, trig.start() - 6) : trig.start()]
        )
        if anaphoric and last is not None:
            last.evidence += [text[seg.start : seg.end]][: max(0, 3 - len(last.evidence))]
            last.signed_text = last.signed_text or signed
            last.deadline_text = last.deadline_text or deadline
            last.parties = last.parties or _parties(text, seg, index, trig)
            continue
        last = AgreementInfo(
            parties=_parties(text, seg, index, trig),
            subject=_subject(text, seg, trig),
            status=_status(text, seg, signed is not None),
            evidence=[text[seg.start : seg.end]],
            signed_text=signed,
            deadline_text=deadline,
        )
        found.append(last)
    return found
