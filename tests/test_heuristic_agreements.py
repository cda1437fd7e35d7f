"""Generic agreement rules of the heuristic backend, on invented sentences."""

from pipeline.backends.heuristic.agreements import AgreementInfo, find_agreements
from pipeline.backends.heuristic.parsed import ParsedArticle


def _agreements(text: str) -> tuple[list[str], list[AgreementInfo]]:
    article = ParsedArticle.parse(text)
    return [a.name for a in article.index.actors], find_agreements(article)


def _parties(names: list[str], g: AgreementInfo) -> set[str]:
    return {names[p] for p in g.parties}


def test_a_definite_description_refers_to_the_agreement_it_names() -> None:
    names, found = _agreements(
        "Norway and Chile signed a fisheries treaty on Monday. "
        "Brennan Holdings and Castor Mining Company struck a supply deal in May. "
        "The fisheries treaty was praised by fishermen."
    )
    assert len(found) == 2
    assert _parties(names, found[0]) == {"Norway", "Chile"}
    assert "The fisheries treaty was praised by fishermen." in found[0].evidence
    assert len(found[1].evidence) == 1


def test_the_agreement_at_a_sentence_start_refers_back() -> None:
    _, found = _agreements(
        "Norway and Chile signed a fisheries treaty on Monday. The agreement covers salmon."
    )
    assert len(found) == 1
    assert found[0].evidence[-1] == "The agreement covers salmon."


def test_a_passing_mention_without_cue_or_party_is_no_agreement() -> None:
    assert _agreements("Talks on the fisheries treaty drew crowds")[1] == []
    assert _agreements("Fishermen fear a fisheries treaty")[1] == []


def test_agreed_on_gives_the_subject_after_it() -> None:
    _, found = _agreements("In March, Norway and Chile agreed on fishing quotas for the southern Pacific.")
    assert [g.subject for g in found] == ["fishing quotas for the southern Pacific"]


def test_signing_a_letter_or_petition_is_no_agreement() -> None:
    assert (
        _agreements("More than 200 economists signed an open letter urging the central bank to cut rates.")[1]
        == []
    )
    assert _agreements("Residents of Tarnow signed a petition against the new road on Monday.")[1] == []


def test_a_denied_signing_is_no_agreement() -> None:
    assert _agreements("Chile has not signed the fisheries treaty with Norway.")[1] == []


def test_a_possible_or_planned_signing_is_proposed() -> None:
    names, found = _agreements("Norway and Chile may sign a trade pact next month.")
    assert [g.status for g in found] == ["proposed"]
    assert _parties(names, found[0]) == {"Norway", "Chile"}


def test_leaving_a_joint_venture_ends_it_and_names_the_partner() -> None:
    names, found = _agreements(
        "The Brennan Group sold its depots in March and announced leaving its joint venture "
        "with the Castor Mining Company in June."
    )
    assert [g.status for g in found] == ["ended"]
    assert _parties(names, found[0]) == {"Brennan Group", "Castor Mining Company"}


def test_a_definite_description_naming_new_parties_is_another_agreement() -> None:
    names, found = _agreements(
        "Norway and Chile signed a fisheries treaty on Monday. "
        "The Brennan Group quit its joint venture with Orla Industries Ltd on Friday."
    )
    assert len(found) == 2
    assert _parties(names, found[1]) == {"Brennan Group", "Orla Industries Ltd"}


def test_the_subject_is_what_was_signed_not_a_date() -> None:
    _, found = _agreements(
        "On Monday, Norway and Chile signed a maritime border agreement, ending a long dispute."
    )
    assert [g.subject for g in found] == ["maritime border agreement"]
    _, found = _agreements("Norway and Chile reached a deal whereby, on May 2, Chile opened its ports.")
    assert found and "May 2" not in found[0].subject


def test_a_nationality_word_is_no_party_beside_a_named_one() -> None:
    names, found = _agreements("The Norwegian oil producer Brennan Group signed a supply deal on Monday.")
    assert [_parties(names, g) for g in found] == [{"Brennan Group"}]


def test_a_later_mention_adds_only_the_parties_it_names_after_the_word() -> None:
    names, found = _agreements(
        "A fisheries treaty was signed in Sorel on Monday. The Brennan Group criticised the treaty."
    )
    assert [_parties(names, g) for g in found] == [set()]
    names, found = _agreements(
        "A fisheries treaty was signed in Sorel on Monday. "
        "The Brennan Group criticised the treaty between Norway and Chile."
    )
    assert [_parties(names, g) for g in found] == [{"Norway", "Chile"}]


def test_the_subject_ends_before_a_coordinated_verb() -> None:
    _, found = _agreements(
        "Norway and Chile agreed on fishing quotas and allowed joint patrols in the Pacific."
    )
    assert [g.subject for g in found] == ["fishing quotas"]


def test_a_nationality_word_standing_for_its_country_stays_a_party() -> None:
    names, found = _agreements(
        "Norway has long disputed fishing rights with Chile. "
        "A senior Norwegian envoy visited Chile, with both countries pledging to share fishing data."
    )
    assert [_parties(names, g) for g in found] == [{"Norway", "Chile"}]


def test_the_signing_date_is_not_the_date_of_a_reaction() -> None:
    _, found = _agreements(
        "On Monday, critics in Sorel denounced a fisheries treaty that Norway and Chile signed in 2019."
    )
    assert [g.signed_text for g in found] == ["2019"]
    _, found = _agreements("On Thursday, Norway and Chile announced their agreement on fishing quotas.")
    assert [g.signed_text for g in found] == ["Thursday"]


def test_an_ended_agreement_has_no_signing_date_from_its_ending() -> None:
    _, found = _agreements("The Brennan Group left its joint venture with the Castor Mining Company in June.")
    assert [(g.status, g.signed_text) for g in found] == [("ended", None)]
