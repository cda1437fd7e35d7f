"""Boilerplate rules fire on made-up web-page debris and leave the story alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.clean import find_boilerplate, mask

BODY = (
    "The city council approved a new budget for public transport on Tuesday after a long debate.\n"
    "Council members said the budget would fund three new bus lines and longer tram hours.\n"
    "The mayor said the transport plan would cut traffic in the old town by a fifth.\n"
    "Opposition members argued the budget left too little for road repairs in the suburbs.\n"
)


def _rules(text: str) -> dict[str, str]:
    return {item.text: item.rule for item in find_boilerplate(text)}


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("\u00a9 2024 Example Media Group", "copyright"),
        ("Copyright 2023 The Morning Courier. All rights reserved.", "copyright"),
        ("This material may not be published, broadcast, rewritten or redistributed.", "copyright"),
        ("READ ALSO: Singer Opens Up About Her Long Battle With Stage Fright", "read_also"),
        ("ALSO READ - Ten Recipes For A Rainy Weekend", "read_also"),
        ("Read more: Markets rally as chip makers report record sales", "read_also"),
        ("RELATED: Storm warnings issued along the northern coast", "read_also"),
        ("Images are for reference only.", "image_rights"),
        ("Photo: Jane Doe / Example Agency", "image_rights"),
        ("Image credit: Wikimedia Commons", "image_rights"),
        ("All rights on the images and contents are with their legal original owners.", "image_rights"),
        ("Share this article on Facebook", "social_share"),
        ("Follow us on Instagram for more updates", "social_share"),
        ("Subscribe to our daily newsletter for the top stories", "subscribe"),
        ("By Maria Lopez and Tom Berg", "byline"),
        ("Updated: 14 March 2025, 10:32 GMT", "timestamp"),
    ],
)
def test_each_rule_fires_on_its_example(line: str, rule: str) -> None:
    assert _rules(BODY + line + "\n" + BODY.split("\n")[0])[line] == rule


def test_source_credit_fires_only_at_the_end() -> None:
    text = BODY + "Original Source: www.example-news.org"
    assert _rules(text) == {"Original Source: www.example-news.org": "source_credit"}
    early = "Source: the ministry of transport said so.\n" + BODY
    assert "source_credit" not in _rules(early).values()
    closing = BODY + "Sources said the council would vote again next month."
    assert find_boilerplate(closing) == []


def test_stray_headline_of_another_story_is_flagged() -> None:
    stray = "Pop Star Announces Surprise Farewell Concert Tour In Autumn"
    paras = BODY.split("\n")
    text = "\n".join(paras[:2] + [stray] + paras[2:])
    assert _rules(text) == {stray: "stray_headline"}


def test_sentence_case_stray_headline_is_flagged() -> None:
    stray = "Farmers protest falling milk prices outside parliament"
    text = BODY + stray + "\n" + BODY
    assert _rules(text) == {stray: "stray_headline"}


def test_section_heading_sharing_vocabulary_is_kept() -> None:
    heading = "Transport Budget Debate In The Council"
    paras = BODY.split("\n")
    text = "\n".join(paras[:2] + [heading] + paras[2:])
    assert find_boilerplate(text) == []


def test_generic_section_heading_without_shared_words_is_kept() -> None:
    paras = BODY.split("\n")
    text = "\n".join([*paras[:2], "What Happens Next", *paras[2:]])
    assert find_boilerplate(text) == []


def test_story_paragraphs_mentioning_rule_words_are_kept() -> None:
    text = (
        "Copyright disputes have plagued the music industry for years, the report said.\n"
        "The court ruled that the copyright claim over the song was invalid, and the judge said "
        "the photo credit dispute between the two agencies should be settled privately by next month.\n"
        "Officials said the source of the leak had not been identified, and a spokesman for the ministry "
        "declined to say whether the investigation had widened.\n"
    )
    assert find_boilerplate(text) == []


def test_flagged_offsets_point_at_whole_lines() -> None:
    text = BODY + "\u00a9 2024 Example Media Group\n" + BODY
    (item,) = find_boilerplate(text)
    assert text[item.start : item.end] == item.text == "\u00a9 2024 Example Media Group"
    assert text[item.end] == "\n" and text[item.start - 1] == "\n"


def test_mask_keeps_length_and_newlines_and_blanks_only_flagged_lines() -> None:
    text = BODY + "READ ALSO: Something Else Entirely\n" + BODY + "\u00a9 Example Media"
    flagged = find_boilerplate(text)
    masked = mask(text, flagged)
    assert len(masked) == len(text)
    assert [i for i, ch in enumerate(masked) if ch == "\n"] == [i for i, ch in enumerate(text) if ch == "\n"]
    assert "READ ALSO" not in masked and "\u00a9" not in masked
    assert masked.count(BODY) == 2


def test_empty_text_has_no_boilerplate() -> None:
    assert find_boilerplate("") == []
    assert mask("", []) == ""


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from([*BODY.split("\n"), "READ ALSO: Other News", "\u00a9 2020 Somebody", ""]), max_size=30
    )
)
def test_mask_never_moves_offsets(lines: list[str]) -> None:
    text = "\n".join(lines)
    flagged = find_boilerplate(text)
    masked = mask(text, flagged)
    assert len(masked) == len(text)
    for item in flagged:
        assert text[item.start : item.end] == item.text and "\n" not in item.text
    kept = [i for i, ch in enumerate(text) if not any(b.start <= i < b.end for b in flagged)]
    assert all(masked[i] == text[i] for i in kept)
