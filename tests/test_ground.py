"""The aligner: oracle cases with planted spans, then property tests on random text.

The oracle cases plant a known passage at a known offset in generated filler,
perturb it the way models copy text (quotes, dashes, line breaks, case, a
typo, punctuation) and check the aligner returns exactly the planted offsets
and the expected match kind. The property tests check the invariant every
consumer relies on: a span is ``text[start:end]`` verbatim, or there is none.
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline.extract.ground import Aligner, locate, normalize
from schemas import MatchKind, Span

_FILLER_WORDS = [
    "garden",
    "lantern",
    "meadow",
    "ticket",
    "window",
    "museum",
    "pencil",
    "orchard",
    "valley",
    "tunnel",
    "kettle",
    "ribbon",
    "saddle",
    "violin",
    "walnut",
    "compass",
    "blanket",
    "chimney",
]


def _filler(seed: int, words: int) -> str:
    """Deterministic filler prose: the planted passage must be the only match."""
    rng = random.Random(seed)
    out = []
    for i in range(words):
        word = rng.choice(_FILLER_WORDS)
        out.append(word.capitalize() if i % 9 == 0 else word)
        if i % 9 == 8:
            out[-1] += "."
    return " ".join(out)


def _plant(passage: str, seed: int = 1, before: str = "", after: str = "") -> tuple[str, int, int]:
    """Text with ``passage`` planted between filler; returns the text and its offsets."""
    head = _filler(seed, 40) + " " + before
    text = head + passage + after + " " + _filler(seed + 1, 40)
    return text, len(head), len(head) + len(passage)


def _check_invariant(text: str, span: Span | None) -> None:
    if span is None:
        return
    assert 0 <= span.start < span.end <= len(text)
    assert text[span.start : span.end] == span.text
    assert not span.text[0].isspace() and not span.text[-1].isspace()


PASSAGE = "the ceasefire \u201cwill hold\u201d \u2014 for now \u2014 officials said"

NORMALIZED_CASES = [
    ("curly to straight quotes", PASSAGE, 'the ceasefire "will hold" \u2014 for now \u2014 officials said'),
    ("em dash to hyphen", PASSAGE, "the ceasefire \u201cwill hold\u201d - for now - officials said"),
    ("em dash to double hyphen spacing", PASSAGE, 'the ceasefire "will hold" - for now - officials said'),
    (
        "line break to space",
        "the ceasefire will\nhold for now,\r\n officials said",
        "the ceasefire will hold for now, officials said",
    ),
    ("case", "The Ceasefire Will Hold For Now", "the ceasefire will hold for now"),
    (
        "repeated and no-break spaces",
        "the ceasefire will  hold\u00a0for now",
        "the ceasefire will hold for now",
    ),
    ("ellipsis", "the talks\u2026 resumed on time", "the talks... resumed on time"),
    ("guillemets", "he called it \u00abthe final offer\u00bb today", 'he called it "the final offer" today'),
    ("apostrophe", "the council\u2019s vote was final", "the council's vote was final"),
]


@pytest.mark.parametrize("allow_fuzzy", [True, False])
@pytest.mark.parametrize(
    ("label", "planted", "needle"), NORMALIZED_CASES, ids=[c[0] for c in NORMALIZED_CASES]
)
def test_normalized_perturbations_return_the_planted_offsets(
    label: str, planted: str, needle: str, allow_fuzzy: bool
) -> None:
    text, start, end = _plant(planted)
    span = Aligner(text).locate(needle, allow_fuzzy=allow_fuzzy)
    assert span is not None, label
    assert (span.start, span.end, span.match) == (start, end, MatchKind.normalized)
    assert span.text == planted


def test_verbatim_evidence_is_an_exact_match() -> None:
    text, start, end = _plant(PASSAGE)
    span = locate(text, PASSAGE)
    assert span == Span(start=start, end=end, text=PASSAGE, match=MatchKind.exact)


def test_surrounding_whitespace_and_quote_marks_of_the_needle_are_ignored() -> None:
    planted = "the bridge will reopen next week"
    text, start, end = _plant(planted, before="\u201c", after="\u201d")
    for needle in (f"  {planted}\n", f'"{planted}"', f"\u2018{planted}\u2019"):
        span = locate(text, needle, allow_fuzzy=False)
        assert span is not None and (span.start, span.end) == (start, end), repr(needle)
    # Quote marks that are really in the text are part of the verbatim span.
    span = locate(text, f"\n\u201c{planted}\u201d ", allow_fuzzy=False)
    assert span is not None and (span.start, span.end, span.match) == (start - 1, end + 1, MatchKind.exact)


def test_dropped_trailing_punctuation_still_matches_exactly() -> None:
    planted = "the budget was approved by the committee."
    text, start, end = _plant(planted)
    span = locate(text, planted[:-1])
    assert span is not None and (span.start, span.end, span.match) == (start, end - 1, MatchKind.exact)


@pytest.mark.parametrize(
    ("planted", "needle"),
    [
        ("the committee approved the harbour budget", "the comittee approved the harbour budget"),
        ("the committee approved the harbour budget", "the committee approved the harbor budget"),
        ("the committee approved the harbour budget,", "the committee approved the harbour budget."),
        ("the committee approved the harbour budget", "the committee approved the harbour budget!"),
    ],
    ids=["dropped letter", "spelling variant", "changed trailing punctuation", "added punctuation"],
)
def test_one_character_slips_match_fuzzily_inside_the_planted_passage(planted: str, needle: str) -> None:
    text, start, end = _plant(planted)
    span = locate(text, needle)
    assert span is not None and span.match is MatchKind.fuzzy
    assert start <= span.start and span.end <= end
    assert span.end - span.start >= len(planted) - 2
    _check_invariant(text, span)


@pytest.mark.parametrize(
    "needle",
    [
        "the committee approved the harbour budget.",
        "The committee approved the harbour budgets",
        "committee approved the harbour budget, adding",
        "the comittee approved the harbour budget, adding that",
        "the committee approved the harbor budget, adding that",
    ],
)
def test_fuzzy_spans_are_whole_words_without_stray_quote_marks(needle: str) -> None:
    quoted = "\u201cthe committee approved the harbour budget,\u201d adding that"
    text, start, end = _plant(quoted, after=" the winter market opens")
    span = locate(text, needle)
    assert span is not None and span.match is MatchKind.fuzzy
    assert start < span.start and span.end <= end
    assert not text[span.start - 1].isalnum() and not text[span.end].isalnum()
    assert text[span.start] not in "\u201c\u201d" and text[span.end - 1] not in "\u201c\u201d"


@pytest.mark.parametrize(
    "needle",
    [
        "the comittee approved the harbour budget",
        "the committee approved the harbour budget!",
        "the committee approved a harbour budget",
    ],
)
def test_quotes_never_match_fuzzily(needle: str) -> None:
    text, _, _ = _plant("the committee approved the harbour budget")
    assert Aligner(text).locate(needle, allow_fuzzy=False) is None


@pytest.mark.parametrize(
    "needle",
    [
        "the rebels seized the airport at dawn",
        "a spokesperson declined to comment on the matter",
        "Zürich",
        "   ",
        '""',
        "",
    ],
)
def test_absent_passages_return_none(needle: str) -> None:
    text = _filler(3, 200)
    assert locate(text, needle) is None
    assert locate(text, needle, allow_fuzzy=False) is None


def test_short_evidence_is_never_fuzzy_matched() -> None:
    text, _, _ = _plant("border talk")
    assert locate(text, "border talk") is not None
    assert locate(text, "bordar talk") is None  # one slip, but 11 characters are too few to trust


def test_after_prefers_the_later_occurrence_and_falls_back_to_the_first() -> None:
    planted = "the vote was postponed"
    text = f"{planted}. {_filler(5, 30)} {planted}. {_filler(6, 30)}"
    second = text.rindex(planted)
    aligner = Aligner(text)
    assert aligner.locate(planted).start == 0  # type: ignore[union-attr]
    assert aligner.locate(planted, after=1).start == second  # type: ignore[union-attr]
    assert aligner.locate(planted.upper(), after=1).start == second  # type: ignore[union-attr]
    assert aligner.locate(planted, after=second + 1).start == 0  # type: ignore[union-attr]


SCRIPTS = {
    "arabic": (
        "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631 \u0625\u0646 \u0627\u0644\u0645\u062d\u0627\u062f\u062b\u0627\u062a \u0633\u062a\u0633\u062a\u0645\u0631",
        None,
    ),
    "cyrillic": (
        "\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0437\u0430\u044f\u0432\u0438\u043b \u043e \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u0430\u0445",
        str.lower,
    ),
    "accented latin": ("Le ministre a d\u00e9clar\u00e9 que l\u2019accord \u00e9tait sign\u00e9", str.upper),
    "combining marks": (
        "Le ministre a de\u0301clare\u0301 que l\u2019accord e\u0301tait signe\u0301",
        str.upper,
    ),
    "emoji and zwj": (
        "the family \U0001f468\u200d\U0001f469\u200d\U0001f467 arrived \U0001f44d\U0001f3fd safely",
        str.upper,
    ),
    # Lower-cased as people type it: "i", not "i" + U+0307 as str.lower() gives.
    "dotted capital i": (
        "\u0130STANBUL \u0130\u00e7in Kabul Edildi",
        lambda t: t.lower().replace("\u0307", ""),
    ),
}
# Characters before the passage that shift offsets in naive implementations:
# multi-code-point graphemes, astral emoji, and "İ", whose lower() is two characters.
_TRICKY_PREFIX = (
    "\u0130\u0130\u0130 e\u0301e\u0301 \U0001f1fa\U0001f1e6 \U0001f469\u200d\U0001f52c \u00df\u0130 "
)


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_non_ascii_passages_keep_exact_offsets(script: str) -> None:
    planted, _ = SCRIPTS[script]
    text, start, end = _plant(planted, before=_TRICKY_PREFIX)
    span = locate(text, planted, allow_fuzzy=False)
    assert span is not None and (span.start, span.end, span.match) == (start, end, MatchKind.exact)


@pytest.mark.parametrize("script", [s for s, (_, change) in SCRIPTS.items() if change is not None])
def test_non_ascii_case_changes_keep_exact_offsets(script: str) -> None:
    planted, change = SCRIPTS[script]
    assert change is not None
    needle = change(planted).replace("\u2019", "'")
    text, start, end = _plant(planted, before=_TRICKY_PREFIX)
    span = locate(text, needle, allow_fuzzy=False)
    assert span is not None and (span.start, span.end, span.match) == (start, end, MatchKind.normalized)
    assert span.text == planted


def test_dotted_capital_i_is_matched_case_insensitively_elsewhere_in_the_passage() -> None:
    planted = "\u0130stanbul Belediyesi A\u00c7IKLAMA YAPTI"
    text, start, end = _plant(planted, before=_TRICKY_PREFIX)
    span = locate(text, "\u0130stanbul belediyesi a\u00e7iklama yapti", allow_fuzzy=False)
    assert span is not None and (span.start, span.end, span.match) == (start, end, MatchKind.normalized)


@pytest.mark.parametrize("text_form", ["NFD", "NFC"])
def test_decomposed_and_precomposed_accents_match_each_other(text_form: str) -> None:
    planted = unicodedata.normalize(text_form, "le caf\u00e9 de la gare est ferm\u00e9 depuis lundi")
    needle_form = "NFC" if text_form == "NFD" else "NFD"
    needle = unicodedata.normalize(needle_form, "Le caf\u00e9 de la gare est ferm\u00e9")
    text, start, _ = _plant(planted, before=_TRICKY_PREFIX)
    span = locate(text, needle, allow_fuzzy=False)
    assert span is not None and span.match is MatchKind.normalized
    assert (span.start, span.end) == (start, start + planted.index(" depuis"))


def test_greek_capitals_match_a_lower_case_copy_with_final_sigma() -> None:
    planted = "\u039f\u0399 \u03a3\u03a5\u039d\u039f\u039c\u0399\u039b\u0399\u0395\u03a3 \u03a3\u03a5\u039d\u0395\u03a7\u0399\u0396\u039f\u039d\u03a4\u0391\u0399"
    needle = "\u03bf\u03b9 \u03c3\u03c5\u03bd\u03bf\u03bc\u03b9\u03bb\u03b9\u03b5\u03c2 \u03c3\u03c5\u03bd\u03b5\u03c7\u03b9\u03b6\u03bf\u03bd\u03c4\u03b1\u03b9"
    assert needle.endswith("\u03b1\u03b9") and "\u03c2" in needle  # ends a word with final sigma
    text, start, end = _plant(planted, before=_TRICKY_PREFIX)
    span = locate(text, needle, allow_fuzzy=False)
    assert span is not None and (span.start, span.end, span.match) == (start, end, MatchKind.normalized)


def test_normalize_maps_every_character_back_to_its_origin() -> None:
    text = "  \u201cA\u2014b\u2026\u201d \n\n \u0130x\u0301  "
    norm = normalize(text)
    assert norm.text == '"a-b..." ix\u0301'  # "\u0130" folds to "i", one character for one
    offsets = [norm.offset(i) for i in range(len(norm.text))]
    assert offsets == sorted(offsets) and offsets[-1] < len(text)
    for ch, origin in zip(norm.text, offsets, strict=True):
        if ch == " ":
            assert text[origin].isspace()
        else:
            assert ch in normalize(text[origin]).text


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def test_masked_boilerplate_is_never_matched_or_crossed() -> None:
    body_a = "the council approved the new budget on Monday."
    boiler = "READ ALSO: winter market opens"
    body_b = "Officials said the vote was close."
    text = f"{body_a}\n{boiler}\n{body_b}"
    ms = text.index(boiler)
    aligner = Aligner(_mask(text, ms, ms + len(boiler)), original=text)
    assert aligner.locate(boiler) is None
    assert aligner.locate("winter market opens") is None
    assert aligner.locate("on Monday. Officials said") is None  # would bridge the masked line
    assert aligner.locate("on Monday. Officials said the vote", allow_fuzzy=True) is None
    span = aligner.locate("officials said the vote was close")
    assert span is not None and span.start == text.index("Officials")
    assert span.text == "Officials said the vote was close"


def test_a_match_refused_for_crossing_boilerplate_does_not_hide_a_later_clean_one() -> None:
    text = "Ann said yes.\nREAD ALSO: market news\nThe vote was held. Later, Ann said yes. The vote was held again."
    boiler = "READ ALSO: market news"
    ms = text.index(boiler)
    aligner = Aligner(_mask(text, ms, ms + len(boiler)), original=text)
    span = aligner.locate("ann said yes. the vote was held", allow_fuzzy=False)
    assert span is not None and span.start == text.rindex("Ann said yes.")
    assert span.text == "Ann said yes. The vote was held"


# ---------------------------------------------------------------- properties

_SPECIALS = list(
    "\u201c\u201d\u2018\u2019\"'`\u00ab\u00bb\u2014\u2013-\u2026 \n\t\u00a0\u2009\u200d\u0301\u0308\u0130\u0131\u00dfIi"
) + ["\U0001f468", "\U0001f3fd", "\ufe0f", "\u0627", "\u0644", "\u0434", "\u0414", "\u1e9e", "\u03a3"]
_CHARS = st.one_of(st.characters(codec="utf-8"), st.sampled_from(_SPECIALS), st.sampled_from("abcde fg"))
TEXTS = st.text(alphabet=_CHARS, max_size=200)
_FOLDS = {
    "\u201c": '"',
    "\u201d": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u2014": "-",
    "\u2013": "-",
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2026": "...",
    "\n": " ",
    "\u00a0": " ",
    "\t": "  ",
}
_PROPS = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@_PROPS
@given(text=TEXTS, data=st.data())
def test_any_slice_of_the_text_is_found_exactly(text: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    needle = text[i:j]
    span = locate(text, needle)
    _check_invariant(text, span)
    if needle.strip().strip("\"'\u201c\u201d\u2018\u2019").strip():  # not just quote marks
        assert span is not None and span.match is MatchKind.exact
        assert span.text == needle.strip()


@_PROPS
@given(text=TEXTS, needle=TEXTS, allow_fuzzy=st.booleans(), after=st.integers(0, 250))
def test_any_needle_gives_a_verbatim_slice_or_none(
    text: str, needle: str, allow_fuzzy: bool, after: int
) -> None:
    _check_invariant(text, Aligner(text).locate(needle, allow_fuzzy=allow_fuzzy, after=after))


def _same_letter_upper(c: str) -> bool:
    """Whether upper-casing ``c`` is a pure case change (not "ı" to "I", not "ß" to "SS")."""
    up = c.upper()
    return len(up) == 1 and up.casefold() == c.casefold()


@_PROPS
@given(text=TEXTS, data=st.data())
def test_a_model_style_copy_of_a_slice_is_found_with_the_same_normal_form(
    text: str, data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    planted = text[i:j]
    upper = data.draw(st.booleans())
    needle = "".join(_FOLDS.get(c, c) for c in planted)
    needle = "".join(c.upper() if upper and _same_letter_upper(c) else c for c in needle)
    span = locate(text, needle, allow_fuzzy=False)
    _check_invariant(text, span)
    core = normalize(needle.strip().strip("\"'\u201c\u201d\u2018\u2019").strip()).text
    if core:
        assert span is not None
        assert core in normalize(span.text).text


@_PROPS
@given(text=TEXTS, data=st.data())
def test_masked_regions_are_never_reached(text: str, data: st.DataObject) -> None:
    ms = data.draw(st.integers(0, len(text)))
    me = data.draw(st.integers(ms, len(text)))
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    masked = _mask(text, ms, me)
    needle = data.draw(st.one_of(st.just(text[i:j]), TEXTS))
    span = Aligner(masked, original=text).locate(needle, allow_fuzzy=data.draw(st.booleans()))
    _check_invariant(text, span)
    if span is not None:
        assert masked[span.start : span.end] == text[span.start : span.end]
        assert all(text[k].isspace() for k in range(max(span.start, ms), min(span.end, me)))


_PASSAGE_WORDS = st.text(alphabet="abcdefghij\u00e9\u00e8\u0161\u0436\u0628", min_size=2, max_size=9)
_FILLER = st.lists(st.text(alphabet="klmnopqrstuvwxyz\u00fc\u0444", min_size=1, max_size=8), max_size=30)


@_PROPS
@given(
    before=_FILLER,
    words=st.lists(_PASSAGE_WORDS, min_size=4, max_size=8),
    after=_FILLER,
    data=st.data(),
)
def test_a_passage_with_one_slip_is_found_inside_its_planted_place(
    before: list[str], words: list[str], after: list[str], data: st.DataObject
) -> None:
    passage = " ".join(words)
    head = " ".join(before) + " " if before else ""
    text = head + passage + (" " + " ".join(after) if after else "")
    start, end = len(head), len(head) + len(passage)
    k = data.draw(st.integers(0, len(passage) - 1).filter(lambda i: passage[i] != " "))
    slip = data.draw(st.sampled_from(["delete", "substitute"]))
    needle = passage[:k] + ("" if slip == "delete" else "\u00f1") + passage[k + 1 :]
    assume(len(needle) >= 20)  # shorter slips are too ambiguous for the fuzzy pass
    span = locate(text, needle)
    _check_invariant(text, span)
    assert span is not None
    assert start <= span.start and span.end <= end
    assert span.end - span.start >= len(passage) - 3
