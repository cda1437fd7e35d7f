"""Render extraction JSONL as one self-contained HTML review page.

A reviewer needs to see, for every record, the words that support it. The
page therefore shows each article's text with every evidence span
highlighted by record type, the records beside it, and (optionally) the
merged story and the evaluation's misses.

Article text is untrusted, so nothing from it is ever written into markup:
the data travels as JSON inside a ``<script type="application/json">`` block
with ``<``, ``>``, ``&`` and the JavaScript line separators escaped, and the
page's script builds the DOM with ``textContent``. A Content-Security-Policy
that allows only the page's own script (by hash) and no network access is a
second wall should anything slip through. For large runs only an index is
rendered up front; an article's body is built when it is selected, so the
page stays light whatever the number of articles.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from pipeline.core.errors import InputError
from pipeline.io.files import read_json_file
from pipeline.io.results import read_results
from pipeline.io.stories import read_merge_result
from schemas import Actor, Agreement, ArticleResult, Event, MatchKind, Quote, TimeExpression
from schemas.story import Claim, MergeResult, SourcedValue, Story, split_ref

#: Record types in the order they are listed and layered.
KINDS: tuple[str, ...] = ("actor", "event", "quote", "agreement")

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


@dataclass(frozen=True)
class Segment:
    """A stretch of text between two consecutive span or boilerplate boundaries.

    Attributes:
        start: Offset of the first character.
        end: Offset one past the last character (equal to ``start`` only for
            the empty segment that carries spans starting at the text's end).
        spans: Indices of the spans covering the whole segment.
        boilerplate: Index of the boilerplate line covering it, or -1.
        starting: Indices of the spans that start at ``start``; the page
            renders one marker per index, which makes spans countable.
    """

    start: int
    end: int
    spans: tuple[int, ...]
    boilerplate: int
    starting: tuple[int, ...]


@dataclass(frozen=True)
class ReviewPage:
    """A rendered page and what it holds, for the caller's summary."""

    html: str
    articles: int
    spans: int
    story: bool
    evaluated: bool


def segment_text(
    length: int, spans: Sequence[tuple[int, int]], boilerplate: Sequence[tuple[int, int]] = ()
) -> list[Segment]:
    """Split a text at every span and boilerplate boundary.

    Spans may overlap or nest arbitrarily; cutting at every boundary gives
    segments that are each covered by a fixed set of spans, which is what
    lets overlapping highlights render without nesting conflicts.

    Args:
        length: Length of the text.
        spans: ``(start, end)`` of each evidence span, in span-index order.
        boilerplate: ``(start, end)`` of each flagged line.

    Returns:
        Segments covering ``[0, length)`` in order, plus an empty trailing
        segment when a zero-length span sits at the very end.
    """
    starts_at = _index_by(spans, 0)
    bounds = sorted({0, length, *(p for se in spans for p in se), *(p for be in boilerplate for p in be)})
    bounds = [b for b in bounds if 0 <= b <= length]
    # A sweep: at each boundary, intervals ending there leave and those starting there join.
    span_ends, bp_starts, bp_ends = _index_by(spans, 1), _index_by(boilerplate, 0), _index_by(boilerplate, 1)
    active: set[int] = set()
    active_bp: set[int] = set()
    segments: list[Segment] = []
    for a, b in zip(bounds, bounds[1:] + [length]):
        active.difference_update(span_ends.get(a, ()))
        active.update(i for i in starts_at.get(a, ()) if spans[i][1] > a)
        active_bp.difference_update(bp_ends.get(a, ()))
        active_bp.update(i for i in bp_starts.get(a, ()) if boilerplate[i][1] > a)
        starting = tuple(starts_at.get(a, ()))
        if a == b and not (a == length and starting):
            continue
        covering = tuple(sorted(active)) if a < b else ()
        bp = min(active_bp) if active_bp and a < b else -1
        segments.append(Segment(a, b, covering, bp, starting))
    return segments


def _index_by(intervals: Sequence[tuple[int, int]], side: int) -> dict[int, list[int]]:
    """Interval indices by their start (side 0) or end (side 1) offset."""
    out: dict[int, list[int]] = {}
    for i, interval in enumerate(intervals):
        out.setdefault(interval[side], []).append(i)
    return out


def _safe_url(url: str | None) -> str | None:
    """Keep only http(s) URLs: a ``javascript:`` URL must never become a link."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in {"http", "https"} else None


def _title(result: ArticleResult, limit: int = 100) -> str:
    """The article's title, else its first non-boilerplate line, so untitled articles stay recognisable."""
    if result.metadata.title:
        return result.metadata.title
    flagged = [(b.start, b.end) for b in result.boilerplate]
    first, offset = "", 0
    for line in result.text.splitlines(keepends=True):
        if line.strip() and not any(s <= offset < e for s, e in flagged):
            first = line.strip()
            break
        offset += len(line)
    if not first:
        return Path(result.source).name or result.article_id
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _when(t: TimeExpression | None) -> str | None:
    if t is None:
        return None
    return f"{t.text} → {t.value}" if t.value and t.value != t.text else t.text


def _actor_view(a: Actor, names: dict[str, str]) -> tuple[str, list[list[str]]]:
    details = [["type", a.type.value]]
    if a.canonical_name != a.name:
        details.append(["canonical", a.canonical_name])
    details += [[k, v] for k, v in (("title", a.title), ("affiliation", a.affiliation)) if v]
    if a.aliases:
        details.append(["aliases", ", ".join(a.aliases)])
    return a.name, details


def _event_view(e: Event, names: dict[str, str]) -> tuple[str, list[list[str]]]:
    details = [["type", e.type.value]]
    when = _when(e.date)
    if when:
        details.append(["date", when])
    if e.location is not None:
        place = ", ".join(p for p in (e.location.name, e.location.admin_region, e.location.country) if p)
        if place:
            details.append(["place", place])
    if e.participants:
        details.append(
            ["participants", "; ".join(f"{names.get(p.actor_id, p.actor_id)} ({p.role.value})" for p in e.participants)]
        )
    if e.fatalities is not None:
        details.append(["fatalities", str(e.fatalities)])
    return e.summary, details


def _quote_view(q: Quote, names: dict[str, str]) -> tuple[str, list[list[str]]]:
    speaker = names.get(q.speaker_id, q.speaker_id) if q.speaker_id else "unattributed"
    details = [["speaker", speaker or "unattributed"], ["kind", q.kind.value]]
    if q.channel:
        details.append(["channel", q.channel])
    return f"“{q.text}”", details


def _agreement_view(g: Agreement, names: dict[str, str]) -> tuple[str, list[list[str]]]:
    details = [["parties", ", ".join(names.get(p, p) for p in g.parties) or "none named"], ["status", g.status.value]]
    details += [[k, w] for k, w in (("signed", _when(g.signed)), ("deadline", _when(g.deadline))) if w]
    return g.subject, details


_View = Callable[[Any, dict[str, str]], tuple[str, list[list[str]]]]
_VIEWS: dict[str, _View] = {"actor": _actor_view, "event": _event_view, "quote": _quote_view, "agreement": _agreement_view}


def _record_list(result: ArticleResult) -> list[tuple[str, Any]]:
    r = result.records
    return [("actor", x) for x in r.actors] + [("event", x) for x in r.events] + [
        ("quote", x) for x in r.quotes
    ] + [("agreement", x) for x in r.agreements]


def article_payload(result: ArticleResult, evaluation: dict[str, Any] | None = None) -> dict[str, Any]:
    """Turn one extraction line into the JSON the page's script renders.

    Args:
        result: The extraction line.
        evaluation: This article's entry from :func:`pipeline.outputs.review.eval_index`,
            with ``invented`` (record ids) and ``missed`` (gold records), if any.

    Returns:
        A JSON-ready dict: text, segments, spans, records with their display
        fields, boilerplate, warnings and evaluation marks.
    """
    names = {a.id: a.name for a in result.records.actors}
    invented = set((evaluation or {}).get("invented", ()))
    spans: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    for kind, rec in _record_list(result):
        label, details = _VIEWS[kind](rec, names)
        first = len(spans)
        # A quote's attribution span (the words that tie it to its speaker) is shown like evidence,
        # so a reviewer sees why the speaker was believed.
        attribution = [rec.attribution] if isinstance(rec, Quote) and rec.attribution is not None else []
        for s in [*rec.evidence, *attribution]:
            spans.append({"kind": kind, "rec": len(records), "start": s.start, "end": s.end, "match": s.match.value})
        if any(s.match is not MatchKind.exact for s in rec.evidence):
            # A reviewer should double-check evidence the aligner only found approximately.
            details = [*details, ["evidence", ", ".join(s.match.value for s in rec.evidence) + " match"]]
        records.append(
            {"kind": kind, "id": rec.id, "label": label, "details": details,
             "spans": list(range(first, len(spans))), "invented": rec.id in invented}
        )
    segs = segment_text(
        len(result.text), [(s["start"], s["end"]) for s in spans], [(b.start, b.end) for b in result.boilerplate]
    )
    meta = result.metadata
    return {
        "id": result.article_id,
        "title": _title(result),
        "outlet": meta.outlet,
        "url": _safe_url(meta.url),
        "published_at": meta.published_at,
        "source": result.source,
        "text": result.text,
        "segments": [[g.start, g.end, list(g.spans), g.boilerplate, list(g.starting)] for g in segs],
        "spans": spans,
        "records": records,
        "boilerplate": [{"start": b.start, "end": b.end, "rule": b.rule} for b in result.boilerplate],
        "warnings": [{"code": w.code.value, "message": w.message, "record_type": w.record_type} for w in result.warnings],
        "missed": list((evaluation or {}).get("missed", ())),
        "unscored": bool((evaluation or {}).get("unscored")),
        "counts": result.records.count(),
    }


def outlet_labels(results: Iterable[ArticleResult]) -> dict[str, str]:
    """Name each article by its outlet, else its title, else its id.

    Stories count "outlets"; an article with no outlet metadata still has to
    count as one distinct source, so it falls back to what identifies it.
    """
    return {r.article_id: r.metadata.outlet or r.metadata.title or r.article_id for r in results}


def _outlets(article_ids: Iterable[str], labels: dict[str, str]) -> list[str]:
    return sorted({labels.get(a, a) for a in article_ids})


def _refs(sources: Iterable[str], labels: dict[str, str]) -> list[dict[str, str]]:
    """Source refs as links a reader can follow back to the record in its article."""
    pairs = sorted(split_ref(ref) for ref in sources)
    return [{"label": labels.get(a, a), "article": a, "record": r} for a, r in pairs]


def _values(values: Sequence[SourcedValue], labels: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"value": v.value, "outlets": _outlets(v.articles, labels), "refs": _refs(v.sources, labels)} for v in values
    ]


def _subject_label(claim: Claim, story: Story) -> str:
    """Name a claim's subject by what a reader recognises, not its story-local id."""
    names: dict[str, str] = {a.id: a.canonical_name for a in story.actors}
    names |= {e.id: e.summary for e in story.events}
    names |= {q.id: f"“{q.text}”" for q in story.quotes}
    names |= {g.id: g.subject for g in story.agreements}
    return f"{claim.subject_kind.value} {names.get(claim.subject_id, claim.subject_id)}"


def _story_view(story: Story, labels: dict[str, str]) -> dict[str, Any]:
    actor_names = {a.id: a.canonical_name for a in story.actors}
    by_reach = sorted(story.actors, key=lambda a: (-len(_outlets(a.articles, labels)), a.canonical_name.casefold()))
    actors = [
        {"name": a.canonical_name, "type": a.type.value, "forms": _values(a.names, labels),
         "outlets": _outlets(a.articles, labels)}
        for a in by_reach
    ]
    events = sorted(story.events, key=lambda e: (not e.dates, min((d.value for d in e.dates), default="")))
    return {
        "id": story.id,
        "outlets": _outlets(story.articles, labels),
        "actors": actors,
        "events": [
            {"dates": _values(e.dates, labels), "type": e.type.value, "summary": e.summary,
             "places": _values(e.locations, labels), "outlets": _outlets(e.articles, labels),
             "refs": _refs(e.sources, labels),
             "participants": [f"{actor_names.get(p.actor_id, p.actor_id)} ({p.role.value})" for p in e.participants]}
            for e in events
        ],
        "quotes": [
            {"speaker": actor_names.get(q.speaker_id or "", None),
             "variants": [{"text": v.text, "outlets": _outlets([v.article_id], labels), "refs": _refs([v.source], labels)}
                          for v in q.variants]}
            for q in sorted(story.quotes, key=lambda q: -len(q.variants))
        ],
        "claims": [
            {"subject": _subject_label(c, story), "field": c.attribute, "values": _values(c.values, labels)}
            for c in story.claims
        ],
    }


def story_payload(merge: MergeResult, labels: dict[str, str]) -> dict[str, Any]:
    """Shape the merge output for the page's story view.

    Args:
        merge: The parsed output of ``newsfacts merge``.
        labels: Article id to outlet label, from :func:`outlet_labels`.

    Returns:
        One entry per story: actors by outlet count, events sorted by their
        earliest date (unknown dates last), quote variants, and claims.
    """
    return {"stories": [_story_view(s, labels) for s in merge.stories]}


def _singular(record_type: str) -> str:
    """The scorer names types like ``Records`` fields (``quotes``); the page uses ``quote``."""
    return record_type[:-1] if record_type.endswith("s") and record_type[:-1] in KINDS else record_type


def _report_body(report: Any) -> dict[str, Any]:
    """Accept both the full ``newsfacts eval --json`` output and its bare ``report``."""
    if isinstance(report, dict) and isinstance(report.get("report"), dict):
        return report["report"]
    if isinstance(report, dict):
        return report
    raise InputError("the eval report is not a JSON object; pass the JSON written by 'newsfacts eval --json'")


def eval_index(report: Any) -> dict[str, dict[str, Any]]:
    """Read an eval report into per-article review marks, by keys only.

    Relies on ``report.unmatched`` (or top-level ``unmatched``): entries with
    ``article_id``, ``side`` (``invented`` or ``missed``), ``record_type``,
    ``record_id``, and optionally ``description`` and ``best_similarity``;
    and on ``unscored_articles`` (ids with no gold). Anything else is
    ignored, so the report can grow without breaking the page.

    Returns:
        Article id to ``{"invented": [record ids], "missed": [{kind, label, note}],
        "unscored": bool}``.
    """
    body = _report_body(report)
    index: dict[str, dict[str, Any]] = {}

    def marks(article_id: str) -> dict[str, Any]:
        return index.setdefault(article_id, {"invented": [], "missed": [], "unscored": False})

    for item in body.get("unmatched") or []:
        if not isinstance(item, dict) or not item.get("article_id"):
            continue
        entry = marks(str(item["article_id"]))
        if item.get("side") == "invented" and item.get("record_id"):
            entry["invented"].append(str(item["record_id"]))
        elif item.get("side") == "missed":
            similarity = item.get("best_similarity")
            entry["missed"].append({
                "kind": _singular(str(item.get("record_type", "record"))),
                "label": str(item.get("description") or item.get("record_id") or "(no description)"),
                "note": f"gold {item.get('record_id', '?')}"
                + (f", closest prediction {similarity}" if isinstance(similarity, int | float) else ""),
            })
    for article_id in body.get("unscored_articles") or []:
        marks(str(article_id))["unscored"] = True
    return index


def embed_json(data: Any) -> str:
    """Serialise data for a ``<script type="application/json">`` block.

    Escaping ``<``, ``>`` and ``&`` means no ``</script>`` or ``<!--`` can
    appear, whatever the article says; U+2028/2029 are escaped for older
    JavaScript parsers. ``JSON.parse`` restores every character.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(str(script).encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.outputs", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["csp_hash"] = _csp_hash
    return env


def render_html(
    articles: Iterable[dict[str, Any]], story: dict[str, Any] | None = None, title: str = "newsfacts review"
) -> str:
    """Render the page from article payloads and an optional story payload.

    Args:
        articles: Payloads from :func:`article_payload`.
        story: Payload from :func:`pipeline.outputs.review.story_payload`, or None.
        title: The page title.

    Returns:
        The complete HTML document.
    """
    data = {"articles": list(articles), "story": story, "kinds": list(KINDS)}
    template = _environment().get_template("review.html.j2")
    return template.render(title=title, data_json=Markup(embed_json(data)))


def render_review(
    jsonl: Path | BinaryIO, story: Path | None = None, eval_report: Path | None = None
) -> ReviewPage:
    """Build the review page for an extraction JSONL file.

    Args:
        jsonl: Output of ``newsfacts extract``: a path, or a binary stream such as stdin.
        story: Output of ``newsfacts merge`` (JSON), optional.
        eval_report: JSON report of ``newsfacts eval``, optional; marks
            invented records and lists missed gold records per article.

    Returns:
        The page and its counts.

    Raises:
        InputError: An input file is missing or malformed.
    """
    results = list(read_results(jsonl))
    evaluation = (
        eval_index(read_json_file(eval_report, "--eval", "newsfacts eval --json")) if eval_report else {}
    )
    story_data = story_payload(read_merge_result(story), outlet_labels(results)) if story else None
    articles = [article_payload(r, evaluation.get(r.article_id)) for r in results]
    name = jsonl.name if isinstance(jsonl, Path) else "stdin"
    html = render_html(articles, story_data, title=f"newsfacts review: {name}")
    return ReviewPage(
        html=html,
        articles=len(articles),
        spans=sum(len(a["spans"]) for a in articles),
        story=story_data is not None,
        evaluated=eval_report is not None,
    )
