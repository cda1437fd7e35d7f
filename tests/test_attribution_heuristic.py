"""The heuristic backend's own speaker guess: never a possessor or a preposition's object.

Every article here is invented for the test; none comes from a seed or
development article. Each test asserts the speaker the extraction emits.
"""

from __future__ import annotations

import pytest

from pipeline.backends.heuristic.extractor import extract_drafts


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in extract_drafts(text).quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the institute was spoken to; the minister called the plan so
        (
            (
                "The Lisbon Policy Institute hosted a forum on trade.\n"
                'On Monday, Prime Minister Ana Ruiz speaking to the Lisbon Policy Institute called the plan "reckless".\n'
            ),
            ["Ana Ruiz"],
        ),
        # a capitalised word ending the sentence before is no preposition's object in this one
        (
            'Tunde Okoro is from Lagos. Mayor Mei Li called the plan "a good start for the port".\n',
            ["Mei Li"],
        ),
    ],
)
def test_a_name_after_a_preposition_is_not_the_speaker_of_the_verb_after_it(
    text: str, expected: list[str | None]
) -> None:
    assert _speakers(text) == expected


def test_a_possessor_is_not_the_speaker_of_what_it_owns() -> None:
    text = "Singer Tom Brill died on Monday.\nBrill's music foundation said he had been \"in good spirits until the end\".\n"
    assert _speakers(text) == [None]


def test_the_subject_of_a_passive_cue_is_not_the_speaker_of_what_they_were_told() -> None:
    text = (
        "Flood warnings across the valley\n\nTuesday, March 3, 2020\n\n"
        'Mayor Mei Lanford was told: "Leave the building now." She left at noon.\n\n'
        'Governor Daniel Ostrow was told by Interior Minister Tunde Okafor of "at least forty people missing".\n'
    )
    assert _speakers(text) == [None, "Tunde Okafor"]


def test_the_agent_named_before_the_words_of_a_passive_description_speaks() -> None:
    text = (
        "Prime Minister Ana Ruiz won a large majority on Friday.\n"
        'The result was described by Ruiz as a "historic mandate" for change.\n'
    )
    assert _speakers(text) == ["Ana Ruiz"]
