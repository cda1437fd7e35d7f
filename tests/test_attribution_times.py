"""Time expressions that date a reporting clause: whole words, sentence-initial days, parts of the day.

Every sentence here is invented for the test; none comes from a seed or
development article.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text import sentences as sentences_module
from pipeline.text.sentences import Segment, time_expressions


def _times(text: str) -> list[str]:
    return [text[e.start : e.end] for e in time_expressions(text, Segment(0, len(text)))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a month or weekday that only starts a longer word is no date
        ("The Mayor met the Marchers on May 5.", ["May 5"]),
        ("Mondays are quiet at the depot.", []),
        # a relative day opening a sentence is capitalised; after a word it is a title
        ("Yesterday, the minister resigned.", ["Yesterday"]),
        ("The Today programme aired the interview today.", ["today"]),
        # parts of the day and counted units back
        ("The shop was raided last night, three weeks ago its owner had warned.", ["last night", "three weeks ago"]),
        ("The bridge closed a week ago.", ["a week ago"]),
        # a year after a capitalised preposition at a sentence start
        ("In 2015, the firm opened a depot.", ["2015"]),
    ],
)
def test_time_expressions_are_whole_words_of_general_english(text: str, expected: list[str]) -> None:
    assert _times(text) == expected


#: The shared pattern without its first-character lookahead: the same matches, found more slowly.
_WITHOUT_PREFILTER = re.compile(
    r"\b(?:" + "|".join(f"(?:{p})" for p in sentences_module._TIME_PATTERNS) + r")(?![^\W\d_])"
)
#: Words and whole phrases, so that every kind of expression turns up in a few examples.
_WORDS = st.sampled_from(
    ["In 2015", "in", "2015", "May", "Mayor", "Today", "today", "last night", "three weeks ago", "a week ago",
     "the 2003", "Monday morning", "June 5", "early 2020", "this year", "Yesterday", "Tonight", "ago", ",", "."]
)


@given(st.lists(_WORDS, max_size=12))
def test_the_prefilter_never_drops_a_time_expression(words: list[str]) -> None:
    text = " ".join(words)
    expected = [(m.start(), m.end()) for m in _WITHOUT_PREFILTER.finditer(text)]
    assert [(e.start, e.end) for e in time_expressions(text, Segment(0, len(text)))] == expected
