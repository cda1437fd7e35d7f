"""The scorer on hand-made articles: every expected number is computed by hand in a comment.

The sample article (tests/eval_samples.py) has 6 gold records: 2 actors,
1 event, 2 quotes, 1 agreement, with one evidence span each.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evals.gold_check import check_gold
from evals.load import load_predictions
from evals.score import evaluate, score
from evals.score_models import TYPES, prf
from evals.similarity import (
    SAME_ACTOR,
    Resolver,
    actor_similarity,
    event_similarity,
    evidence_overlap,
    text_similarity,
    word_similarity,
)
from pipeline.core.errors import ConfigError, InputError
from schemas import Actor, Records, Span
from tests.eval_samples import MEETING, TEXT, changed, edit, gold_article, prediction, records, span

GOLD = {"art1": gold_article()}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def test_gold_against_itself_scores_one_everywhere() -> None:
    report = score([prediction()], GOLD)
    for kind in TYPES:
        c = report.types[kind]
        assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0), kind
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (6, 0, 0)
    assert report.overall.f1 == 1.0
    accuracies = {f"{k}.{n}": fs.accuracy for k, fields in report.fields.items() for n, fs in fields.items()}
    assert accuracies and all(a == 1.0 for a in accuracies.values()), accuracies
    assert (report.grounding.spans, report.grounding.rate) == (6, 1.0)
    assert report.unmatched == [] and report.missing_articles == [] and report.unscored_articles == []


def test_dropped_quote_is_a_false_negative() -> None:
    pred = changed(prediction(), quotes=records().quotes[:1])
    report = score([pred], GOLD)
    q = report.types["quotes"]
    # quotes: TP 1, FN 1 -> P = 1/1 = 1.000, R = 1/2 = 0.500, F1 = 2*1*0.5/1.5 = 0.667
    assert (q.tp, q.fp, q.fn) == (1, 0, 1)
    assert (_r(q.precision), _r(q.recall), _r(q.f1)) == (1.0, 0.5, 0.667)
    # overall: TP 5, FN 1 -> R = 5/6 = 0.833, F1 = 2*1*0.8333/1.8333 = 0.909
    o = report.overall
    assert (_r(o.precision), _r(o.recall), _r(o.f1)) == (1.0, 0.833, 0.909)
    [miss] = report.unmatched
    assert (miss.side, miss.record_type, miss.record_id) == ("missed", "quotes", "q2")
    assert "going well" in miss.description and "Omar Said" in miss.description


def test_misattributed_speaker_keeps_the_match_but_loses_speaker_accuracy() -> None:
    quotes = records().quotes
    pred = changed(prediction(), quotes=[edit(quotes[0], speaker_id="a2"), quotes[1]])
    report = score([pred], GOLD)
    assert report.types["quotes"].f1 == 1.0
    # speaker right on q2 only: 1/2 = 0.500; kind and channel unaffected
    assert report.fields["quotes"]["speaker"].accuracy == 0.5
    assert report.fields["quotes"]["kind"].accuracy == 1.0


def test_invented_actor_is_a_false_positive() -> None:
    extra = Actor(id="a3", name="Lisbon", canonical_name="Lisbon", type="other", evidence=[span("Lisbon")])
    pred = changed(prediction(), actors=[*records().actors, extra])
    report = score([pred], GOLD)
    a = report.types["actors"]
    # actors: TP 2, FP 1 -> P = 2/3 = 0.667, R = 1, F1 = 2*(2/3)/(5/3) = 0.800
    assert (_r(a.precision), _r(a.recall), _r(a.f1)) == (0.667, 1.0, 0.8)
    # overall: TP 6, FP 1 -> P = 6/7 = 0.857, F1 = 2*(6/7)/(13/7) = 12/13 = 0.923
    assert (_r(report.overall.precision), _r(report.overall.f1)) == (0.857, 0.923)
    [inv] = report.unmatched
    assert (inv.side, inv.record_type, inv.record_id) == ("invented", "actors", "a3")


def test_date_off_by_a_day_keeps_the_match_and_fails_the_date() -> None:
    event = edit(records().events[0], date=edit(records().events[0].date, value="2025-03-09"))
    pred = changed(prediction(), events=[event])
    # similarity = 0.55 evidence + 0.20 type + 0 date + 0.125 location = 0.875 >= 0.5
    assert _r(event_similarity(event, records().events[0], (Resolver([]), Resolver([])))) == 0.875
    report = score([pred], GOLD)
    assert report.types["events"].f1 == 1.0
    assert report.fields["events"]["date"].accuracy == 0.0
    assert report.fields["events"]["location"].accuracy == 1.0


def test_shuffled_records_score_the_same() -> None:
    recs = records()
    shuffled = Records(
        actors=recs.actors[::-1], events=recs.events, quotes=recs.quotes[::-1], agreements=recs.agreements
    )
    assert score([prediction(recs=shuffled)], GOLD) == score([prediction()], GOLD)


def test_empty_prediction_is_all_false_negatives() -> None:
    report = score([prediction(recs=Records())], GOLD)
    # TP 0, FP 0, FN 6: one side empty, the other not -> P = R = F1 = 0
    assert (report.overall.fn, report.overall.precision, report.overall.recall, report.overall.f1) == (
        6, 0.0, 0.0, 0.0,
    )  # fmt: skip
    assert all(report.types[k].f1 == 0.0 for k in TYPES)
    assert report.grounding.rate is None
    assert report.fields["quotes"]["speaker"].accuracy is None
    assert len([u for u in report.unmatched if u.side == "missed"]) == 6


def test_article_missing_from_predictions_counts_its_gold_as_missed() -> None:
    other = Records(actors=[records().actors[1]], quotes=[edit(records().quotes[1])])
    gold = {"art1": gold_article(), "art2": gold_article("art2", recs=other)}
    report = score([prediction()], gold)
    # overall: TP 6, FN 2 -> P = 1, R = 6/8 = 0.750, F1 = 2*0.75/1.75 = 0.857
    assert (_r(report.overall.recall), _r(report.overall.f1)) == (0.75, 0.857)
    assert report.missing_articles == ["art2"]
    art2 = next(a for a in report.articles if a.article_id == "art2")
    assert art2.status == "missing" and art2.overall.fn == 2
    assert {(u.article_id, u.side) for u in report.unmatched} == {("art2", "missed")}


def test_prediction_without_gold_is_listed_unscored() -> None:
    report = score([prediction(), prediction("art9")], GOLD)
    assert report.unscored_articles == ["art9"]
    assert report.overall.f1 == 1.0
    assert [a.article_id for a in report.articles] == ["art1"]


@pytest.mark.parametrize(("value", "correct"), [("2025-06-30", 1.0), ("2025-07-01", 0.0)])
def test_deadline_equal_at_the_gold_month_granularity(value: str, correct: float) -> None:
    g1 = records().agreements[0]
    pred = changed(
        prediction(), agreements=[edit(g1, deadline=edit(g1.deadline, value=value, granularity="day"))]
    )
    report = score([pred], GOLD)
    # gold deadline "2025-06" (month): a June day agrees, a July day does not
    assert report.fields["agreements"]["deadline"].accuracy == correct
    assert report.types["agreements"].f1 == 1.0


def test_partial_evidence_overlap_is_scored_by_dice() -> None:
    e1 = records().events[0]
    half = span(MEETING[:30])
    pred_event = edit(e1, evidence=[half], date=None, location=None)
    # Dice = 2*30/(30+60) = 0.667; 0.55*0.667 + 0.20 type = 0.567 (no date, no location)
    assert _r(event_similarity(pred_event, e1, (Resolver([]), Resolver([])))) == 0.567


def test_events_sharing_only_type_date_and_place_do_not_match() -> None:
    e1 = records().events[0]
    elsewhere = edit(e1, evidence=[span("Said added that")])
    pred = changed(prediction(), events=[elsewhere])
    # similarity = 0 evidence + 0.20 + 0.125 + 0.125 = 0.45 < 0.5 -> FP 1, FN 1
    c = score([pred], GOLD).types["events"]
    assert (c.tp, c.fp, c.fn) == (0, 1, 1)
    assert score([pred], GOLD, threshold=0.4).types["events"].tp == 1


def test_broken_span_lowers_the_grounding_rate() -> None:
    a1 = records().actors[0]
    s = a1.evidence[0]
    broken = edit(a1, evidence=[edit(s, start=s.start + 1, end=s.end + 1)])
    report = score([changed(prediction(), actors=[broken, records().actors[1]])], GOLD)
    # 5 of 6 spans still quote the text: 0.833
    assert (report.grounding.grounded, report.grounding.spans, _r(report.grounding.rate)) == (5, 6, 0.833)


def test_prediction_on_a_differently_cleaned_text_is_rebased() -> None:
    text = "LISBON (Wire) - " + TEXT
    moved = {
        kind: [edit(r, evidence=[span(s.text, text) for s in r.evidence]) for r in getattr(records(), kind)]
        for kind in TYPES
    }
    report = score([prediction(text=text, recs=Records(**moved))], GOLD)
    assert report.overall.f1 == 1.0
    assert report.warnings == ["article art1: prediction text differs from the gold text; spans were rebased"]


def test_zero_over_zero_conventions() -> None:
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)  # nothing to find, nothing predicted
    assert prf(0, 3, 0) == (0.0, 0.0, 0.0)  # nothing to find, something predicted
    assert prf(0, 0, 2) == (0.0, 0.0, 0.0)  # something to find, nothing predicted
    assert score([prediction(recs=Records())], {"art1": gold_article(recs=Records())}).overall.f1 == 1.0


def test_threshold_outside_range_is_refused() -> None:
    with pytest.raises(ConfigError, match="threshold 0 is outside"):
        score([], GOLD, threshold=0)


def test_load_predictions_keeps_hand_broken_spans_for_grounding(tmp_path: Path) -> None:
    data = json.loads(prediction().model_dump_json())
    data["records"]["quotes"][0]["evidence"][0]["start"] += 1
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps(data) + "\n\n", encoding="utf-8")
    [loaded] = load_predictions(path)
    assert score([loaded], GOLD).grounding.grounded == 5


def test_load_predictions_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    path.write_text(prediction().model_dump_json() + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"pred\.jsonl:2: not an extraction line \(Invalid JSON"):
        load_predictions(path)
    with pytest.raises(InputError, match="cannot read .*nope.jsonl: No such file"):
        load_predictions(tmp_path / "nope.jsonl")


def _write_gold(directory: Path, *articles: object) -> None:
    directory.mkdir(exist_ok=True)
    for article in articles:
        data = json.loads(article.model_dump_json()) if hasattr(article, "model_dump_json") else article
        (directory / f"{data['article_id']}.json").write_text(json.dumps(data), encoding="utf-8")


def test_evaluate_compares_two_files_against_the_same_gold(tmp_path: Path) -> None:
    _write_gold(tmp_path / "gold", gold_article())
    (tmp_path / "a.jsonl").write_text(prediction().model_dump_json() + "\n", encoding="utf-8")
    dropped = changed(prediction(), quotes=records().quotes[:1])
    (tmp_path / "b.jsonl").write_text(dropped.model_dump_json() + "\n", encoding="utf-8")
    result = evaluate(tmp_path / "a.jsonl", tmp_path / "gold", compare=tmp_path / "b.jsonl")
    assert result.compare is not None
    row = result.compare.f1["quotes"]
    # quotes F1 1.000 vs 0.667 -> delta (other - this) = -0.333
    assert (row.primary, _r(row.other), _r(row.delta)) == (1.0, 0.667, -0.333)
    assert _r(result.compare.f1["overall"].delta) == round(0.909090 - 1.0, 3)


def test_check_gold_accepts_sound_gold_and_matching_article(tmp_path: Path) -> None:
    _write_gold(tmp_path / "gold", gold_article())
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "art1.txt").write_text(TEXT, encoding="utf-8")
    (articles / "manifest.jsonl").write_text(
        json.dumps({"id": "art1", "file": "art1.txt", "published_at": "2025-03-14"}) + "\n", encoding="utf-8"
    )
    assert check_gold(tmp_path / "gold", articles) == []
    (articles / "art1.txt").write_text(TEXT.replace("Lisbon", "Lisboa"), encoding="utf-8")
    [problem] = check_gold(tmp_path / "gold", articles)
    assert problem.startswith("art1.json: text differs from") and "at offset 48" in problem


def test_check_gold_reports_file_and_record_of_each_problem(tmp_path: Path) -> None:
    data = json.loads(gold_article().model_dump_json())
    data["records"]["quotes"][1]["evidence"][0]["start"] -= 1  # span off by one
    data["records"]["quotes"][1]["evidence"][0]["end"] -= 1
    data["records"]["events"][0]["participants"][0]["actor_id"] = "a9"  # dangling reference
    data["records"]["quotes"][0]["id"] = "q2"  # repeated id
    _write_gold(tmp_path / "gold", data)
    problems = check_gold(tmp_path / "gold")
    # "going well" starts at 147; one to the left the span reads the opening quotation mark
    assert (
        "art1.json: quote q2: span 146-156 is '\"going wel' in the text, not 'going well'; fix the offsets"
        in (problems)
    )
    assert "art1.json: event e1: participant a9 is not an actor" in problems
    assert "art1.json: quotes id q2 is used 2 times" in problems
    assert len(problems) == 3


def test_check_gold_reports_schema_errors_and_missing_dir(tmp_path: Path) -> None:
    _write_gold(tmp_path / "gold", {"article_id": "x", "text": "t", "records": {"actors": [{"id": "a1"}]}})
    problems = check_gold(tmp_path / "gold")
    assert problems and all(p.startswith("x.json: records.actors.0.") for p in problems)
    assert check_gold(tmp_path / "none") == [f"gold directory {tmp_path / 'none'} not found; pass --gold DIR"]


def _actor(
    name: str, type_: str = "person", aliases: tuple[str, ...] = (), title: str | None = None
) -> Actor:
    return Actor(id="x", name=name, canonical_name=name, type=type_, aliases=list(aliases), title=title,
                 evidence=[span("Omar Said")])  # fmt: skip


def test_actor_names_are_alias_aware_and_ignore_titles() -> None:
    gold = _actor("Omar Said", aliases=("Abu Layla",))
    assert actor_similarity(_actor("Abu Layla"), gold) == 1.0  # an alias on the gold side
    assert actor_similarity(_actor("President Omar Said"), gold) == 1.0  # honorific stripped
    assert actor_similarity(_actor("Said"), gold) == 0.9  # a surname: every word is in the full name
    assert actor_similarity(_actor("Omar Saïd"), gold) == 1.0  # diacritics folded


def test_organisation_names_keep_their_title_words() -> None:
    # "Defence Ministry" vs "Interior Ministry": no stripping for organisations, so they differ
    defence, interior = (
        _actor("Defence Ministry", "government_body"),
        _actor("Interior Ministry", "government_body"),
    )
    assert actor_similarity(defence, interior) < SAME_ACTOR


def test_free_text_folds_typography_case_and_word_order() -> None:
    assert text_similarity("\u201cCaf\u00e9\u201d \u2014 d\u00e9j\u00e0 vu", '"cafe" - DEJA VU') == 1.0
    assert text_similarity("trade pact", "pact trade") == 1.0
    assert text_similarity(None, "") == 1.0 and text_similarity(None, "x") == 0.0


def test_actor_type_is_a_field_not_a_gate() -> None:
    a1, a2 = records().actors
    pred = changed(prediction(), actors=[edit(a1, type="organization"), a2])
    report = score([pred], GOLD)
    assert report.types["actors"].f1 == 1.0
    assert report.fields["actors"]["type"].accuracy == 0.5  # a1 mistyped, a2 right: 1/2


def test_name_words_pair_by_spelling_not_by_letters_overall() -> None:
    # mikhail/mikhael: Indel ratio 2*6/14 = 0.857; soft Dice = 2*(0.857 + 1)/(2 + 2) = 0.929
    assert round(actor_similarity(_actor("Mikhael Petrov"), _actor("Mikhail Petrov")), 3) == 0.929
    # only "northern" pairs: 2*1/(3 + 3) = 0.333, under the 0.5 threshold
    north = _actor("Northern Liberation Front", "armed_group")
    water = _actor("Northern Water Authority", "government_body")
    assert round(actor_similarity(north, water), 3) == 0.333
    assert actor_similarity(_actor("Hana Osei"), _actor("Ravi Okafor")) == 0.0


def test_quotes_compare_by_words_so_unrelated_sentences_score_low() -> None:
    # "we will sign" is a run of 3 of the 5 words: 2*3/(5 + 3) = 0.750
    assert word_similarity("We will sign the deal,", "We will sign") == 0.75
    a, b = "The talks were going well for both sides.", "Both sides said the offer was not serious."
    assert text_similarity(a, b) > 0.5  # letters alone would call these the same quote
    assert word_similarity(a, b) < 0.3


def test_empty_prediction_file_leaves_every_gold_article_missing(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    report = score(load_predictions(path), GOLD)
    # no lines at all: art1 is missing, its 6 records FN -> P = R = F1 = 0
    assert (report.overall.fn, report.overall.f1) == (6, 0.0)
    assert report.missing_articles == ["art1"] and report.grounding.spans == 0


def test_evidence_overlap_merges_each_sides_spans_before_comparing() -> None:
    def s(start: int, end: int) -> Span:
        return Span(start=start, end=end, text="x" * (end - start))

    # pred covers 0-20 (0-10 and 5-20 merged), gold 10-30: shared 10 -> Dice 2*10/(20 + 20) = 0.5
    assert evidence_overlap([s(0, 10), s(5, 20)], [s(10, 30)]) == 0.5
    # pred 0-10 and 20-30, gold 5-25: shared 5 + 5 -> 2*10/(20 + 20) = 0.5
    assert evidence_overlap([s(0, 10), s(20, 30)], [s(5, 25)]) == 0.5
    assert evidence_overlap([s(0, 5)], []) == 0.0


def test_check_gold_shows_both_ends_of_a_long_broken_span(tmp_path: Path) -> None:
    data = json.loads(gold_article().model_dump_json())
    s = data["records"]["agreements"][0]["evidence"][0]  # the 74-character PACT sentence
    s["start"], s["end"] = s["start"] - 1, s["end"] - 1
    _write_gold(tmp_path / "gold", data)
    [problem] = check_gold(tmp_path / "gold")
    # 28 characters from each end around an ellipsis: the slipped offset shows at both ends
    assert problem.endswith(
        "is ' The two countries signed a \u2026h 3, with a deadline in June' in the text, "
        "not 'The two countries signed a t\u2026 3, with a deadline in June.'; fix the offsets"
    )


def test_dangling_references_in_a_hand_edited_line_are_warned_and_count_as_wrong() -> None:
    a1 = records().actors[0]
    report = score([changed(prediction(), actors=[a1])], GOLD)  # a2 gone: q2, e1 and g1 point at nothing
    assert report.warnings == [
        (
            "article art1: 3 references name no actor of the line "
            "(first: quote q2: speaker a2 is not an actor); they count as wrong"
        )
    ]
    assert report.fields["quotes"]["speaker"].accuracy == 0.5  # q1 right, q2 dangling: 1/2
    assert report.fields["events"]["participants"].accuracy == 0.0


@settings(max_examples=40, deadline=None)
@given(keep=st.lists(st.booleans(), min_size=4, max_size=4), order=st.permutations(range(2)))
def test_any_subset_of_the_gold_is_precise_and_recalls_its_share(keep: list[bool], order: list[int]) -> None:
    recs = records()
    quotes = [recs.quotes[i] for i in order if keep[i]]
    events = recs.events if keep[2] else []
    agreements = recs.agreements if keep[3] else []
    report = score([changed(prediction(), quotes=quotes, events=events, agreements=agreements)], GOLD)
    kept = 2 + len(quotes) + len(events) + len(agreements)  # both actors always kept
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (kept, 0, 6 - kept)
    assert report.overall.precision == 1.0
    assert report.overall.recall == kept / 6
