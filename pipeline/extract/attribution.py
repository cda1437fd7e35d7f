"""Who the article says spoke a quotation: the reporting frame around it and the mention bound to its cue.

News English ties words to a speaker with a reporting cue (a verb such as
"said", "wrote", "told", or "according to") and a mention of the speaker
next to it: before the cue ("Li said", "Li, the mayor, said", "she told"),
after a cue that opens its clause (", said Li", "according to the
company"; after "Li described Okoro" Okoro is the object), or in the
sentence that introduces a quotation after a colon. The owner of a noun of
speech speaks its content ("his announcement that ..."). A cue reaches
only the quotation's clause between semicolons. A quotation with no cue of its own
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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.extract.cues import (
    ADVERB,
    AS_COMPLEMENT_VERBS,
    COMPLEMENT_VERBS,
    DOCUMENT_VERBS,
    REPORTING_VERBS,
    TRANSITIVE_VERBS,
    passive_cue,
)
from pipeline.extract.mentions import (
    ActorForms,
    ActorKind,
    Mention,
    MentionKind,
    actor_kind,
    addressed,
    find_mentions,
    occurrences,
    resolve_pronouns,
)
from pipeline.text.sentences import QuoteSpan, Segment, find_quotes, lines, sentences

#: Mention finding lives in ``pipeline.extract.mentions``; callers reach it through this module too.
__all__ = [
    "FINITE_VERB_AFTER",
    "NESTED_QUOTE",
    "REPORTING_VERBS",
    "UNNAMED_CUE",
    "UNNAMED_SPEAKER",
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
    "cue_before",
    "find_mentions",
    "named_in",
    "occurrences",
    "resolve_pronouns",
]

#: Why a quotation has no speaker when its own clause has a cue that binds nobody the article names as an actor.
UNNAMED_CUE = "the reporting cue names no known speaker"
#: A speaker the article describes but does not name, right before a cue ("its source said", "a witness told",
#: "Residents said"): people who are never the body or person named elsewhere in the sentence.
_UNNAMED_SPEAKER = re.compile(
    r"(?:\b(?:an?|the|its|his|her|their|one|some|several|many|other|another|two|three)\s+(?:[a-z-]+\s+){0,2}|^|(?<=[\s,;]))"
    r"(?i:source|sources|witness|witnesses|eyewitness|eyewitnesses|resident|residents|neighbou?rs?|bystanders?|"
    r"onlookers?|passers?-by|analysts?|experts?|observers?|critics?|relatives?|friends?|colleagues?|people|man|"
    r"woman|someone|participants?|protesters?|protestors?|voters?|students?|workers?|users?)\s+" + ADVERB + "$",
)
#: Added to the distance of an "according to" cue: "Li called it "a breach," according to Acme" is Li's.
_SOURCE_RANK = 10_000
#: Unnamed people who speak for somebody named after them ("Lawyers for Li said"): not Li.
_REPRESENTATIVES_BEFORE = re.compile(
    r"\b(?i:lawyers?|attorneys?|counsel|relatives?|friends?|family|neighbou?rs?|supporters?|aides?)\s+(?:for|of)\s+"
    r"(?:the\s+)?$"
)
#: Why a quotation has no speaker when the cue nearest it has an unnamed subject of its own.
UNNAMED_SPEAKER = "an unnamed speaker"
#: Why a quotation inside another has no speaker: its speaker quotes somebody the article does not name.
NESTED_QUOTE = "a quotation inside another quotation"
#: A relative clause on a document ("a statement which read"): a cue whose speaker is the main clause's subject.
_RELATIVE_CUE = r"(?:which|that)\s+(?:read|reads|said|says|stated|states)"
_CUE = re.compile(
    rf"\b(?:{_RELATIVE_CUE}|{REPORTING_VERBS}|(?<!-)(?:{COMPLEMENT_VERBS})|{AS_COMPLEMENT_VERBS}|{DOCUMENT_VERBS})\b",
    re.IGNORECASE,
)
_COMPLEMENT_CUE = re.compile(rf"(?:{COMPLEMENT_VERBS})", re.IGNORECASE)
_AS_COMPLEMENT_CUE = re.compile(rf"(?:{AS_COMPLEMENT_VERBS})", re.IGNORECASE)
_AS_BEFORE_QUOTE = re.compile(r"\bas\s*$", re.IGNORECASE)
_DOCUMENT_CUE = re.compile(rf"(?:{DOCUMENT_VERBS})", re.IGNORECASE)
_TRANSITIVE_CUE = re.compile(rf"(?:{TRANSITIVE_VERBS})", re.IGNORECASE)
#: A complement verb's object before the quotation that completes it: a few words, no clause break, and not a
#: phrasal verb ("called for", "called on" ask for something; they do not name what was said).
_COMPLEMENT_OBJECT = re.compile(
    r"\s+(?!(?:for|on|off|up|upon|out|in|into|back|over|at|by)\b)(?:[^\s,.;:!?\"\u201c\u201d]+\s+){0,7}?",
    re.IGNORECASE,
)
#: What a document cue needs beside it: a document ("the statement read", "reads the ruling").
_DOCUMENT_NOUN = re.compile(
    r"\b(?:statement|decree|ruling|opinion|order|memo|memorandum|letter|document|description|report|"
    r"proclamation|notice|announcement|post|tweet|message|note|sign|banner|placard|petition|resolution|"
    r"judg(?:e)?ment|verdict|indictment|complaint|filing|motion|release|bulletin|communiqu[e\u00e9]|caption|"
    r"e-?mail|text|citation|summary|affidavit)s?\b",
    re.IGNORECASE,
)
#: Every quotation mark: one right before a claimed quote's words inside a longer quotation opens a quote in it.
_QUOTE_MARKS = "\"'\u201c\u201d\u201e\u2018\u2019"
#: Between a speaker and its cue: nothing but an adverb or an auxiliary ("has said", "had told"), a relative
#: pronoun ("Li, who said"), or a verb that carries the speech on ("she went on to say"); the speaker may end in
#: a bracketed abbreviation ("(NCA)").
_ADJACENT_BEFORE = re.compile(
    rf"\)?\s*(?:,?\s*(?:who|which)\s+)?"
    rf"(?:(?:has|have|had|was|is|would|will|later|also|(?:went|goes|go)\s+on\s+to|continued\s+to|continues\s+to)"
    rf"\s+)*{ADVERB}$"
)
#: What links a person to the body they speak for, between the two mentions ("Li of Acme", "Li, of Acme",
#: "Li of The Ledger", "Li of the rights group Free Acme", "Li of Acme and contributor to Ledger"): the cue
#: after the body binds the person, not the body.
_AFFILIATION_LINK = re.compile(
    r",?\s+(?:of|at|from)\s+(?:[Tt]he\s+)?(?:[A-Z][\w.-]*['\u2019]s\s+)?(?:[a-z-]+\s+){0,3}(?:[A-Z][\w-]*\s+)?"
    r"|\s+and\s+(?:an?\s+)?(?:[a-z-]+\s+){0,2}?(?:to|of|at|for)\s+(?:the\s+)?"
)
#: A body the speaker belongs to, between the speaker and the cue, when the body is no actor of its own
#: ("Li of The Night Owls also said", "Li of the Acme records office told").
_AFFILIATED_BEFORE = re.compile(
    r",?\s+(?:of|at|from)\s+(?:[Tt]he\s+)?(?=\S)(?:[A-Z][\w&.'\u2019-]*\s+){0,5}(?:[a-z-]+\s+){0,4}" + ADVERB + "$"
)
#: Between a body's name and its abbreviation in brackets: "Acme Freight (AF)".
_ABBREVIATION_GAP = re.compile(r"\s*\(")
#: Between a body and its cue, the one who speaks for it unnamed ("an Acme spokesperson said").
_SPOKESPERSON_GAP = re.compile(r"\s+(?:spokes(?:person|man|woman|people)|representatives?)\s+" + ADVERB + "$")
_POSSESSIVE = ("'s", "\u2019s")
#: One comma-enclosed apposition between a speaker and its cue (", president of Acme,").
_APPOSITION = re.compile(r"\s*,[^,\"\u201c\u201d.;:!?]{1,120},\s*" + ADVERB + "$")
#: Between a cue and a speaker after it: a few words of title or determiner, no clause break and
#: no word that opens a reported clause ("said that Li ...": Li is what was said, not who said it),
#: except the "of" of a capitalised title ("tweeted Mayor of Leeds Ann Li").
_CLAUSE_WORDS = (
    "that|if|whether|how|why|what|when|where|who|which|of|about|on|in|at|for|with|from|into|by|as|"
    "it|he|she|they|we|i|you|was|were|is|are|be|been|had|has|have|would|will|could|not|no|and|or|but"
)
_AFTER_CUE = re.compile(
    rf"\s*(?:(?:(?-i:[A-Z][\w'\u2019-]*)\s+(?:of|for)\s+(?:the\s+)?)?"
    rf"(?!(?:{_CLAUSE_WORDS})\s)[^\s,.;:!?\"\u201c\u201d]+\s+){{0,4}}?",
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
        self.paragraphs = lines(text)
        self.quotes = find_quotes(text, self.paragraphs)
        self.sentences = sentences(text, self.quotes, self.paragraphs)
        self._sentence_ends = [s.end for s in self.sentences]
        self._paragraph_ends = [p.end for p in self.paragraphs]
        self._quote_opens = [q.open for q in self.quotes]

    def sentences_over(self, start: int, end: int) -> range:
        """Indexes of the sentences that overlap [start, end) (sentences are in order and do not overlap)."""
        first = bisect.bisect_right(self._sentence_ends, start)
        last = first
        while last < len(self.sentences) and self.sentences[last].start < end:
            last += 1
        return range(first, last)

    def quotes_before(self, pos: int) -> list[QuoteSpan]:
        """The quotations that open before ``pos``, in order."""
        return self.quotes[: bisect.bisect_left(self._quote_opens, pos)]

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
        k = bisect.bisect_right(self._sentence_ends, pos)
        return k if k < len(self.sentences) and self.sentences[k].start <= pos else None

    def paragraph_of(self, pos: int) -> Segment | None:
        """The paragraph (line) holding ``pos``."""
        k = bisect.bisect_right(self._paragraph_ends, pos)
        return self.paragraphs[k] if k < len(self.paragraphs) and self.paragraphs[k].start <= pos else None


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
    if _has_cue(frames, _clause_of(frames, frames.sentences[k], quote), quote):
        return Attribution(None, quote.open, quote.open, UNNAMED_CUE)
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
    around = frames.quote_around(quote_start, quote_end)
    if around is not None and around.open < quote_start - 1 and frames.text[quote_start - 1] in _QUOTE_MARKS:
        # 'Li said, "Voters told us, 'Enough.'"': the inner words are somebody Li quotes, not Li's.
        return SpeakerCheck(False, None, NESTED_QUOTE)
    quote = around or QuoteSpan(quote_start - 1, quote_end)
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
    """The mention bound to a reporting cue in ``sent`` (outside quotation marks), nearest the quote.

    For the quotation's own sentence only its clause counts: a semicolon ends
    what a cue can reach ('Li said it was "serious"; the agency reported ...').
    """
    text = frames.text
    anchor = quote.open if quote is not None else sent.end

    def distance(cue: re.Match[str]) -> int:
        """Nearness to the words; "according to" names a source, so any speech verb that binds comes first."""
        source = cue.group()[:9].lower() == "according"
        return abs(cue.start() - anchor) + (_SOURCE_RANK if source else 0)

    completes = _completing(frames, quote)
    found: list[tuple[int, Attribution]] = []
    for part in frames.outside_quotes(sent if quote is None else _clause_of(frames, sent, quote)):
        named = [m for m in mentions if part.start <= m.start and m.end <= part.end]
        inside = [m for m in named if m.kind != "object"]
        cues = _cues(text, part, completes)
        hits = [
            (distance(cue), hit)
            for cue in cues
            if (
                hit := _subject_before(text, part, cue, inside)
                or _speaker_after(text, part, cue, inside)
                or _participle_subject(text, part, cue, inside)
                or _passive_agent(text, cue, inside)
                or _coordinated_subject(text, part, cue, inside)
            )
            is not None
        ]
        if cues and not hits:
            hits = [(abs(at - anchor), hit) for at, hit in _authors(text, part, named, cues[-1].start())]
        # "Acme reported its source said "...": the cue nearest the words has a speaker of its own whom the
        # article does not name, and that speaker, not Acme, said them.
        # So does a passive cue without an agent ("was called "the breadbasket"", according to Acme).
        hits += [
            (distance(cue), Attribution(None, cue.start(), cue.end(), UNNAMED_SPEAKER, True))
            for cue in cues
            if _UNNAMED_SPEAKER.search(text, max(part.start, cue.start() - 60), cue.start())
            or (passive_cue(text, part.start, cue.start(), cue.group()) and _BY_AGENT.match(text, cue.end()) is None)
        ]
        found += hits + [(0, hit) for hit in _owner_of_words(text, part, named, quote)]
        colon = text[part.start : part.end].rstrip().endswith(":")
        # "He wrote in a post:" introduces words; "Namibia has a new chess king:" does not; and in
        # "A witness told Li:" Li is the cue's object: the speaker stands before the first cue.
        # A possessor is not who speaks ("Li's lawyer said:").
        speakers = [
            m for m in inside if (not cues or m.end <= cues[0].start()) and text[m.end : m.end + 2] not in _POSSESSIVE
        ]
        if cues and passive_cue(text, part.start, cues[0].start(), cues[0].group()):
            speakers = []  # "Li was told:" introduces what Li heard
        if colon and not found and speakers and _INTRODUCES_WORDS.search(text, part.start, part.end):
            first = speakers[0]
            found.append((0, _bound(first, first.start, part.end, "named before the colon")))
        elif colon and not found and speakers and (stance := _STANCE_VERBS.search(text, part.start, part.end)):
            # The speaker is the subject before the verb that takes a stand ("Former Acme chief Mei Li
            # praised the crew on Twitter:"), not a body named in her title nor the one praised.
            subjects = [m for m in speakers if m.start < stance.start()]
            if subjects:
                first = _affiliated_person(text, subjects)
                found.append((0, _bound(first, first.start, part.end, "subject before the colon")))
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
    if passive_cue(text, part.start, cue.start(), cue.group()):
        return None  # "he was told by Li": the subject of a passive cue heard the words; "by" names who spoke
    before = [m for m in inside if m.end <= cue.start()]
    for i in reversed(range(max(0, len(before) - 3), len(before))):
        m = before[i]
        # "Ruiz speaking to the council called it": the council heard the words. But in "envoy to the United
        # Nations Mara Lind wrote" the preposition's object is the body named right before her, and in "with
        # Lind saying" she is the participle's subject.
        titled = i > 0 and text[before[i - 1].end : m.start].isspace()
        participle = cue.group().lower().endswith("ing")
        if addressed(text, m.start) and not (titled or participle) and _affiliated_person(text, before[: i + 1]) is m:
            continue
        if m.kind == "name" and _REPRESENTATIVES_BEFORE.search(text, max(0, m.start - 30), m.start):
            return None  # "Lawyers for Li said": unnamed people speak for Li
        gap = text[m.end : cue.start()]
        if (
            _ADJACENT_BEFORE.fullmatch(gap)
            or _AFFILIATED_BEFORE.fullmatch(gap)
            or (_APPOSITION.fullmatch(gap) and not _inside_apposition(text, m))
        ):
            m = _affiliated_person(text, before[: i + 1])
            return _bound(m, m.start, cue.end(), "speaker before the reporting cue")
        if m.kind == "name" and _SPOKESPERSON_GAP.fullmatch(gap):
            # "an Acme spokesperson said": an unnamed spokesperson speaks for the body
            return _bound(m, m.start, cue.end(), "the body's spokesperson before the reporting cue")
        if gap.strip() == "," and text[: m.start].rstrip().endswith(","):
            return _bound(m, m.start, cue.end(), "speaker in apposition before the cue")
    return None


def _affiliated_person(text: str, chain: list[Mention]) -> Mention:
    """The person at the head of "Li of Acme and contributor to Ledger" when the cue follows the last body.

    ``chain`` ends with the mention next to the cue; walking back over
    affiliation links ("of", "at", "and contributor to") reaches the first
    name, a person's, who is the one speaking.
    """
    head = chain[-1]
    for prev in reversed(chain[:-1]):
        if prev.actor == head.actor and _ABBREVIATION_GAP.fullmatch(text, prev.end, head.start):
            head = prev  # "the National Crime Agency (NCA)": one mention written twice
            continue
        if prev.kind != "name" or not _AFFILIATION_LINK.fullmatch(text, prev.end, head.start):
            break
        head = prev
    return head


_INTRODUCES_WORDS = re.compile(
    rf"\b(?:{REPORTING_VERBS}|statement|post|tweet|message|remarks|interview|speech|address|letter|"
    rf"release|told|says|said|put it|in (?:his|her|their|its) words)\b",
    re.IGNORECASE,
)
#: Verbs of taking a stand, which a colon turns into an introduction ("Li disagreed with the findings:").
_STANCE_VERBS = re.compile(
    r"\b(?:(?:dis)?agreed|objected|protested|welcomed|praised|condemned|rejected|denied|dismissed|questioned|"
    r"disputed|hailed|apologi[sz]ed|reflected|elaborated|clarified|recounted|summed up)\b",
    re.IGNORECASE,
)
#: Participle cues hang off a main clause ("Li issued a statement, saying ..."): its subject speaks.
_PARTICIPLE = re.compile(
    r"(?:saying|adding|noting|stating|writing|declaring|warning|telling|describing|insisting|arguing"
    rf"|explaining|recalling|asking|calling|speaking|observing|{_RELATIVE_CUE})$",
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


_BY_AGENT = re.compile(r"\s+by\s+")
#: What follows the agent of a passive cue when the words are the agent's: "described by Li as",
#: "told by Li of" / "that" / a colon before the quotation.
_AFTER_AGENT = re.compile(r"\s+(?:as|of|that)\b|\s*:")
_AND_BEFORE_CUE = re.compile(rf"\band\s+{ADVERB}$")


def _passive_agent(text: str, cue: re.Match[str], inside: list[Mention]) -> Attribution | None:
    """The agent of a passive cue: "was described by Li as "reckless"" are Li's words.

    The agent may carry a title first ("told by Emergencies Minister Li of
    "..."", where the name alone is the mention).
    """
    by = _BY_AGENT.match(text, cue.end())
    if by is None:
        return None
    agent = next(
        (
            m
            for m in inside
            if m.start >= by.end()
            and _AFTER_CUE.fullmatch(text, by.end(), m.start)
            and _AFTER_AGENT.match(text, m.end)
        ),
        None,
    )
    if agent is None or agent.kind == "object":
        return None
    return _bound(agent, cue.start(), agent.end, "agent of the passive reporting cue")


def _coordinated_subject(text: str, part: Segment, cue: re.Match[str], inside: list[Mention]) -> Attribution | None:
    """The subject of a cue that is the second verb of its clause: "The ministry gave its thanks and said "..."".

    Only when exactly one mention before the cue stands as a clause subject
    (a mention followed by a finite verb); with two, the "and" may join
    clauses with different subjects.
    """
    if not _AND_BEFORE_CUE.search(text, part.start, cue.start()):
        return None
    subjects = [
        m
        for m in inside
        if m.end <= cue.start() and m.kind in ("name", "role", "pronoun") and FINITE_VERB_AFTER.match(text, m.end)
    ]
    if len(subjects) != 1:
        return None
    return _bound(subjects[0], subjects[0].start, cue.end(), "subject of the clause the cue is the second verb of")


def _inside_apposition(text: str, m: Mention) -> bool:
    """True when the mention itself sits inside a comma pair ("X, the head of <m>, said")."""
    head = text[max(0, m.start - 90) : m.start]
    return "," in head and head.rstrip().endswith(("of", "at", "for", "from", "with"))


def _speaker_after(text: str, part: Segment, cue: re.Match[str], inside: list[Mention]) -> Attribution | None:
    """The speaker written after the cue (", said Li", "according to the ministry").

    Only an inverted cue has its speaker after it: one that opens its clause.
    After a cue with a subject before it comes its object ("Li described
    Okoro to the paper", "a witness told Li"), never the speaker.
    """
    if not cue.group().lower().startswith("according") and not _INVERTED.fullmatch(text, part.start, cue.start()):
        return None
    if _PARTICIPLE.match(cue.group()) or _TRANSITIVE_CUE.fullmatch(cue.group()):
        # ", telling the paper ...", "..., an aide, told Reuters": what follows is the cue's object, never its speaker.
        return None
    # A pronoun after a cue is its object ("calling it ...", "told her"), never the speaker.
    after = [m for m in inside if m.start >= cue.end() and m.kind != "pronoun"]
    chosen: Mention | None = None
    document = _DOCUMENT_OF.match(text, cue.end())  # "according to a statement by" the author
    base = document.end() if document is not None else cue.end()
    for m in after[:3]:
        gap = text[base : m.start]
        if not _AFTER_CUE.fullmatch(gap) and not _RELATION_APPOSED.fullmatch(gap):
            break
        chosen = m
        if "," in text[m.end : m.end + 2] or m.kind != "name":
            break
    if chosen is None:
        return None
    return _bound(chosen, cue.start(), chosen.end, "speaker after the reporting cue")


#: A relation or role in apposition before the name after an inverted cue (", said his father, Li,").
_RELATION_APPOSED = re.compile(r"\s*(?:his|her|their|its|the|an?)\s+(?:[\w-]+\s+){0,2}?[\w-]+,\s*", re.IGNORECASE)
#: What may precede an inverted cue in its part: nothing, or anything up to a clause break, then an adverb.
_INVERTED = re.compile(rf"(?:[^\n]*[,;:\u2014\u2013(])?\s*{ADVERB}", re.DOTALL)
#: A possessive before a noun of speech: its owner spoke the words ("his announcement that", "Li's remarks",
#: "the judge's statement", where a role noun is the owner's mention).
_OWNED_SPEECH = re.compile(
    r"\b(?:his|her|its|[A-Z][\w-]*['\u2019]s|(?<=the )[a-z][\w-]*['\u2019]s)\s+(?:[a-z-]+\s+)?"
    r"(?:announcement|statement|words|remarks|comments"
    r"|message|claim|warning|promise|pledge|assurance|admission|vow|reply|response|testimony|tweet|post|letter)\b"
)
#: A document and its author ("in a post by Li", "a statement from the ministry"): the author spoke.
_AUTHORED = re.compile(
    r"\b(?:statement|post|blog post|letter|tweet|message|column|op-ed|e-?mail)"
    r"\s+(?:(?:released|issued|published|sent|put\s+out)\s+)?(?:by|from)\s+"
)


def _owner_of_words(
    text: str, part: Segment, named: list[Mention], quote: QuoteSpan | None
) -> Iterator[Attribution]:
    """The possessor of a noun of speech whose content the quotation is ("his announcement that "...").

    Only when the quotation follows the noun as its complement: "responded
    to her letter, calling for "..."" quotes the responder, not the letter's
    writer. An object pronoun counts here ("his"): it owns the words
    without being a clause subject.
    """
    if quote is None:
        return
    for m in _OWNED_SPEECH.finditer(text, part.start, part.end):
        if not _COMPLEMENT_GAP.fullmatch(text, m.end(), quote.open):
            continue
        head = m.group().split()[0]
        owner_end = m.start() + len(head) - (2 if head[-2] in "'\u2019" else 0)
        owner = next((x for x in named if x.end == owner_end), None)
        if owner is not None:
            yield _bound(owner, owner.start, m.end(), "owner of the words")


def _authors(text: str, part: Segment, named: list[Mention], cue: int) -> Iterator[tuple[int, Attribution]]:
    """The author of a document named before a cue that binds nobody ("The blog, in a post by Li, said").

    Yields the document's position (for nearness to the quotation) and the attribution.
    """
    for m in _AUTHORED.finditer(text, part.start, cue):
        author = next((x for x in named if x.kind != "object" and x.start >= m.end()), None)
        if author is not None and author.end <= cue and _DETERMINER_GAP.fullmatch(text, m.end(), author.start):
            yield m.start(), _bound(author, m.start(), author.end, "author of the words")


_DETERMINER_GAP = re.compile(r"(?:the\s+)?")
#: "according to a statement released by" the author: the words are the author's.
_DOCUMENT_OF = re.compile(r"\s*(?:an?|the)\s+" + _AUTHORED.pattern + r"(?:the\s+)?")
#: Between a noun of speech and the words that are its content: "that", a colon or a comma, or nothing, after
#: a verb that gives the content ("Li's statement reads", "her letter said in part").
_COMPLEMENT_GAP = re.compile(
    r"\s*(?:(?:also\s+)?(?:reads?|said|says|stated|states)(?:\s+in\s+part)?\s*)?(?:that\s*|[:,]\s*)?", re.IGNORECASE
)


def _clause_of(frames: QuoteFrames, sent: Segment, quote: QuoteSpan) -> Segment:
    """The part of ``sent`` between the semicolons (outside quotation marks) around ``quote``."""
    start, end = sent.start, sent.end
    for part in frames.outside_quotes(sent):
        k = frames.text.find(";", part.start, part.end)
        while k != -1:
            if k < quote.open:
                start = k + 1
            elif k > quote.close:
                end = min(end, k)
            k = frames.text.find(";", k + 1, part.end)
    return Segment(start, end)


def cue_before(frames: QuoteFrames, quote: QuoteSpan) -> bool:
    """Whether a reporting cue stands between ``quote`` and the quotation or clause start before it.

    Such a quotation has a frame of its own ("Calling it "...", a worker
    told"), so it is no continuation of the last speaker even when the cue
    names nobody the article makes an actor.
    """
    k = frames.sentence_of(quote.open)
    if k is None:
        return False
    clause = _clause_of(frames, frames.sentences[k], quote)
    return any(_cues(frames.text, p, [quote.open]) for p in frames.outside_quotes(clause) if p.end == quote.open)


def _has_cue(frames: QuoteFrames, sent: Segment, quote: QuoteSpan | None = None) -> bool:
    completes = _completing(frames, quote)
    return any(_cues(frames.text, p, completes) for p in frames.outside_quotes(sent))


#: Between two quotations that complete one object: a comma or a coordinator ("called it "rash" and "late"").
_COORDINATION = re.compile(r"[\s,]*(?:(?:and|or)\s+)?(?:an?\s+|the\s+)?", re.IGNORECASE)


def _completing(frames: QuoteFrames, quote: QuoteSpan | None) -> list[int]:
    """Where the quotations open that a complement verb before them would complete together with ``quote``.

    ``quote`` itself, and each quotation before it joined to the next by a
    comma or "and" ("a "stunt" and a "sham"").
    """
    if quote is None:
        return []
    opens = [quote.open]
    current = quote
    for prev in reversed(frames.quotes_before(quote.open)):
        if not _COORDINATION.fullmatch(frames.text, prev.close + 1, current.open):
            break
        opens.append(prev.open)
        current = prev
    return opens


def _cues(text: str, part: Segment, completes: Sequence[int] = ()) -> list[re.Match[str]]:
    """The reporting cues of ``part`` (text outside quotation marks), in order.

    A complement verb is a cue only for the quotation that completes its
    object ("called the plan "reckless"": ``part`` ends where a quotation in
    ``completes`` opens, see :func:`_completing`), a verb of judging only
    with "as" before it ("condemned the raid as "cowardly""), and "read" only beside a
    document ("the ruling read", "reads the statement"): "called for talks"
    and "read the news" report no words.
    """
    out: list[re.Match[str]] = []
    for cue in _CUE.finditer(text, part.start, part.end):
        word = cue.group()
        as_form = _AS_COMPLEMENT_CUE.fullmatch(word) is not None
        if as_form or _COMPLEMENT_CUE.fullmatch(word):
            if part.end not in completes or not _COMPLEMENT_OBJECT.fullmatch(text, cue.end(), part.end):
                continue
            if as_form and not _AS_BEFORE_QUOTE.search(text, cue.end(), part.end):
                continue  # "praised the crew" is no report of words; "praised the crew as "tireless"" is
        elif _DOCUMENT_CUE.fullmatch(word):
            before = _DOCUMENT_NOUN.search(text, max(part.start, cue.start() - 60), cue.start())
            if before is None and _DOCUMENT_NOUN.search(text, cue.end(), min(part.end, cue.end() + 40)) is None:
                continue
        out.append(cue)
    return out


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
