"""Small synthetic extraction lines for the review page's tests (synthetic, not model output).

Shared by the fast tests and the browser tests so both check the same
articles: one with overlapping and nested spans, boilerplate and a warning,
one whose text is a cross-site-scripting payload, and a long one whose
quote sits far below the first screen.
"""

from __future__ import annotations

from pathlib import Path

from schemas import (
    Actor,
    Agreement,
    ArticleMeta,
    ArticleResult,
    Boilerplate,
    Event,
    ExtractorInfo,
    LineWarning,
    Location,
    Participant,
    Quote,
    Records,
    Span,
    TimeExpression,
)

XSS_TEXT = (
    'Officials said: "<script>window.__pwned = 1</script> is not a threat." '
    '<img src=x onerror="window.__pwned = 2; document.body.dataset.pwned = 1"> '
    '<a href="javascript:window.__pwned = 3" id="pwn-link">read more</a> '
    "</script><script>window.__pwned = 4</script> \u2028 & <!-- comment"
)

_EXTRACTOR = ExtractorInfo(backend="heuristic", prompt_version="test", prompt_hash="0")


def span(text: str, needle: str, nth: int = 0) -> Span:
    """The nth occurrence of needle in text as a Span (fails loudly if absent)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start=start, end=start + len(needle), text=needle)


def overlapping_article(article_id: str = "ovl") -> ArticleResult:
    """Nested and crossing spans of all four types, boilerplate and a dropped-record warning."""
    text = (
        "Foreign Minister Ana Lima said on Tuesday in Porto: \"We signed the water accord with Riverland "
        "and it holds.\" Riverland confirmed the accord.\n"
        "Copyright 2025 Example Wire. All rights reserved."
    )
    lima = Actor(id="a1", name="Ana Lima", canonical_name="Ana Lima", type="person", title="Foreign Minister",
                 aliases=["Lima"], evidence=[span(text, "Foreign Minister Ana Lima")])
    river = Actor(id="a2", name="Riverland", canonical_name="Riverland", type="country",
                  evidence=[span(text, "Riverland"), span(text, "Riverland", 1)])
    event = Event(id="e1", type="statement", summary="Lima announced the accord.",
                  date=TimeExpression(text="Tuesday", value="2025-03-11", granularity="day"),
                  location=Location(name="Porto", country="Portugal"),
                  participants=[Participant(actor_id="a1", role="announcer")],
                  evidence=[span(text, "Ana Lima said on Tuesday in Porto")])
    quote = Quote(id="q1", text="We signed the water accord with Riverland and it holds.", speaker_id="a1",
                  kind="direct", channel="in Porto",
                  evidence=[span(text, "We signed the water accord with Riverland and it holds.")])
    accord = Agreement(id="g1", parties=["a1", "a2"], subject="water accord", status="signed",
                       evidence=[span(text, "signed the water accord with Riverland"),
                                 span(text, "Riverland confirmed the accord")])
    copyright_start = text.index("Copyright")
    return ArticleResult(
        article_id=article_id, source="ovl.txt",
        metadata=ArticleMeta(title="Water accord signed", outlet="Example Wire", published_at="2025-03-14"),
        text=text,
        boilerplate=[Boilerplate(start=copyright_start, end=len(text), text=text[copyright_start:], rule="copyright")],
        records=Records(actors=[lima, river], events=[event], quotes=[quote], agreements=[accord]),
        extractor=_EXTRACTOR,
        warnings=[LineWarning(code="ungrounded", message="dropped 1 event whose evidence is not in the text",
                              record_type="event")],
    )


def xss_article(article_id: str = "xss") -> ArticleResult:
    """Markup and script in the text, the title, the outlet and a javascript: URL."""
    officials = Actor(id="a1", name="<b>Officials</b>", canonical_name="<b>Officials</b>", type="other",
                      evidence=[span(XSS_TEXT, "Officials")])
    quote = Quote(id="q1", text="<script>window.__pwned = 1</script> is not a threat.", speaker_id="a1",
                  kind="direct", evidence=[span(XSS_TEXT, "<script>window.__pwned = 1</script> is not a threat.")])
    return ArticleResult(
        article_id=article_id, source="xss.txt",
        metadata=ArticleMeta(title="<img src=x onerror=\"window.__pwned = 5\">", outlet="</script><script>x=1</script>",
                             url="javascript:window.__pwned = 6"),
        text=XSS_TEXT,
        records=Records(actors=[officials], quotes=[quote]),
        extractor=_EXTRACTOR,
    )


def long_article(article_id: str = "long", paragraphs: int = 80) -> ArticleResult:
    """A quote far below the first screen, so revealing it must scroll."""
    filler = "".join(f"Paragraph {i} repeats background that nobody quotes.\n" for i in range(paragraphs))
    text = filler + 'At the end the mayor said: "The bridge opens in May."'
    mayor = Actor(id="a1", name="the mayor", canonical_name="mayor", type="person", evidence=[span(text, "the mayor")])
    quote = Quote(id="q1", text="The bridge opens in May.", speaker_id="a1", kind="direct",
                  evidence=[span(text, "The bridge opens in May.")])
    return ArticleResult(
        article_id=article_id, source="long.txt", metadata=ArticleMeta(title="Bridge", outlet="City Paper"),
        text=text, records=Records(actors=[mayor], quotes=[quote]), extractor=_EXTRACTOR,
        warnings=[LineWarning(code="truncated", message="the model stopped at its output limit; records may be missing")],
    )


def plain_article(article_id: str, outlet: str | None = None) -> ArticleResult:
    """A one-record article, cheap enough to make a thousand of."""
    text = f"Article {article_id}: the council met on Monday and agreed a budget."
    council = Actor(id="a1", name="council", canonical_name="council", type="government_body",
                    evidence=[span(text, "council")])
    meeting = Event(id="e1", type="meeting", summary="The council met.", participants=[Participant(actor_id="a1", role="agent")],
                    evidence=[span(text, "the council met on Monday")])
    return ArticleResult(
        article_id=article_id, source=f"{article_id}.txt", metadata=ArticleMeta(title=f"Budget {article_id}", outlet=outlet),
        text=text, records=Records(actors=[council], events=[meeting]), extractor=_EXTRACTOR,
    )


def write_jsonl(path: Path, results: list[ArticleResult]) -> None:
    """Write results as an extraction JSONL file."""
    path.write_text("".join(r.model_dump_json() + "\n" for r in results), encoding="utf-8")
