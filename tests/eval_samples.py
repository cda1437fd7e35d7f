"""Small hand-made (synthetic) gold and prediction articles for the scorer's tests.

The article and its names are invented. ``gold_article()`` holds six
records: 2 actors, 1 event, 2 quotes, 1 agreement, each with one evidence
span (6 spans in all); ``prediction()`` is an output line with the same
records, which the tests then perturb.
"""

from __future__ import annotations

from typing import Any

from schemas import (
    Actor,
    Agreement,
    ArticleResult,
    Event,
    ExtractorInfo,
    GoldArticle,
    Location,
    Participant,
    Quote,
    Records,
    Span,
    TimeExpression,
)

TEXT = (
    "Foreign Minister Ana Ruiz met Omar Said in Lisbon on Monday. "
    '"We will sign the deal," Ruiz said at a press conference. '
    'Said added that talks were "going well". '
    "The two countries signed a trade pact on March 3, with a deadline in June."
)
MEETING = "Foreign Minister Ana Ruiz met Omar Said in Lisbon on Monday."  # 60 characters
PACT = "The two countries signed a trade pact on March 3, with a deadline in June."


def span(needle: str, text: str = TEXT) -> Span:
    """The span of the first occurrence of ``needle`` in ``text``."""
    start = text.index(needle)
    return Span(start=start, end=start + len(needle), text=needle)


def day(text: str, value: str) -> TimeExpression:
    """A date resolved to a day."""
    return TimeExpression(text=text, value=value, granularity="day", anchor="2025-03-14")


def records() -> Records:
    """The six gold records of ``TEXT``."""
    return Records(
        actors=[
            Actor(id="a1", name="Ana Ruiz", canonical_name="Ana Ruiz", type="person",
                  title="Foreign Minister", evidence=[span("Foreign Minister Ana Ruiz")]),
            Actor(id="a2", name="Omar Said", canonical_name="Omar Said", type="person",
                  evidence=[span("Omar Said")]),
        ],
        events=[
            Event(id="e1", type="meeting", summary="Ana Ruiz met Omar Said.",
                  date=day("Monday", "2025-03-10"), location=Location(name="Lisbon"),
                  participants=[Participant(actor_id="a1", role="partner"),
                                Participant(actor_id="a2", role="partner")],
                  evidence=[span(MEETING)]),
        ],
        quotes=[
            Quote(id="q1", text="We will sign the deal,", speaker_id="a1", kind="direct",
                  channel="at a press conference", evidence=[span("We will sign the deal,")]),
            Quote(id="q2", text="going well", speaker_id="a2", kind="partial",
                  evidence=[span("going well")]),
        ],
        agreements=[
            Agreement(id="g1", parties=["a1", "a2"], subject="trade pact", status="signed",
                      signed=day("March 3", "2025-03-03"),
                      deadline=TimeExpression(text="June", value="2025-06", granularity="month"),
                      evidence=[span(PACT)]),
        ],
    )  # fmt: skip


def gold_article(article_id: str = "art1", text: str = TEXT, recs: Records | None = None) -> GoldArticle:
    """A gold article (by default the six records of ``TEXT``)."""
    return GoldArticle(
        article_id=article_id,
        published_at="2025-03-14",
        text=text,
        records=records() if recs is None else recs,
    )


def prediction(article_id: str = "art1", text: str = TEXT, recs: Records | None = None) -> ArticleResult:
    """An output line (by default with exactly the gold records)."""
    return ArticleResult(
        article_id=article_id,
        source=f"{article_id}.txt",
        text=text,
        records=records() if recs is None else recs,
        extractor=ExtractorInfo(backend="heuristic", prompt_version="test", prompt_hash="0"),
    )


def changed(pred: ArticleResult, **lists: Any) -> ArticleResult:
    """A copy of an output line with some record lists replaced (no validation, like a hand edit)."""
    return pred.model_copy(update={"records": pred.records.model_copy(update=lists)})


def edit(record: Any, **fields: Any) -> Any:
    """A copy of a record with some fields replaced."""
    return record.model_copy(update=fields)
