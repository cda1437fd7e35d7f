"""The fast paths of grounding and cleaning give exactly what the plain definitions give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.attribution import QuoteFrames, occurrences
from pipeline.extract.ground import _normalize_by_character, normalize
from pipeline.extract.mentions import _word_starts
from pipeline.text.clean import _COPYRIGHT, _IMAGE_RIGHTS, _SUBSCRIBE, find_boilerplate, mask
from pipeline.text.sentences import Segment
from schemas import Boilerplate

#: Letters, spaces of every kind, typographic quotes and dashes, Greek sigmas: all fold one to one.
ONE_TO_ONE = list("ab Z\n\t\r\u00a0\u2009\u3000\u2019\u201c\u2014\u00c9\u03a3\u03c2\u00df.,\"'")
#: Characters that fold to several and send a text through the character loop.
EXPANDING = list("\u2026\u1e9e\u0130")


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(ONE_TO_ONE), max_size=40)
    | st.text(alphabet=st.sampled_from(ONE_TO_ONE + EXPANDING), max_size=40)
    | st.text(max_size=40)
)
def test_fast_path_matches_the_character_loop(text: str) -> None:
    fast, slow = normalize(text), _normalize_by_character(text)
    assert fast == slow


def test_an_article_with_paragraphs_maps_every_character_back() -> None:
    text = "  Mayor \u201cAda\u201d  Brook\u2014said:\n\nIt\u2019s  done. \n"
    norm = normalize(text)
    assert norm.text == 'mayor "ada" brook-said: it\'s done.'
    start = norm.text.index("brook")
    assert text[slice(*norm.to_original(start, start + 5))] == "Brook"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab \n", max_size=30), st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=4))
def test_masking_blanks_exactly_the_flagged_characters_but_newlines(text: str, ranges: list[tuple[int, int]]) -> None:
    flagged = [Boilerplate(start=min(a, b), end=max(a, b), text="x", rule="test") for a, b in ranges]
    blanked = {i for b in flagged for i in range(b.start, b.end)}
    expected = "".join(" " if i in blanked and ch != "\n" else ch for i, ch in enumerate(text))
    assert mask(text, flagged) == expected


def _regex_occurrences(text: str, form: str, country: bool) -> list[tuple[int, int]]:
    """The definition: a whole-word match, or for a country its stem followed by lower-case letters."""
    if country and len(form) >= 4 and form.isalpha():
        pattern = rf"(?<!\w){re.escape(form.rstrip('aey'))}[a-z]*(?!\w)"
    else:
        pattern = rf"(?<!\w){re.escape(form)}(?!\w)"
    return [m.span() for m in re.finditer(pattern, text)]


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="SyriaSyrn é_1 .-", max_size=40),
    st.sampled_from(["Syria", "Syr", "ia", "S", "yria", "Iran", "a.b", "Ana Ana"]),
    st.booleans(),
)
def test_name_occurrences_found_with_str_find_are_the_regex_matches(text: str, form: str, country: bool) -> None:
    assert list(occurrences(text, form, country)) == _regex_occurrences(text, form, country)


#: Fragments of boilerplate and of news, in any case, so random lines hit every rule's alternatives.
FRAGMENTS = [
    "\u00a9 2024", "(C) 2023", "Copyright", "ALL RIGHTS RESERVED", "may not be republished", "without prior written permission",
    "Images are for reference", "all rights to the photos", "image and contents gathered from sources", "Photo:",
    "File photo |", "Credit:", "Getty Images", "REUTERS", "AFP", "Subscribe now", "sign up for our daily newsletter",
    "Download the app", "support independent journalism", "The minister said", " ", "on Tuesday", "\u017ftill",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4).map(" ".join), min_size=1, max_size=6))
def test_the_keyword_checks_never_change_which_lines_are_boilerplate(lines: list[str]) -> None:
    """Each rule with a keyword check flags exactly the lines its regex alone flags."""
    text = "\n".join(lines)
    found = {(b.start, b.rule) for b in find_boilerplate(text)}
    pos = 0
    for line in lines:
        for rule, pattern in (("image_rights", _IMAGE_RIGHTS), ("copyright", _COPYRIGHT), ("subscribe", _SUBSCRIBE)):
            earlier = {r for s, r in found if s == pos and r != rule}
            if (pos, rule) in found:
                assert pattern.search(line)
            elif not earlier and pattern.search(line) and len(line.strip()) <= 250:
                raise AssertionError(f"{rule} missed {line!r}")
        pos += len(line) + 1


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(list("heHEsSiItTmMrR _-'\n\u0130\u00e9") + ["his ", "She ", "ITS", "Minister"]), max_size=16).map(
        "".join
    ),
    st.sampled_from(["he", "minister", "its", "chief executive"]),
)
def test_lower_case_word_starts_are_the_case_blind_lookbehind_matches(text: str, phrase: str) -> None:
    """Pronouns and role titles are found on the lower-cased text; offsets must be the case-blind regex's."""
    plain = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)
    fast = _word_starts(re.compile(rf"{re.escape(phrase)}(?!\w)"), text)
    assert [m.span() for m in fast] == [m.span() for m in plain.finditer(text)]


def _lines_by_character(text: str) -> list[Segment]:
    """``lines`` as first written: trim each line one character at a time."""
    out: list[Segment] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Segment(start, end))
    return out


_PROSE = st.lists(
    st.sampled_from(["Ada said.", ' "Go," she said.', "\n", "\n\n", "   ", "\u00a0", "\t", "Mr. Li left", "! ", "x"]),
    max_size=14,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_PROSE)
def test_sentence_and_paragraph_lookups_by_bisection_are_the_linear_scans(text: str) -> None:
    frames = QuoteFrames(text)
    assert frames.paragraphs == _lines_by_character(text)
    for pos in range(len(text) + 1):
        linear = next((k for k, s in enumerate(frames.sentences) if s.start <= pos < s.end), None)
        assert frames.sentence_of(pos) == linear
        assert frames.paragraph_of(pos) == next((p for p in frames.paragraphs if p.start <= pos < p.end), None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\u2026\u1e9e\u2014")), max_size=30), st.integers(-2, 32))
def test_the_first_normalised_character_at_or_after_an_offset(text: str, offset: int) -> None:
    """The run map answers what a table of every character's origin would."""
    norm = normalize(text)
    table = [norm.offset(i) for i in range(len(norm.text))]
    expected = next((i for i, o in enumerate(table) if o >= offset), len(norm.text))
    assert norm.first_at_or_after(offset) == expected
