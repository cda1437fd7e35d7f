"""Event rules of the heuristic backend: accidents, headlines, names and frames, on invented sentences."""

from tests.heuristic_samples import event_types, heuristic_events


def test_a_blast_in_the_company_of_gas_is_an_accidental_explosion() -> None:
    assert event_types("A gas leak caused an explosion in a bakery in Orvella on Monday.") == ["explosion"]
    assert event_types("A car bomb explosion hit a checkpoint in Orvella on Monday.") == ["bombing"]


def test_a_road_accident_or_building_fire_that_kills_is_the_accident() -> None:
    assert event_types("A road accident near Dunmore on Friday killed four people.") == ["crash"]
    assert event_types("A warehouse fire in Dunmore killed four workers on Friday.") == ["fire"]
    assert event_types("The fire service said four workers were killed on Friday.") == ["killing"]


def test_a_headline_event_joins_the_body_report_of_the_same_happening() -> None:
    text = (
        "Lodge fire kills nine in Varn\n\n"
        "A fire broke out at a mountain lodge in Varn on Sunday night. Nine guests died."
    )
    events = heuristic_events(text)
    assert [e.type.value for e in events] == ["fire"]
    assert events[0].date_text == "Sunday night"
    assert text[events[0].evidence[0].start : events[0].evidence[0].end].startswith("Lodge fire kills nine")


def test_a_medical_attack_is_no_violence() -> None:
    assert event_types("In 2014 the singer Mara Voss suffered two heart attacks.") != ["attack"]
    assert "attack" not in event_types("In 2014 smoke from the plant caused heart attacks in Tolvik.")


def test_an_election_named_as_a_goal_or_frame_is_no_event() -> None:
    assert event_types("The parties pick their nominees for the 2030 Dravian general election.") == []
    assert event_types("He was a candidate in the 2024 election for governor.") == []
    assert "election" not in event_types("Ahead of the 2026 elections, the minister was dismissed.")
    assert event_types("On Friday in Port Elmar, as part of an election rally, the mayor spoke.") == []
    assert event_types("Voters in Dravia went to the polls in the 2026 election on Sunday.") == ["election"]


def test_caucuses_and_primaries_are_elections() -> None:
    assert event_types("Voters in the state of Norland held their caucuses on Saturday.") == ["election"]


def test_a_trigger_word_inside_a_capitalised_name_is_no_event() -> None:
    assert "earnings" not in event_types("On Monday the marchers moved to the Revenue Tower in Port Elmar.")


def test_a_court_that_ruled_gave_a_verdict() -> None:
    assert event_types("On Tuesday a federal judge in Norland ruled the tax unconstitutional.") == ["verdict"]
    assert "verdict" not in event_types("On Tuesday the minister ruled out new taxes.")


def test_gunfire_and_fire_equipment_are_no_blaze() -> None:
    assert event_types("A fire gutted a warehouse in Dunmore on Friday.") == ["fire"]
    assert "fire" not in event_types("A guard sprayed the intruder with a fire extinguisher in Dunmore on Friday.")
    assert "fire" not in event_types("In May soldiers returned the fire of the rebels near Orne.")


def test_the_fire_of_an_accident_story_is_its_one_fire_at_another_precision() -> None:
    events = heuristic_events(
        "A boat fire earlier this week off Dunmore killed nine divers. The fire started early on Monday."
    )
    assert [e.type.value for e in events] == ["fire"]


def test_calling_off_a_search_is_no_statement() -> None:
    assert "statement" not in event_types("The Dunmore Coast Guard called off its search on Tuesday.")


def test_becoming_the_holder_of_a_post_is_an_appointment() -> None:
    assert event_types("In 2011 Rena Vaul became the chair of the Norland Transport Committee.") == ["appointment"]


def test_voting_to_pass_or_announcing_a_new_law_is_legislation() -> None:
    assert event_types("On Monday the Norland Assembly voted to pass a reform of the tax code.") == ["legislation"]
    assert event_types("On Monday the Norland Assembly announced a new road safety law.") == ["legislation"]


def test_delivering_a_speech_is_a_statement() -> None:
    assert event_types("Today, Governor Rena Vaul delivered her annual budget speech.") == ["statement"]


def test_a_caucus_named_as_a_group_is_no_election() -> None:
    assert event_types("In 2004 the Norland farmers held caucuses in every county.") == ["election"]
    assert "election" not in event_types("In 2004 Rena Vaul served as the chair of the Norland Farmers Caucus.")


def test_a_dated_past_clause_of_a_common_noun_subject_is_an_event() -> None:
    assert event_types("The bronze statue was stolen on Saturday from a museum in Orvella.") == ["other"]
    assert event_types("In 1987, the old stone bridge collapsed into the river.") == ["other"]
    assert event_types("The committee commented on Monday on the results.") == []


def test_a_dated_estimate_is_no_action() -> None:
    assert event_types("In May the Norland Farmers Union estimated losses at two million.") == []


def test_claiming_responsibility_and_issuing_warnings_are_statements() -> None:
    assert event_types("The Red Valley Front claimed responsibility.") == ["statement"]
    assert event_types("On Monday the Red Valley Front issued warnings against entering the zone.") == ["statement"]


def test_words_that_read_as_no_happening_of_their_type() -> None:
    assert "natural_disaster" not in event_types("Experts said in May the earthquakes may continue into June.")
    assert "verdict" not in event_types("In 2015 a convicted forger opened a gallery in Orvella.")
    assert "attack" not in event_types("On Monday the senator attacked the budget plan as wasteful.")
    assert "killing" not in event_types("By Friday the fever had reportedly killed at least 300 in Norland.")
