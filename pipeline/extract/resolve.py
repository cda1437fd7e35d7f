"""Turn drafts into grounded records: locate evidence, resolve names to ids, normalise dates.

This is the single place where model (or heuristic) output meets the
article. The same rules serve the check instructor calls while it can
still re-ask (``problems``) and the building of the records to emit
(``build``), where whatever is still unsupported is dropped and counted in
the line's warnings instead of being emitted silently. The check builds the
records itself, so what is re-asked is exactly what the build would drop,
and an answer that passes is not judged a second time.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pipeline.extract.attribution import (
    ActorForms,
    Mention,
    QuoteFrames,
    actor_kind,
    check_speaker,
    find_mentions,
    named_in,
)
from pipeline.extract.ground import DEFAULT_FUZZY_THRESHOLD, Aligner
from pipeline.text.dates import resolve_time
from schemas import (
    Actor,
    ActorDraft,
    ActorType,
    Agreement,
    AgreementDraft,
    Event,
    EventDraft,
    Extraction,
    GroundingCounts,
    LineWarning,
    Location,
    Participant,
    Quote,
    QuoteDraft,
    Records,
    Span,
    TimeExpression,
    WarningCode,
)

#: Actor evidence of at most this many words is a mention of the actor wherever it recurs.
_MENTION_WORDS = 6

#: Characters either side of an actor's mention searched for the words of its title.
_NEAR = 60

_T = TypeVar("_T", Event, Quote, Agreement, Actor)

#: Default cap on records of one type per article; more is a runaway model, not news.
DEFAULT_MAX_RECORDS = 200

#: strict: an untied speaker becomes null and an untied participant or party is dropped;
#: lenient: both are kept, with the same warning.
Grounding = Literal["strict", "lenient"]

_HONORIFICS = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|dr|prof|sir|dame|sheikh|sheik|rev|hon|lord|lady|gen|col|maj|capt|lt|sgt)\.?\s+)+",
    re.IGNORECASE,
)


def canonical_name(name: str, title: str | None = None) -> str:
    """The name without a leading honorific or its own title, spaces folded."""
    name = " ".join(name.split())
    if title:
        t = " ".join(title.split())
        if name.lower().startswith(t.lower() + " "):
            name = name[len(t) + 1 :]
    return _HONORIFICS.sub("", name).strip() or name


@functools.lru_cache(maxsize=1024)
def name_key(name: str) -> str:
    """A lookup key for a name: case, diacritics, punctuation and spacing folded.

    Cached: the same names come back many times per article (each mention,
    speaker and participant is looked up), and across articles of a story.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters.lower()).split())


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass
class _ActorIndex:
    """Names, aliases and name parts of the grounded actors, for resolving references."""

    by_key: dict[str, str] = field(default_factory=dict)
    tokens: list[tuple[frozenset[str], str]] = field(default_factory=list)

    def add(self, actor: Actor) -> None:
        for n in [actor.name, actor.canonical_name, *actor.aliases]:
            self.by_key.setdefault(name_key(n), actor.id)
        self.tokens.append((frozenset(name_key(actor.canonical_name).split()), actor.id))

    def find(self, name: str) -> str | None:
        """Exact key, then a unique actor whose name contains all of the reference's tokens."""
        key = name_key(name)
        if key in self.by_key:
            return self.by_key[key]
        want = frozenset(key.split()) - {"al", "el", "the"}
        if not want:
            return None
        hits = {aid for toks, aid in self.tokens if want <= toks}
        return hits.pop() if len(hits) == 1 else None


@dataclass
class _Cast:
    """What building one article's records shares: its actors so far, their index, and the warnings."""

    actors: list[Actor]
    index: _ActorIndex
    warnings: list[LineWarning]


@dataclass
class _Built:
    """One build of an article's records: what is emitted, the warnings, and the attribution faults for the model."""

    records: Records = field(default_factory=Records)
    warnings: list[LineWarning] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)
    counts: GroundingCounts = field(default_factory=GroundingCounts)
    listed: set[str] = field(default_factory=set)  # ids of the actors the answer itself lists


class Resolver:
    """Grounds one article's drafts; built once per article, used for checks and for the build."""

    def __init__(
        self,
        text: str,
        masked: str | None = None,
        published_at: str | None = None,
        fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
        max_records: int = DEFAULT_MAX_RECORDS,
        grounding: Grounding = "strict",
    ) -> None:
        """Prepare grounding against ``masked`` (boilerplate blanked) with spans quoting ``text``."""
        self.text = text
        self.masked = masked if masked is not None else text
        self.aligner = Aligner(self.masked, fuzzy_threshold, original=text)
        self.published_at = published_at
        self.max_records = max_records
        self.grounding = grounding
        self.reasked = 0
        self.counts = GroundingCounts()
        self._last_mentions: tuple[tuple[ActorForms, ...], list[Mention]] | None = None
        self._built: tuple[Extraction, _Built] | None = None

    @functools.cached_property
    def frames(self) -> QuoteFrames:
        """Sentences and quotation marks of the article, segmented on first use."""
        return QuoteFrames(self.masked)

    def mentions(self, forms: Sequence[ActorForms]) -> list[Mention]:
        """``find_mentions`` of these actors, searched once for the check and the build that follows.

        The check keys actors by name and the build by id, and a record's
        forms may repeat a name its draft had once; so the search runs on keys
        by position over each actor's distinct names, and its result is
        relabelled. A name shared by several actors keeps its alphabetically
        first key as the actor, as ``find_mentions`` does.
        """
        shape = tuple(
            ActorForms(f"{i:04d}", tuple(dict.fromkeys(f.names)), f.kind, f.title, f.org_type)
            for i, f in enumerate(forms)
        )
        if self._last_mentions is None or self._last_mentions[0] != shape:
            self._last_mentions = (shape, find_mentions(self.masked, shape, self.frames.quotes))
        keys = [f.key for f in forms]
        out: list[Mention] = []
        for m in self._last_mentions[1]:
            if m.alts:
                actor, *alts = sorted(keys[int(k)] for k in (m.actor, *m.alts))
                out.append(Mention(m.start, m.end, actor, m.kind, tuple(alts)))
            else:
                out.append(Mention(m.start, m.end, keys[int(m.actor)], m.kind))
        return out

    # -- the check instructor runs (re-ask on failure) ------------------------------------

    def problems(self, ex: Extraction) -> list[str]:
        """Messages for every record the article does not support, worded for the model.

        Evidence that is not found is reported from the drafts (the aligner
        remembers each search, so the build repeats none of it). Speakers,
        participants and parties are judged by building the records, exactly
        as they will be emitted; the build is kept, so when the model's answer
        passes, ``build`` hands it over instead of judging everything again.
        """
        out: list[str] = []
        for a in ex.actors:
            if not self._spans(a.evidence):
                out.append(f"actor {a.name!r}: evidence not found in the article")
        for q in ex.quotes:
            if self.aligner.locate(q.text, allow_fuzzy=False) is None:
                out.append(f"quote {_short(q.text)!r}: not found verbatim in the article")
        for e in ex.events:
            if not self._spans(e.evidence):
                out.append(f"event {_short(e.summary)!r}: evidence not found in the article")
        for g in ex.agreements:
            if not self._spans(g.evidence):
                out.append(f"agreement {_short(g.subject)!r}: evidence not found in the article")
        self._built = (ex, self._build(ex))
        attribution = self._built[1].faults
        self.reasked += len(attribution)
        return out + attribution

    # -- building the emitted records -------------------------------------------------------

    def build(self, ex: Extraction) -> tuple[Records, list[LineWarning]]:
        """Ground every draft; drop (with a warning) what the article does not support."""
        kept, self._built = self._built, None
        built = kept[1] if kept is not None and kept[0] is ex else self._build(ex)
        self.counts = built.counts
        self.counts.reasked = self.reasked
        return built.records, built.warnings

    def _build(self, ex: Extraction) -> _Built:
        """The records, warnings and model-facing faults of one answer: shared by the check and the build."""
        warnings: list[LineWarning] = []
        index = _ActorIndex()
        actors = self._actors(ex.actors, index, warnings)
        # Only a reference to an actor the model listed is worth a re-ask; one made up from a bare name
        # (``_ref``) has no forms but that name, so its mentions cannot be judged fairly.
        built = _Built(warnings=warnings, listed={a.id for a in actors})
        cast = _Cast(actors, index, warnings)
        events = self._capped("event", [self._event(d, cast) for d in ex.events], warnings)
        quotes = self._capped("quote", [self._quote(d, cast) for d in ex.quotes], warnings)
        agreements = self._capped("agreement", [self._agreement(d, cast) for d in ex.agreements], warnings)
        mentions = self.mentions([_record_forms(a) for a in actors])
        names = {a.id: a.name for a in actors}
        for q in quotes:
            self._tie_speaker(q, mentions, names, built)
        linked: list[Event | Agreement] = [*events, *agreements]
        of_actor = _by_actor(mentions)
        for item in linked:
            self._tie_references(item, of_actor, names, built)
        built.records = Records(
            actors=actors,
            events=_dedupe(events, lambda e: (e.type, e.evidence[0].start, e.evidence[0].end), "e"),
            quotes=_dedupe(quotes, lambda q: (q.evidence[0].start, q.evidence[0].end), "q"),
            agreements=_dedupe(agreements, lambda g: (g.evidence[0].start, g.evidence[0].end), "g"),
        )
        return built

    def _tie_speaker(self, q: Quote, mentions: list[Mention], names: dict[str, str], built: _Built) -> None:
        """Record where the article ties the quote to its speaker, or null (or flag) an untied speaker."""
        if q.speaker_id is None:
            return
        counts = built.counts
        counts.speakers_checked += 1
        own = q.evidence[0]
        check = check_speaker(self.frames, own.start, own.end, q.speaker_id, mentions)
        if check.tied and check.span is not None:
            start, end = check.span
            q.attribution = Span(start=start, end=end, text=self.text[start:end])
            counts.speakers_tied += 1
            return
        if q.speaker_id in built.listed:
            built.faults.append(
                f"quote {_short(q.text)!r}: the article does not tie it to {names[q.speaker_id]!r} ({check.reason}); "
                "give the speaker the article names with the quote, or null"
            )
        why = check.reason if check.other is None else f"the article attributes it to {names[check.other]!r}"
        strict = self.grounding == "strict"
        outcome = "speaker set to null" if strict else "kept (lenient grounding)"
        built.warnings.append(
            LineWarning(
                code=WarningCode.speaker_unattributed,
                message=f"quote {_short(q.text)!r}: not tied to {names[q.speaker_id]!r} ({why}); {outcome}",
                record_type="quote",
            )
        )
        if strict:
            q.speaker_id = None
            counts.speakers_nulled += 1
        else:
            counts.speakers_kept += 1

    def _tie_references(
        self,
        item: Event | Agreement,
        of_actor: Mapping[str, list[Mention]],
        names: dict[str, str],
        built: _Built,
    ) -> None:
        """Drop (or flag) participants and parties the record's evidence window does not name."""
        spans = [(s.start, s.end) for s in item.evidence]
        kind = "event" if isinstance(item, Event) else "agreement"
        refs = [p.actor_id for p in item.participants] if isinstance(item, Event) else list(item.parties)
        untied = {r for r in refs if not named_in(self.frames, spans, r, of_actor[r])}
        counts = built.counts
        counts.references_checked += len(refs)
        label = item.summary if isinstance(item, Event) else item.subject
        for ref in sorted(untied):
            if ref in built.listed:
                built.faults.append(
                    f"{kind} {_short(label)!r}: {names[ref]!r} is not named in its evidence or that sentence; "
                    "list only actors the passage names"
                )
            outcome = "dropped" if self.grounding == "strict" else "kept (lenient grounding)"
            built.warnings.append(
                LineWarning(
                    code=WarningCode.participant_ungrounded,
                    message=f"{kind} {item.id or _short(item.evidence[0].text)!r}: {names[ref]!r} is not named"
                    f" in its evidence or that sentence; {outcome}",
                    record_type=kind,
                )
            )
        if self.grounding == "lenient":
            counts.references_kept += len(untied)
            return
        counts.references_dropped += sum(r in untied for r in refs)
        if isinstance(item, Event):
            item.participants = [p for p in item.participants if p.actor_id not in untied]
        else:
            item.parties = [p for p in item.parties if p not in untied]

    def _spans(self, evidence: Iterable[str], allow_fuzzy: bool = True) -> list[Span]:
        spans: list[Span] = []
        for piece in evidence:
            span = self.aligner.locate(piece, allow_fuzzy=allow_fuzzy)
            if span is not None and all((s.start, s.end) != (span.start, span.end) for s in spans):
                spans.append(span)
        return spans

    def _grounded(self, evidence: Iterable[str], kind: str, label: str, warnings: list[LineWarning]) -> list[Span]:
        """The record's evidence found in the article; when none is, an ``ungrounded`` warning drops it."""
        spans = self._spans(evidence)
        if not spans:
            warnings.append(_ungrounded(kind, f"{kind} {_short(label)!r}: evidence not in the article"))
        return spans

    def _verbatim(self, value: str | None, what: str, warnings: list[LineWarning]) -> str | None:
        """Keep a short 'as written' field only when the article contains it."""
        if value is None or not value.strip():
            return None
        if self.aligner.locate(value, allow_fuzzy=False) is None:
            warnings.append(
                LineWarning(code=WarningCode.invalid_record, message=f"{what} {_short(value)!r} not in the article; dropped")
            )
            return None
        return value.strip()

    def _described(self, value: str | None, what: str, spans: list[Span], warnings: list[LineWarning]) -> str | None:
        """Keep a title or affiliation written verbatim, or whose words all stand next to the actor.

        "former Syrian President X" supports the title "former President":
        the words are the article's, only the nationality between them is left out.
        """
        if value is None or not value.strip():
            return None
        words = set(name_key(value).split())
        for s in spans:
            window = self.text[max(0, s.start - _NEAR) : s.end + _NEAR]
            if words and words <= set(name_key(window).split()):
                return " ".join(value.split())
        return self._verbatim(value, what, warnings)

    def _capped(self, kind: str, items: Sequence[_T | None], warnings: list[LineWarning]) -> list[_T]:
        kept = [i for i in items if i is not None]
        if len(kept) > self.max_records:
            warnings.append(
                LineWarning(
                    code=WarningCode.too_many_records,
                    message=f"{len(kept)} {kind} records; kept the first {self.max_records}",
                    record_type=kind,
                )
            )
            kept = kept[: self.max_records]
        return kept

    def _actors(self, drafts: list[ActorDraft], index: _ActorIndex, warnings: list[LineWarning]) -> list[Actor]:
        merged: dict[str, Actor] = {}
        for d in drafts:
            spans = self._grounded([*d.evidence, d.name], "actor", d.name, warnings)
            if not spans:
                continue
            aliases: list[str] = []
            for alias in d.aliases:
                if self.aligner.locate(alias, allow_fuzzy=False) is None:
                    warnings.append(
                        LineWarning(
                            code=WarningCode.alias_ungrounded,
                            message=f"alias {_short(alias)!r} of {_short(d.name)!r} not in the article; dropped",
                            record_type="actor",
                        )
                    )
                elif alias.strip() not in aliases:
                    aliases.append(alias.strip())
            canon = canonical_name(d.name, d.title)
            key = name_key(canon)
            if key in merged:
                _absorb(merged[key], spans, aliases, d)
                continue
            merged[key] = Actor(
                id="",
                name=" ".join(d.name.split()),
                canonical_name=canon,
                type=d.type,
                title=self._described(d.title, "title", spans, warnings),
                affiliation=self._described(d.affiliation, "affiliation", spans, warnings),
                aliases=aliases,
                evidence=spans,
            )
        actors = self._capped("actor", _fold_short_names(list(merged.values())), warnings)
        for i, a in enumerate(actors, 1):
            a.id = f"a{i}"
            a.evidence.sort(key=lambda s: s.start)
            index.add(a)
        return actors

    def _ref(self, name: str | None, cast: _Cast, kind: str) -> str | None:
        """Resolve a name to an actor id; a name the article contains but no actor holds becomes an actor."""
        if name is None or not name.strip():
            return None
        found = cast.index.find(name)
        if found is not None:
            return found
        span = self.aligner.locate(name, allow_fuzzy=False)
        if span is None or len(cast.actors) >= self.max_records:
            cast.warnings.append(
                LineWarning(
                    code=WarningCode.unknown_actor,
                    message=f"{kind} refers to {_short(name)!r}, who is not in the article; reference dropped",
                    record_type=kind,
                )
            )
            return None
        actor = Actor(
            id=f"a{len(cast.actors) + 1}",
            name=span.text,
            canonical_name=canonical_name(span.text),
            type=ActorType.other,
            evidence=[span],
        )
        cast.actors.append(actor)
        cast.index.add(actor)
        return actor.id

    def _time(self, text: str | None, warnings: list[LineWarning]) -> TimeExpression | None:
        kept = self._verbatim(text, "time expression", warnings)
        return resolve_time(kept, self.published_at) if kept else None

    def _event(self, d: EventDraft, cast: _Cast) -> Event | None:
        warnings = cast.warnings
        spans = self._grounded(d.evidence, "event", d.summary, warnings)
        if not spans:
            return None
        refs = [(self._ref(p.actor, cast, "event"), p.role) for p in d.participants]
        parts = [Participant(actor_id=aid, role=role) for aid, role in dict.fromkeys(refs) if aid is not None]
        loc = Location(
            name=self._verbatim(d.location, "place", warnings),
            admin_region=self._verbatim(d.admin_region, "region", warnings),
            country=self._verbatim(d.country, "country", warnings),
        )
        return Event(
            id="",
            type=d.type,
            summary=" ".join(d.summary.split()),
            date=self._time(d.date_text, warnings),
            location=loc if (loc.name or loc.admin_region or loc.country) else None,
            participants=parts,
            fatalities=d.fatalities,
            evidence=spans,
        )

    def _quote(self, d: QuoteDraft, cast: _Cast) -> Quote | None:
        own = self.aligner.locate(d.text, allow_fuzzy=False)
        if own is None:
            cast.warnings.append(_ungrounded("quote", f"quote {_short(d.text)!r}: not verbatim in the article"))
            return None
        extra = [s for s in self._spans(d.evidence) if (s.start, s.end) != (own.start, own.end)]
        return Quote(
            id="",
            text=own.text,
            speaker_id=self._ref(d.speaker, cast, "quote"),
            kind=d.kind,
            channel=self._verbatim(d.channel, "channel", cast.warnings),
            evidence=[own, *extra],
        )

    def _agreement(self, d: AgreementDraft, cast: _Cast) -> Agreement | None:
        warnings = cast.warnings
        spans = self._grounded(d.evidence, "agreement", d.subject, warnings)
        if not spans:
            return None
        parties = [aid for aid in dict.fromkeys(self._ref(name, cast, "agreement") for name in d.parties) if aid]
        return Agreement(
            id="",
            parties=parties,
            subject=" ".join(d.subject.split()),
            status=d.status,
            signed=self._time(d.signed_text, warnings),
            deadline=self._time(d.deadline_text, warnings),
            evidence=spans,
        )


def _by_actor(mentions: Iterable[Mention]) -> defaultdict[str, list[Mention]]:
    """Each actor's mentions (a shared surname under every actor it may mean), so a window check reads only those."""
    out: defaultdict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        for key in (m.actor, *m.alts):
            out[key].append(m)
    return out


def _add_mentions(actor: Actor, spans: list[Span], aliases: list[str]) -> None:
    """Add evidence spans and aliases the actor does not hold yet."""
    held = {(x.start, x.end) for x in actor.evidence}
    actor.evidence += [s for s in spans if (s.start, s.end) not in held]
    actor.aliases += [a for a in aliases if a not in actor.aliases]


def _absorb(actor: Actor, spans: list[Span], aliases: list[str], d: ActorDraft) -> None:
    """Fold a second draft of the same actor (another chunk, or a model repeat) into the first."""
    _add_mentions(actor, spans, aliases)
    if len(d.name) > len(actor.name) and name_key(d.name) != name_key(actor.name):
        actor.name = " ".join(d.name.split())


def _fold_short_names(actors: list[Actor]) -> list[Actor]:
    """Fold a person named by part of another's name ("Lind" after "Mara Lind") into that person.

    Only when exactly one fuller person matches, so two people sharing a
    surname in one article stay apart.
    """
    tokens = [frozenset(name_key(a.canonical_name).split()) - {"al", "el"} for a in actors]
    kept: list[Actor] = []
    for i, actor in enumerate(actors):
        fuller = [
            j for j, other in enumerate(actors)
            if j != i and actor.type == other.type == ActorType.person and tokens[i] and tokens[i] < tokens[j]
        ]
        if len(fuller) == 1:
            target = actors[fuller[0]]
            _add_mentions(target, actor.evidence, actor.aliases)
            target.title = target.title or actor.title
            continue
        kept.append(actor)
    return kept


def _mention_texts(evidence: Iterable[str]) -> list[str]:
    """Evidence short enough to be a mention ("U.S.", "Interior Minister Lind"), not a passage."""
    return [e for e in evidence if len(e.split()) <= _MENTION_WORDS]


def _record_forms(a: Actor) -> ActorForms:
    names = (a.name, a.canonical_name, *a.aliases, *_mention_texts(s.text for s in a.evidence))
    return ActorForms(a.id, names, actor_kind(a.type), a.title, a.type.value)


def _ungrounded(kind: str, message: str) -> LineWarning:
    return LineWarning(code=WarningCode.ungrounded, message=message + "; dropped", record_type=kind)


def _dedupe(items: list[_T], key: Callable[[_T], Any], prefix: str) -> list[_T]:
    """Drop records that repeat another's type and evidence (chunk overlap, model repeats); assign ids."""
    seen: set[Any] = set()
    out: list[_T] = []
    for item in items:
        k = key(item)
        if k in seen:
            continue
        seen.add(k)
        item.id = f"{prefix}{len(out) + 1}"
        out.append(item)
    return out
