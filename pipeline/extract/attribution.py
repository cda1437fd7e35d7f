"""Who the article says spoke a quotation: the reporting frame around it and the mention bound to its cue.

News English ties words to a speaker with a reporting cue (a verb such as
"said", "wrote", "told", or "according to") and a mention of the speaker
next to it: before the cue ("Li said", "Li, the mayor, said", "she told"),
after it (", said Li", "said the company"), or in the sentence that
introduces a quotation after a colon. A quotation with no cue of its own
takes the speaker of the sentence before it, and a paragraph that opens
with an unattributed quotation continues the speaker of the quotation that
ended the paragraph before. Everything here works on character offsets and
generic grammar; no name, outlet or story is known to it.

The same frames serve both directions: :func:`attribute` says who the
article names (the heuristic backend's answer), and :func:`check_speaker`
says whether a speaker claimed by a model is the one the article ties to
the words, which is what grounding needs: a wrong speaker is worse than none.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extract.mentions import (
    ActorForms,
    ActorKind,
    Mention,
    MentionKind,
    actor_kind,
    find_mentions,
    occurrences,
    resolve_pronouns,
)
from pipeline.text.sentences import QuoteSpan, Segment, find_quotes, lines, sentences

#: Mention finding lives in ``pipeline.extract.mentions``; callers reach it through this module too.
__all__ = [
    "FINITE_VERB_AFTER",
    "REPORTING_VERBS",
    "ActorForms",
    "ActorKind",
    "Attribution",
    "Mention",
    "MentionKind",
    "QuoteFrames",
    "SpeakerCheck",
    "actor_kind",
    "attribute",
    "check_speaker",
    "find_mentions",
    "named_in",
    "occurrences",
    "resolve_pronouns",
]

#: Reporting verbs of general news English, in the forms that follow or precede a speaker.
REPORTING_VERBS = (
    "said|says|say|stated|states|told|tells|added|adds|noted|notes|wrote|writes|declared|declares|"
    "announced|announces|posted|tweeted|emphasi[sz]ed|emphasi[sz]es|stressed|stresses|mentioned|"
    "explained|explains|warned|warns|insisted|insists|claimed|claims|argued|argues|asserted|confirmed|"
    "revealed|replied|responded|continued|concluded|highlighted|urged|vowed|described|describes|"
    "remarked|acknowledged|admitted|observed|recalled|recalls|pledged|promised|predicted|suggested|"
    "testified|told|asked|asks|answered|commented|conceded|countered|cautioned|complained|"
    "lamented|boasted|quipped|shouted|screamed|whispered|joked|explained|reported|announced|"
    "saying|adding|noting|stating|writing|declaring|warning|telling|describing|insisting|arguing|"
    "explaining|recalling|asking|calling|quoted\\s+as\\s+saying|according\\s+to"
)
_ADVERB = r"(?:(?:also|further|later|then|again|once|\w+ly)\s+)?"
_CUE = re.compile(rf"\b(?:{REPORTING_VERBS})\b", re.IGNORECASE)
#: Between a speaker and its cue: nothing but an adverb or an auxiliary ("has said", "had told").
_ADJACENT_BEFORE = re.compile(rf"\s*(?:(?:has|have|had|was|is|would|will|later|also)\s+)*{_ADVERB}$")
#: One comma-enclosed apposition between a speaker and its cue (", president of Acme,").
_APPOSITION = re.compile(r"\s*,[^,\"\u201c\u201d.;:!?]{1,90},\s*" + _ADVERB + "$")
#: Between a cue and a speaker after it: a few words of title or determiner, no clause break and
#: no word that opens a reported clause ("said that Li ...": Li is what was said, not who said it).
_CLAUSE_WORDS = (
    "that|if|whether|how|why|what|when|where|who|which|of|about|on|in|at|for|with|from|into|by|as|"
    "it|he|she|they|we|i|you|was|were|is|are|be|been|had|has|have|would|will|could|not|no|and|or|but"
)
_AFTER_CUE = re.compile(
    rf"\s*(?:to\s+)?(?:(?!(?:{_CLAUSE_WORDS})\s)[^\s,.;:!?\"\u201c\u201d]+\s+){{0,4}}?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Attribution:
    """Who the frame of one quotation names, and the passage that says so.

    ``speaker`` is None when the article does not make it clear; ``reason``
    then says why. ``start``/``end`` cover the mention through the cue (the
    attribution span), or are equal when nothing was found.
    """

    speaker: str | None
    start: int
    end: int
    reason: str
    bound: bool = False
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpeakerCheck:
    """Whether a claimed speaker is tied to a quotation, and by which passage."""

    tied: bool
    span: tuple[int, int] | None
    reason: str
    other: str | None = None


class QuoteFrames:
    """Sentences, paragraphs and quotation marks of one article, computed once."""

    def __init__(self, text: str) -> None:
        """Segment ``text`` (boilerplate may be masked to spaces)."""
        self.text = text
        self.quotes = find_quotes(text)
        self.sentences = sentences(text, self.quotes)
        self.paragraphs = lines(text)
        self._sentence_ends = [s.end for s in self.sentences]

    def sentences_over(self, start: int, end: int) -> range:
        """Indexes of the sentences that overlap [start, end) (sentences are in order and do not overlap)."""
        first = bisect.bisect_right(self._sentence_ends, start)
        last = first
        while last < len(self.sentences) and self.sentences[last].start < end:
            last += 1
        return range(first, last)

    def quote_around(self, start: int, end: int) -> QuoteSpan | None:
        """The quotation whose marks enclose the words at [start, end)."""
        return next((q for q in self.quotes if q.open < start + 1 and end <= q.close), None)

    def outside_quotes(self, seg: Segment) -> list[Segment]:
        """The parts of ``seg`` the writer reports in, with quoted words cut out."""
        out: list[Segment] = []
        pos = seg.start
        for q in self.quotes:
            if q.close < seg.start or q.open >= seg.end:
                continue
            if q.open > pos:
                out.append(Segment(pos, q.open))
            pos = max(pos, q.close + 1)
        if pos < seg.end:
            out.append(Segment(pos, seg.end))
        return out

    def sentence_of(self, pos: int) -> int | None:
        """Index of the sentence holding ``pos``."""
        return next((k for k, s in enumerate(self.sentences) if s.start <= pos < s.end), None)

    def paragraph_of(self, pos: int) -> Segment | None:
        """The paragraph (line) holding ``pos``."""
        return next((p for p in self.paragraphs if p.start <= pos < p.end), None)


def attribute(
    frames: QuoteFrames, quote: QuoteSpan, mentions: Sequence[Mention], depth: int = 0
) -> Attribution:
    """Who the article says spoke ``quote``: its own sentence, then the one before, then the paragraph before.

    Args:
        frames: The article's segmentation.
        quote: The quotation (its marks).
        mentions: Every mention of every actor, in article order.
        depth: How many continuation paragraphs were already followed (internal).

    Returns:
        The bound speaker with its passage, or a null speaker with a reason.
    """
    k = frames.sentence_of(quote.open)
    if k is None:
        return Attribution(None, quote.open, quote.open, "the quotation is outside any sentence")
    own = _bound_in(frames, frames.sentences[k], quote, mentions)
    if own is not None:
        return own
    if _has_cue(frames, frames.sentences[k]):
        return Attribution(None, quote.open, quote.open, "the reporting cue names no known speaker")
    para = frames.paragraph_of(quote.open)
    if k > 0 and para is not None and frames.sentences[k - 1].start >= para.start:
        prev = _bound_in(frames, frames.sentences[k - 1], None, mentions)
        if prev is not None:
            return prev
        return Attribution(None, quote.open, quote.open, "the sentence before names no speaker")
    if para is not None and depth < 3 and _opens_paragraph(frames, para, quote):
        return _continuation(frames, para, mentions, depth)
    return Attribution(None, quote.open, quote.open, "no reporting frame around the quotation")


def check_speaker(
    frames: QuoteFrames, quote_start: int, quote_end: int, claimed: str, mentions: Sequence[Mention]
) -> SpeakerCheck:
    """Whether the article ties the words at [quote_start, quote_end) to actor ``claimed``.

    Tied when the frame's cue is bound to a mention of ``claimed``; or, when no
    cue names anyone, when ``claimed`` is named in the quotation's sentence or
    the one before (outside quotation marks). Not tied when the cue names
    somebody else, or ``claimed`` is nowhere near the words.
    """
    quote = frames.quote_around(quote_start, quote_end) or QuoteSpan(quote_start - 1, quote_end)
    found = attribute(frames, quote, mentions)
    if found.speaker == claimed or claimed in found.candidates:
        return SpeakerCheck(True, (found.start, found.end), "bound to the reporting cue")
    if found.speaker is not None and found.bound:
        return SpeakerCheck(False, None, "the article attributes it to another speaker", found.speaker)
    near = _named_near(frames, quote, claimed, mentions)
    if near is not None:
        return SpeakerCheck(True, (near.start, near.end), "named beside the quotation")
    return SpeakerCheck(False, None, "not named near the quotation")


def named_in(
    frames: QuoteFrames, spans: Sequence[tuple[int, int]], actor: str, mentions: Sequence[Mention]
) -> bool:
    """Whether ``actor`` is mentioned in the sentences holding ``spans`` or the one before (the evidence window).

    News introduces who took part, then reports the act ("The attacker, Stefan W,
    was arrested. He had ..."), so the sentence before belongs to the window.
    """
    held = sorted({k for start, end in spans for k in frames.sentences_over(start, end)})
    window = [frames.sentences[j] for k in held for j in (k - 1, k) if j >= 0]
    window += [Segment(start, end) for start, end in spans]
    return any(
        m.refers_to(actor) and any(w.start <= m.start and m.end <= w.end for w in window) for m in mentions
    )


# ---------------------------------------------------------------- frames


def _bound_in(
    frames: QuoteFrames, sent: Segment, quote: QuoteSpan | None, mentions: Sequence[Mention]
) -> Attribution | None:
    """The mention bound to a reporting cue in ``sent`` (outside quotation marks), nearest the quote."""
    text = frames.text
    found: list[tuple[int, Attribution]] = []
    for part in frames.outside_quotes(sent):
        inside = [m for m in mentions if part.start <= m.start and m.end <= part.end and m.kind != "object"]
        for cue in _CUE.finditer(text, part.start, part.end):
            hit = (
                _subject_before(text, part, cue, inside)
                or _speaker_after(text, part, cue, inside)
                or _participle_subject(text, part, cue, inside)
            )
            if hit is not None:
                anchor = quote.open if quote is not None else sent.end
                found.append((abs(cue.start() - anchor), hit))
        colon = text[part.start : part.end].rstrip().endswith(":")
        # "He wrote in a post:" introduces words; "Namibia has a new chess king:" does not.
        if colon and not found and inside and _INTRODUCES_WORDS.search(text, part.start, part.end):
            first = inside[0]
            found.append((0, _bound(first, first.start, part.end, "named before the colon")))
    return min(found, key=lambda f: f[0])[1] if found else None


def _bound(m: Mention, start: int, end: int, reason: str) -> Attribution:
    """The attribution a cue-bound mention gives: its actor, or none when the name is shared."""
    if m.alts:
        return Attribution(
            None,
            start,
            end,
            "the name bound to the cue is shared by several actors",
            True,
            (m.actor, *m.alts),
        )
    return Attribution(m.actor, start, end, reason, True, (m.actor,))


def _subject_before(
    text: str, part: Segment, cue: re.Match[str], inside: list[Mention]
) -> Attribution | None:
    """The speaker written before the cue: adjacent, or before one apposition."""
    before = [m for m in inside if m.end <= cue.start()]
    for m in reversed(before[-3:]):
        gap = text[m.end : cue.start()]
        if _ADJACENT_BEFORE.fullmatch(gap) or (
            _APPOSITION.fullmatch(gap) and not _inside_apposition(text, m)
        ):
            return _bound(m, m.start, cue.end(), "speaker before the reporting cue")
        if gap.strip() == "," and text[: m.start].rstrip().endswith(","):
            return _bound(m, m.start, cue.end(), "speaker in apposition before the cue")
    return None


_INTRODUCES_WORDS = re.compile(
    rf"\b(?:{REPORTING_VERBS}|statement|post|tweet|message|remarks|interview|speech|address|letter|"
    rf"release|told|says|said|put it|in (?:his|her|their|its) words)\b",
    re.IGNORECASE,
)
#: Participle cues hang off a main clause ("Li issued a statement, saying ..."): its subject speaks.
_PARTICIPLE = re.compile(
    r"(?:saying|adding|noting|stating|writing|declaring|warning|telling|describing|insisting|arguing"
    r"|explaining|recalling|asking|calling)$",
    re.IGNORECASE,
)
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|am)\s+$", re.IGNORECASE)
#: A finite verb right after a name makes the name a clause subject ("Li issued", "Li has said").
FINITE_VERB_AFTER = re.compile(
    r"\s+(?:(?:also|later|then|\w+ly)\s+)?(?:has|had|is|was|were|will|would|did|does|[a-z]{2,}ed|[a-z]{2,}[^s\W]s)\b"
)


def _participle_subject(
    text: str, part: Segment, cue: re.Match[str], inside: list[Mention]
) -> Attribution | None:
    """For a participle cue, the subject of its main clause: a name followed by a finite verb.

    "Following Biden's win, Trump issued a statement, saying" binds Trump, not
    Biden (possessive); "An eyewitness described for PA Media how ..., stating"
    binds nobody, since the only name is an object.
    """
    if not _PARTICIPLE.match(cue.group()) or _PROGRESSIVE.search(text, max(part.start, cue.start() - 12), cue.start()):
        return None  # "what bloggers are calling": a finite verb, not a participle
    for m in inside:
        if m.end > cue.start():
            break
        if m.kind in ("name", "role", "pronoun") and FINITE_VERB_AFTER.match(text, m.end, cue.start()):
            return _bound(m, m.start, cue.end(), "subject of the clause the participle cue hangs on")
    return None


def _inside_apposition(text: str, m: Mention) -> bool:
    """True when the mention itself sits inside a comma pair ("X, the head of <m>, said")."""
    head = text[max(0, m.start - 90) : m.start]
    return "," in head and head.rstrip().endswith(("of", "at", "for", "from", "with"))


def _speaker_after(text: str, part: Segment, cue: re.Match[str], inside: list[Mention]) -> Attribution | None:
    """The speaker written after the cue (", said Li", "according to the ministry")."""
    # A pronoun after a cue is its object ("calling it ...", "told her"), never the speaker.
    after = [m for m in inside if m.start >= cue.end() and m.kind != "pronoun"]
    chosen: Mention | None = None
    for m in after[:3]:
        if not _AFTER_CUE.fullmatch(text[cue.end() : m.start]):
            break
        chosen = m
        if "," in text[m.end : m.end + 2] or m.kind != "name":
            break
    if chosen is None:
        return None
    return _bound(chosen, cue.start(), chosen.end, "speaker after the reporting cue")


def _has_cue(frames: QuoteFrames, sent: Segment) -> bool:
    return any(_CUE.search(frames.text, p.start, p.end) for p in frames.outside_quotes(sent))


def _opens_paragraph(frames: QuoteFrames, para: Segment, quote: QuoteSpan) -> bool:
    """A paragraph that starts with a quotation and has no reporting cue of its own continues a speaker."""
    opens = frames.text[para.start : quote.open].strip() == ""
    return opens and not _has_cue(frames, para)


def _continuation(frames: QuoteFrames, para: Segment, mentions: Sequence[Mention], depth: int) -> Attribution:
    """The speaker of the last quotation of the paragraph before, carried on."""
    k = frames.paragraphs.index(para)
    if k == 0:
        return Attribution(None, para.start, para.start, "the first paragraph has no speaker to continue")
    prev = frames.paragraphs[k - 1]
    last = [q for q in frames.quotes if prev.start <= q.open < prev.end]
    if not last:
        return Attribution(None, para.start, para.start, "the paragraph before has no quotation to continue")
    found = attribute(frames, last[-1], mentions, depth + 1)
    if found.speaker is None:
        return found
    return Attribution(
        found.speaker, found.start, found.end, "continues the quotation before", found.bound, found.candidates
    )


def _named_near(
    frames: QuoteFrames, quote: QuoteSpan, actor: str, mentions: Sequence[Mention]
) -> Mention | None:
    """A mention of ``actor`` in the quotation's sentence or the one before, outside quotation marks."""
    k = frames.sentence_of(quote.open)
    if k is None:
        return None
    window = [frames.sentences[k]] + ([frames.sentences[k - 1]] if k > 0 else [])
    for sent in window:
        for part in frames.outside_quotes(sent):
            for m in mentions:
                if m.refers_to(actor) and m.kind != "object" and part.start <= m.start and m.end <= part.end:
                    return m
    return None
