"""Quote finding for the heuristic extractor: quoted words, their speaker, kind and channel.

Attribution follows the conventions of news English: the speaker and a
speech verb after the quote (", he said"), before it ("X said: ..."), or an
"according to X"; "he"/"she" is the nearest preceding person; "the
statement" is whoever was quoted last; an unattributed quote right after an
attributed one continues it. Alias quotes ('known as "Abu X"') are not quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.backends.heuristic.actors import ActorIndex, ActorInfo, Mention
from pipeline.backends.heuristic.parsed import ParsedArticle
from pipeline.backends.heuristic.vocab import ADVERB, SPEECH_PARTICIPLES, SPEECH_VERBS
from pipeline.extract.attribution import (
    FINITE_VERB_AFTER,
    UNNAMED_CUE,
    UNNAMED_SPEAKER,
    ActorForms,
    Attribution,
    QuoteFrames,
    actor_kind,
    attribute,
    cue_before,
    find_mentions,
)
from pipeline.extract.cues import passive_cue
from pipeline.extract.mentions import after_preposition
from pipeline.text.sentences import MONTHS, WEEKDAYS, QuoteSpan, Segment, word_count
from schemas import ActorType, QuoteDraft, QuoteKind

_ADV = ADVERB
_SPEECH_RE = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
_PRONOUN_VERB = re.compile(rf"(?P<pro>he|she|they|it|He|She|They|It)\s+{_ADV}(?:{SPEECH_VERBS})\b")
_VERB_AFTER_NAME = re.compile(rf"\s+{_ADV}(?:{SPEECH_VERBS})\b")
_VERB_THEN_NAME = re.compile(rf"(?:{SPEECH_VERBS})\s+")
_PRONOUN_BEFORE = re.compile(rf"\b(?P<pro>he|she|they|it|He|She|They|It)\s+{_ADV}$")
_PRONOUN_ONLY = re.compile(rf"(?:he|she|it|they)\s+{_ADV}(?:{SPEECH_VERBS})$", re.IGNORECASE)
_NO_CLAUSE_BREAK = re.compile(r"[^,.;:!?\"\u201c\u201d]*")
_STATEMENT_BEFORE = re.compile(rf"\b(?:statement|announcement|post|release|message)\s+{_ADV}$", re.IGNORECASE)
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)
_LEAD = re.compile(r"[\s,.;:!?\u2014\u2013-]*")


@dataclass(frozen=True)
class _Attribution:
    speaker: int | None
    evidence: str | None
    explicit: bool
    channel: str | None = None


def find_quote_drafts(article: ParsedArticle) -> list[QuoteDraft]:
    """Every quotation in the article as a quote draft with its speaker and kind, in article order.

    Speakers are actor names from the article's index.
    """
    text, sents, quotes, index = article.text, article.sents, article.quotes, article.index
    out: list[QuoteDraft] = []
    last_speaker: int | None = None
    last_end = 0
    frames = QuoteFrames(text)
    mentions = find_mentions(text, [_forms(i, a) for i, a in enumerate(index.actors)], frames.quotes)
    for seg in sents:
        inside = [q for q in quotes if seg.start <= q.open < seg.end and not _is_alias(text, seg, q)]
        for k, q in enumerate(inside):
            words = _quote_words(text, q)
            if not words:
                continue
            att = _attribute(text, seg, inside, k, index, last_speaker)
            if (
                att.channel is None
                and att.speaker is not None
                and att.evidence
                and _PRONOUN_ONLY.match(att.evidence)
            ):
                att = _Attribution(
                    att.speaker, att.evidence, True, _channel_nearby(text, sents, seg, att.speaker, index)
                )
            same_paragraph = "\n" not in text[last_end : q.open]
            described = _described(text, seg, q)
            shared = attribute(frames, q, mentions)
            # A cue of its own that names nobody known ("Calling it "...", a charity worker told") is not
            # the last speaker carrying on.
            own_cue = shared.reason == UNNAMED_CUE and cue_before(frames, q)
            if not att.explicit and same_paragraph and last_speaker is not None and not described and not own_cue:
                att = _Attribution(last_speaker, None, True)
            att = _shared_frame(text, shared, att)
            if described and not (shared.bound and shared.speaker is not None):
                # 'was described as "..." by the police': whoever "by" names, or nobody named (unless the shared
                # rules found the agent before the words: 'were described by Li as "..."').
                att = _Attribution(_described_by(text, q, seg, index), att.evidence, True, att.channel)
            if word_count(words) <= 2 and not att.explicit:
                continue
            unnamed = shared.reason == UNNAMED_SPEAKER  # "its source said "three men"" quotes somebody
            if word_count(words) <= 3 and att.speaker is None and not described and not unnamed:
                continue  # a term or scare quote nobody is said to have spoken ("so-called 'reforms'")
            out.append(_draft(text, seg, q, words, att, index))
            if att.speaker is not None:
                last_speaker, last_end = att.speaker, q.close
    return out


def _forms(i: int, actor: ActorInfo) -> ActorForms:
    return ActorForms(str(i), (actor.name, *actor.aliases), actor_kind(actor.type), actor.title, actor.type.value)


def _shared_frame(text: str, found: Attribution, att: _Attribution) -> _Attribution:
    """The speaker the shared attribution rules bound to the quote (``found``), when they bound one.

    Grounding checks every speaker with these rules, so the heuristic answers
    with them first and falls back on its own conventions only where they
    find no frame: one reading of the article, never two that disagree.
    """
    if not found.bound:
        return att
    if found.speaker is None:
        return _Attribution(None, att.evidence, True, att.channel)
    if att.speaker == int(found.speaker):
        return att  # the same reading; the heuristic's passage also covers the channel
    evidence = text[found.start : found.end].strip() or att.evidence
    return _Attribution(int(found.speaker), evidence, True, att.channel or _channel(evidence or ""))


def _channel_nearby(
    text: str, sents: list[Segment], seg: Segment, speaker: int, index: ActorIndex
) -> str | None:
    """For 'he said', the channel named where the speaker was introduced just before."""
    k = sents.index(seg)
    if k == 0:
        return None
    prev = sents[k - 1]
    if not any(m.actor == speaker for m in index.within(prev.start, prev.end)):
        return None
    return _channel(text[prev.start : prev.end])


_DESCRIBED = re.compile(
    r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?(?:regarded|described|seen|considered|viewed|labelled|labeled|"
    r"branded|called|known)\s+(?:as\s+)?[^.;]*$"
)


def _described(text: str, seg: Segment, q: QuoteSpan) -> bool:
    """'was described as "..."': the article attributes the words to nobody."""
    return _DESCRIBED.search(text, seg.start, q.open) is not None


def _described_by(text: str, q: QuoteSpan, seg: Segment, index: ActorIndex) -> int | None:
    """The named actor right after 'by' following a described-as quote, if any."""
    by = re.match(r"[\s,\"'\u201d\u2019]*by\s+(?:the\s+)?", text[q.close + 1 : seg.end])
    if not by:
        return None
    named = index.starting_at(q.close + 1 + by.end())
    return named.actor if named is not None and index.can_speak(named) else None


_ALIAS_CONTEXT = re.compile(
    r"(?:known as|(?<!it )(?<!he )(?<!she )(?<!they )called|dubbed|nicknamed|a\.k\.a\.?|alias),?\s*$",
    re.IGNORECASE,
)


def _is_alias(text: str, seg: Segment, q: QuoteSpan) -> bool:
    """A quoted name after 'known as' is an alias, not something anyone said."""
    return _ALIAS_CONTEXT.search(text, max(seg.start, q.open - 30), q.open) is not None


def _quote_words(text: str, q: QuoteSpan) -> str:
    """The quoted words exactly, punctuation inside the marks included."""
    words = text[q.open + 1 : q.close].strip()
    return words if any(c.isalnum() for c in words) else ""


def _draft(
    text: str, seg: Segment, q: QuoteSpan, words: str, att: _Attribution, index: ActorIndex
) -> QuoteDraft:
    speaker = index.actors[att.speaker].name if att.speaker is not None else None
    return QuoteDraft(
        text=words,
        speaker=speaker,
        kind=_kind(text, seg, q, words),
        channel=att.channel,
        evidence=[att.evidence] if att.evidence else [],
    )


def _kind(text: str, seg: Segment, q: QuoteSpan, words: str) -> QuoteKind:
    """Direct when a whole utterance stands on its own; partial when embedded in a paraphrase."""
    before = text[seg.start : q.open].rstrip()
    starts_clause = not before or before[-1] in ":,\u2014\u2013([" or before.endswith("...")
    first = words.lstrip("\u2026. ")[:1]
    whole = first.isupper() and words.rstrip("\"'\u201d\u2019 ")[-1:] in ".!?"
    return (
        QuoteKind.direct
        if (starts_clause or whole) and (first.isupper() or first.isdigit())
        else QuoteKind.partial
    )


def _attribute(
    text: str, seg: Segment, inside: list[QuoteSpan], k: int, index: ActorIndex, last_speaker: int | None
) -> _Attribution:
    q = inside[k]
    before_start = inside[k - 1].close + 1 if k else seg.start
    after_end = inside[k + 1].open if k + 1 < len(inside) else seg.end
    found = _after(text, q.close + 1, after_end, index, last_speaker)
    if found.explicit and text[before_start : q.open].strip() == "":
        return found
    before = _before(text, before_start, q.open, seg, index, last_speaker)
    if before.explicit:
        return before
    if found.explicit:
        return found
    return _according(text, q.close + 1, seg.end, index, last_speaker)


def _resolve_pronoun(pro: str, pos: int, index: ActorIndex, sentence_end: int) -> int | None:
    """'he'/'she' is the nearest person before; 'it' the nearest organisation; 'they' stays unresolved.

    An actor named later in the same sentence is not what the pronoun means
    ("he took issue with Christie's brother": he is not Christie), so the
    nearest actor not named after the pronoun is taken.
    """
    if pro.lower() == "they":
        return None
    later = {m.actor for m in index.within(pos, sentence_end)}
    wanted = (lambda x: _is_body(index, x)) if pro.lower() == "it" else (
        lambda x: index.actors[x.actor].type is ActorType.person
    )
    m = next((x for x in reversed(index.mentions) if x.end <= pos and wanted(x) and x.actor not in later), None)
    return m.actor if m else None


def _is_body(index: ActorIndex, mention: Mention) -> bool:
    kind = index.actors[mention.actor].type
    return not mention.demonym and kind not in (ActorType.person, ActorType.country)


def _after(text: str, start: int, end: int, index: ActorIndex, last_speaker: int | None) -> _Attribution:
    if start >= end:
        return _Attribution(None, None, False)
    p0 = _LEAD.match(text, start, end).end()  # type: ignore[union-attr]
    evidence = _clause(text, p0, end)
    channel = _channel(evidence)
    m = _PRONOUN_VERB.match(text, p0, end)
    if m:
        return _Attribution(_resolve_pronoun(m.group("pro"), p0, index, end), evidence, True, channel)
    mention = _subject_after(text, p0, end, index)
    if mention and _VERB_AFTER_NAME.match(text, mention.end, end):
        return _Attribution(mention.actor, evidence, True, channel)
    verb = _VERB_THEN_NAME.match(text, p0, end)
    if verb and (named := index.starting_at(verb.end())):
        return _Attribution(named.actor, evidence, True, channel)
    return _Attribution(None, None, False)


def _subject_after(text: str, p0: int, end: int, index: ActorIndex) -> Mention | None:
    """The name right after a quote, allowing a title first (', Commission spokeswoman Ana Li told')."""
    lead = _NO_CLAUSE_BREAK.match(text, p0, min(end, p0 + 60))
    reach = lead.end() if lead else p0
    return next((m for m in index.within(p0, end) if m.start <= reach and index.can_speak(m)), None)


def _according(text: str, start: int, end: int, index: ActorIndex, last_speaker: int | None) -> _Attribution:
    m = _ACCORDING.search(text, start, end)
    if not m:
        return _Attribution(None, None, False)
    evidence = _clause(text, m.start(), end)
    named = [x for x in index.within(m.end(), min(end, m.end() + 80)) if index.can_speak(x)]
    if named:
        return _Attribution(named[0].actor, evidence, True, _channel(evidence))
    if evidence and re.search(r"statement|announcement", evidence, re.IGNORECASE):
        return _Attribution(last_speaker, evidence, True)
    return _Attribution(None, evidence, True)


def _before(
    text: str, start: int, end: int, seg: Segment, index: ActorIndex, last_speaker: int | None
) -> _Attribution:
    verbs = list(_SPEECH_RE.finditer(text, start, end))
    if not verbs:
        return (
            _according(text, start, end, index, last_speaker)
            if _ACCORDING.search(text, start, end)
            else (_Attribution(None, None, False))
        )
    verb = verbs[-1]
    evidence = text[start:end].strip().rstrip(":,\u2014- ").strip() or None
    channel = _channel(text[verb.start() : end])
    head = text[start : verb.start()]
    if passive_cue(text, start, verb.start(), verb.group()):
        return _Attribution(None, evidence, True, channel)  # "Li was told:": Li heard the words
    if verb.group() in SPEECH_PARTICIPLES:
        # The participle's speaker is its main clause's subject: a name followed by a finite verb.
        subject = next(
            (
                x
                for x in index.within(seg.start, verb.start())
                if index.can_speak(x) and FINITE_VERB_AFTER.match(text, x.end, verb.start())
            ),
            None,
        )
        return _Attribution(subject.actor if subject else None, evidence, True, channel or _channel(evidence))
    pro = _PRONOUN_BEFORE.search(head)
    if pro:
        return _Attribution(
            _resolve_pronoun(pro.group("pro"), start + pro.start(), index, seg.end), evidence, True, channel
        )
    if _STATEMENT_BEFORE.search(head):
        return _Attribution(last_speaker, evidence, True, channel)
    gap = len(head) - len(re.sub(rf"\s+{_ADV}$", "", head))
    named = index.ending_at(verb.start(), slack=gap)
    if named is None or not _may_be_subject(text, index, named):
        near = [x for x in index.within(start, verb.start()) if _may_be_subject(text, index, x)]
        named = near[-1] if near else None
    return _Attribution(named.actor if named else None, evidence, True, channel)


def _may_be_subject(text: str, index: ActorIndex, m: Mention) -> bool:
    """Whether a name before a speech verb may be its subject: not a possessor nor a preposition's object.

    "Li speaking to the council called it "...": the council was spoken to;
    "Li's foundation said": the foundation spoke, not Li.
    """
    possessor = text[m.end : m.end + 2] in ("'s", "\u2019s")
    return index.can_speak(m) and not possessor and not after_preposition(text, m.start)


def _clause(text: str, start: int, end: int) -> str | None:
    """The attribution clause from ``start``: up to the sentence end, without final punctuation."""
    clause = text[start:end].strip().rstrip(".,;:!?\u2014- ").strip()
    return clause or None


_CHANNEL_RE = re.compile(
    r"\b(?:in an? (?:post|statement|tweet|video|message|speech|interview|address|briefing|televised address|"
    r"press release)(?: (?:on|to|posted on|published on) (?:his |her |their |its |the )?[A-Z][\w]*"
    r"(?: [A-Z][\w]*)*(?: \([^)]*\))?)?"
    r"|(?:at|in) an? (?:press|news) (?:conference|briefing)"
    r"|on (?:his |her |their |its |the )?(?:social media(?: platform)?(?: [A-Z]\w*)?|(?P<cap>[A-Z][\w]*)"
    r"(?: [A-Z][\w]*)*(?: (?:media )?platform| account)?)(?:, formerly [A-Z]\w*| \(formerly [A-Z]\w*\))?)"
)
_NOT_PLACE = re.compile(rf"^(?:{WEEKDAYS}|{MONTHS})$")


def _channel(passage: str | None) -> str | None:
    if not passage:
        return None
    for m in _CHANNEL_RE.finditer(passage):
        if m.group("cap") and _NOT_PLACE.match(m.group("cap")):
            continue
        return m.group()
    return None
