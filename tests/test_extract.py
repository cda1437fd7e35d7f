"""One article through clean → chunk → extract → ground: long articles keep exact offsets."""

from __future__ import annotations

from pipeline import Article, ExtractConfig, extract_all
from schemas import ArticleMeta, ArticleResult, WarningCode


def test_long_article_split_into_chunks_keeps_offsets_exact_and_merges_repeats() -> None:
    paragraphs = []
    for i in range(120):
        paragraphs.append(
            f"Interior Minister Lena Okafor said on Tuesday that patrol {i} had returned to Marvel. "
            f'"Patrol {i} is safe," Okafor told reporters at a press conference.'
        )
    text = "\n".join(paragraphs) + "\n"
    article = Article(id="long", source="long.txt", text=text, metadata=ArticleMeta(published_at="2025-03-14"))
    [line] = extract_all([article], ExtractConfig(max_chars=2000, chunk_overlap=300))
    assert isinstance(line, ArticleResult)
    assert line.warnings[0].code == WarningCode.chunked
    assert len(text) > 2000 * 8
    for _kind, _rid, span in line.records.spans():
        assert text[span.start : span.end] == span.text
    quotes = [q.text for q in line.records.quotes]
    assert len(quotes) == 120 and len(set(quotes)) == 120, "quotes in chunk overlaps are kept once"
    assert [a.name for a in line.records.actors if a.type == "person"] == ["Lena Okafor"]
    last = line.records.quotes[-1]
    assert last.evidence[0].start > len(text) - 200, "offsets point into the whole article, not the chunk"
