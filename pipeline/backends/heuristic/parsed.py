"""The parsed article that every record finder of the heuristic extractor reads.

Parsing happens once per article: quotation spans, sentences (which never
break inside a quotation) and the actors with every mention of them. The
event, quote and agreement finders then each take this one object, so they
all see the same segmentation and refer to actors by the same indexes.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.backends.heuristic.actors import ActorIndex, find_actors
from pipeline.text.sentences import QuoteSpan, Segment, find_quotes, sentences


@dataclass(frozen=True)
class ParsedArticle:
    """One article as the record finders read it.

    Attributes:
        text: The article; boilerplate may be masked to spaces (same length).
        sents: Its sentences, as segments of ``text``.
        quotes: Its quotations; words inside them are a speaker's, not the writer's report.
        index: Its actors and every mention of them.
    """

    text: str
    sents: list[Segment]
    quotes: list[QuoteSpan]
    index: ActorIndex

    @classmethod
    def parse(cls, text: str) -> ParsedArticle:
        """Find the quotations, sentences and actors of ``text``."""
        quotes = find_quotes(text)
        return cls(text, sentences(text, quotes), quotes, find_actors(text))
