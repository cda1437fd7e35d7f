"""Chunks cover the article exactly, stay within budget and overlap by whole sentences."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.chunk import DEFAULT_MAX_CHARS, Chunk, split_text


def _article(paragraphs: int) -> str:
    return "\n".join(
        " ".join(
            f"Paragraph {p} sentence {s} reports what the officials said about item {p * 10 + s}."
            for s in range(4)
        )
        for p in range(paragraphs)
    )


def _check_invariants(text: str, chunks: list[Chunk], max_chars: int) -> None:
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]
        assert 0 < chunk.end - chunk.start <= max_chars
    for prev, nxt in itertools.pairwise(chunks):
        assert prev.start < nxt.start <= prev.end, "chunks must advance and leave no gap"


def test_text_within_budget_is_one_chunk() -> None:
    text = _article(3)
    assert split_text(text, DEFAULT_MAX_CHARS) == [Chunk(0, len(text), text)]


def test_long_article_of_many_paragraphs() -> None:
    text = _article(300)
    chunks = split_text(text, 4_000, overlap_chars=400)
    assert len(chunks) > 5
    _check_invariants(text, chunks, 4_000)
    for prev, nxt in itertools.pairwise(chunks):
        shared = prev.end - nxt.start
        assert 0 < shared <= 400
        assert text[nxt.start - 1] in " \n", "the overlap starts at a sentence boundary"


def test_cuts_prefer_paragraph_ends() -> None:
    text = _article(300)
    chunks = split_text(text, 4_000, overlap_chars=0)
    _check_invariants(text, chunks, 4_000)
    assert all(text[c.end - 1] == "\n" for c in chunks[:-1])


def test_single_huge_paragraph_without_newlines() -> None:
    text = " ".join(f"Sentence {i} says the talks went on late into the night." for i in range(2_000))
    chunks = split_text(text, 3_000, overlap_chars=300)
    _check_invariants(text, chunks, 3_000)
    assert all(c.text.rstrip().endswith(".") for c in chunks), "cuts fall between sentences"


def test_sentence_longer_than_overlap_is_still_shared() -> None:
    sentence = "The envoy said " + "that the talks were long and difficult " * 14 + "before the vote. "
    text = sentence * 30
    chunks = split_text(text, 3_000, overlap_chars=400)
    _check_invariants(text, chunks, 3_000)
    assert 400 < len(sentence) <= 800
    assert all(prev.end - nxt.start == len(sentence) for prev, nxt in itertools.pairwise(chunks))


def test_sentence_longer_than_budget_is_cut_at_whitespace() -> None:
    text = "word " * 1_000
    chunks = split_text(text, 500, overlap_chars=50)
    _check_invariants(text, chunks, 500)
    assert all(c.text.startswith("word") for c in chunks)


def test_text_without_any_separator_is_cut_hard() -> None:
    text = "x" * 2_500
    chunks = split_text(text, 1_000, overlap_chars=100)
    _check_invariants(text, chunks, 1_000)
    assert [c.end - c.start for c in chunks] == [1_000, 1_000, 500]


def test_non_ascii_offsets_are_exact() -> None:
    text = "\n".join(
        f"Der Bürgermeister sagte am Montag: „Wir schaffen das.“ Ça va, señor {i}." for i in range(200)
    )
    chunks = split_text(text, 1_500, overlap_chars=200)
    _check_invariants(text, chunks, 1_500)


@pytest.mark.parametrize(("max_chars", "overlap"), [(0, 10), (100, -1)])
def test_bad_arguments_are_refused(max_chars: int, overlap: int) -> None:
    with pytest.raises(ValueError):
        split_text("some text", max_chars, overlap)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab. \n\nCD!?é\u201d")), max_size=3_000),
    max_chars=st.integers(min_value=1, max_value=600),
    overlap=st.integers(min_value=0, max_value=400),
)
def test_any_text_is_covered_exactly(text: str, max_chars: int, overlap: int) -> None:
    chunks = split_text(text, max_chars, overlap)
    if len(text) <= max_chars:
        assert chunks == [Chunk(0, len(text), text)]
    else:
        _check_invariants(text, chunks, max_chars)
