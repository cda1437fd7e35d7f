"""Word tables as tuples: the builder's patterns, and the heuristic tables it builds."""

from __future__ import annotations

import re

from pipeline.backends.heuristic.triggers import KILLING_RE, find_hits
from pipeline.text.sentences import Segment
from pipeline.text.wordlists import alternatives, word_regex


def test_alternatives_is_the_bare_alternation() -> None:
    assert alternatives(("deals?", "pacts?")) == "deals?|pacts?"
    assert alternatives(w for w in ("a", "b")) == "a|b"


def test_word_regex_matches_whole_words_only() -> None:
    cue = word_regex(("signed", "set up"))
    assert cue.pattern == r"\b(?:signed|set up)\b"
    assert cue.search("the two sides set up a body")
    assert not cue.search("unsigned") and not cue.search("designed")


def test_word_regex_keeps_the_flags() -> None:
    assert word_regex(("truce",), re.IGNORECASE).search("TRUCE HOLDS")
    assert not word_regex(("truce",)).search("TRUCE HOLDS")


def test_words_are_regex_fragments() -> None:
    cue = word_regex(("pledg\\w+", "treat(?:y|ies)"))
    assert [m.group() for m in cue.finditer("they pledged two treaties")] == ["pledged", "treaties"]


def test_trigger_table_types_each_word() -> None:
    text = "an airstrike killed two after the summit"
    found = [(etype.value, m.group()) for etype, m in find_hits(text, Segment(0, len(text)))]
    assert found == [("airstrike", "airstrike"), ("killing", "killed"), ("meeting", "summit")]
    assert KILLING_RE.search("Gunmen KILLED him") and not KILLING_RE.search("skilled workers")
