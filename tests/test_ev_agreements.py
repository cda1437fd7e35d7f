"""Agreement words in senses that name no agreement between parties (invented sentences)."""

from pipeline.backends.heuristic.agreements import find_agreements
from pipeline.backends.heuristic.parsed import ParsedArticle


def _statuses(text: str) -> list[str]:
    return [a.status for a in find_agreements(ParsedArticle.parse(text))]


def test_signing_off_is_no_signing() -> None:
    assert _statuses("Later that evening, Radio Tolvik signed off and went silent.") == []


def test_pledged_as_an_adjective_or_with_a_gerund_is_no_pledge() -> None:
    assert _statuses("Ilse Moran of the Varn Party had the most pledged delegates, with 60.") == []
    assert _statuses("On Monday, Mayor Orin Vasko of Tolvik pledged turning the old mill into a school.") == []


def test_any_agreement_is_no_particular_agreement() -> None:
    text = "The Ostby Farmers Union said talks should have been held before any agreement or contract was signed."
    assert _statuses(text) == []


def test_a_real_signing_is_still_an_agreement() -> None:
    assert _statuses("On Monday, Varnia and Ostland signed a border agreement in Tolvik.") == ["signed"]


def test_a_definite_agreement_after_another_verb_refers_back() -> None:
    text = (
        "On Sunday, Varnia and Ostland signed the Tolvik Trade Pact in Ostby. "
        "Since then, nine other states have signed on to the pact."
    )
    agreements = find_agreements(ParsedArticle.parse(text))
    assert len(agreements) == 1
    assert len(agreements[0].evidence) == 2
