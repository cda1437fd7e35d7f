"""Fast tests of the review page: segmentation, payloads, escaping, story and eval input, scale."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from review_samples import (
    long_article,
    overlapping_article,
    plain_article,
    write_jsonl,
    xss_article,
)

from pipeline.core.errors import InputError
from pipeline.outputs.review import (
    article_payload,
    embed_json,
    eval_index,
    outlet_labels,
    render_html,
    render_review,
    segment_text,
    story_payload,
)
from schemas import MatchKind
from schemas.story import (
    Claim,
    MergedActor,
    MergedEvent,
    MergedQuote,
    MergeResult,
    QuoteVariant,
    SourcedValue,
    Story,
)

_DATA = re.compile(r'<script type="application/json" id="review-data">(.*?)</script>', re.DOTALL)


def _data(html: str) -> dict:
    match = _DATA.search(html)
    assert match, "the page has no data block"
    return json.loads(match.group(1))


def test_segments_split_overlapping_spans_at_every_boundary() -> None:
    # span 0 = [0, 10), span 1 = [5, 15) crosses it, span 2 = [6, 8) nests in both.
    segments = segment_text(20, [(0, 10), (5, 15), (6, 8)])
    assert [(s.start, s.end, s.spans) for s in segments] == [
        (0, 5, (0,)), (5, 6, (0, 1)), (6, 8, (0, 1, 2)), (8, 10, (0, 1)), (10, 15, (1,)), (15, 20, ()),
    ]
    starting = [i for s in segments for i in s.starting]
    assert sorted(starting) == [0, 1, 2], "each span must start in exactly one segment"


def test_segments_mark_boilerplate_and_keep_zero_length_spans_countable() -> None:
    segments = segment_text(10, [(2, 2), (10, 10)], boilerplate=[(4, 10)])
    assert [(s.start, s.end, s.boilerplate) for s in segments] == [(0, 2, -1), (2, 4, -1), (4, 10, 0), (10, 10, -1)]
    assert sorted(i for s in segments for i in s.starting) == [0, 1]


def test_segments_cover_the_whole_text_in_order() -> None:
    segments = segment_text(30, [(3, 9), (3, 9), (0, 30), (12, 13)], boilerplate=[(20, 25)])
    assert segments[0].start == 0 and segments[-1].end == 30
    assert all(a.end == b.start for a, b in itertools.pairwise(segments))


@given(
    st.integers(0, 40).flatmap(lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted).map(tuple), max_size=8),
        st.lists(st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted).map(tuple), max_size=2),
    ))
)
@settings(max_examples=200, deadline=None)
def test_segments_agree_with_a_character_by_character_oracle(case: tuple) -> None:
    length, spans, boilerplate = case
    segments = segment_text(length, spans, boilerplate)
    for pos in range(length):
        seg = next(s for s in segments if s.start <= pos < s.end)
        assert set(seg.spans) == {i for i, (s, e) in enumerate(spans) if s <= pos < e}
        flagged = [i for i, (s, e) in enumerate(boilerplate) if s <= pos < e]
        assert seg.boilerplate == (min(flagged) if flagged else -1)
    assert sorted(i for s in segments for i in s.starting) == list(range(len(spans)))


def test_payload_lists_records_with_the_fields_a_reviewer_reads() -> None:
    payload = article_payload(overlapping_article())
    by_id = {r["id"]: r for r in payload["records"]}
    assert dict(by_id["q1"]["details"])["speaker"] == "Ana Lima"
    event = dict(by_id["e1"]["details"])
    assert event["type"] == "statement" and event["date"] == "Tuesday → 2025-03-11"
    assert event["place"] == "Porto, Portugal" and event["participants"] == "Ana Lima (announcer)"
    assert dict(by_id["g1"]["details"])["parties"] == "Ana Lima, Riverland"
    actor = dict(by_id["a1"]["details"])
    assert actor["title"] == "Foreign Minister" and actor["aliases"] == "Lima"
    assert payload["boilerplate"][0]["rule"] == "copyright"
    assert payload["warnings"][0]["code"] == "ungrounded"


def test_payload_counts_every_evidence_span_once() -> None:
    result = overlapping_article()
    payload = article_payload(result)
    assert len(payload["spans"]) == len(result.records.spans()) == 7
    assert sorted(i for seg in payload["segments"] for i in seg[4]) == list(range(7))
    for s in payload["spans"]:
        assert s["start"] < s["end"] and payload["records"][s["rec"]]["kind"] == s["kind"]


def test_javascript_urls_never_become_links() -> None:
    assert article_payload(xss_article())["url"] is None
    ok = overlapping_article().model_copy(update={"metadata": overlapping_article().metadata.model_copy(
        update={"url": "https://example.org/a"})})
    assert article_payload(ok)["url"] == "https://example.org/a"


def test_embedded_json_cannot_close_the_script_and_round_trips() -> None:
    value = {"t": "</script><script>alert(1)</script> & <!-- \u2028\u2029 é"}
    text = embed_json(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value


def test_xss_article_text_appears_only_inside_the_escaped_data_block() -> None:
    html = render_html([article_payload(xss_article())])
    assert html.count("<script") == 2, "only the data block and the page's own script"
    static_markup = html.replace(_DATA.search(html).group(1), "")
    assert "onerror" not in static_markup and "javascript:" not in static_markup
    assert "<img" not in html, "markup in the text is escaped even inside the data block"
    assert _data(html)["articles"][0]["text"] == xss_article().text


def test_page_is_self_contained_and_its_script_is_pinned_by_csp() -> None:
    html = render_html([article_payload(overlapping_article())])
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "no external resources"
    assert "@import" not in html and "url(" not in html
    script = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(script) == 1
    digest = base64.b64encode(hashlib.sha256(script[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html
    assert "default-src 'none'" in html


def test_page_has_a_legend_for_every_record_type() -> None:
    html = render_html([])
    for kind in ("actor", "event", "quote", "agreement"):
        assert f'class="swatch hl hl-{kind}"' in html


def test_render_review_reads_jsonl_and_counts_spans(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    results = [overlapping_article(), xss_article(), long_article()]
    write_jsonl(path, results)
    page = render_review(path)
    assert page.articles == 3
    assert page.spans == sum(len(r.records.spans()) for r in results)
    assert [a["id"] for a in _data(page.html)["articles"]] == ["ovl", "xss", "long"]


def test_a_torn_or_foreign_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(overlapping_article().model_dump_json() + "\n" + '{"article_id": "x", "source": "a", "stage": "load"}\n')
    with pytest.raises(InputError, match=r"out\.jsonl:2: not an extraction line"):
        render_review(path)


def test_missing_input_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="pass the JSONL written by 'newsfacts extract'"):
        render_review(tmp_path / "absent.jsonl")


def _story() -> MergeResult:
    def sv(value: str, *articles: str) -> SourcedValue:
        return SourcedValue(value=value, articles=list(articles), sources=[f"{a}:e1" for a in articles])

    actor = MergedActor(id="A1", canonical_name="Ana Lima", type="person", names=[sv("Ana Lima", "a", "b"), sv("A. Lima", "c")],
                        articles=["a", "b", "c"])
    undated = MergedEvent(id="E1", type="meeting", summary="Talks held.", articles=["a"])
    late = MergedEvent(id="E2", type="statement", summary="Accord announced.", dates=[sv("2025-03-15", "b")], articles=["b"])
    early = MergedEvent(id="E3", type="airstrike", summary="Strike.", dates=[sv("2025-03-13", "a"), sv("2025-03-14", "c")],
                        articles=["a", "c"], sources=["c:e2", "a:e1"])
    quote = MergedQuote(id="Q1", speaker_id="A1", text="We signed.", variants=[
        QuoteVariant(text="We signed.", source="a:q1", article_id="a"), QuoteVariant(text="We have signed.", source="c:q1", article_id="c")])
    claim = Claim(id="C1", subject_kind="event", subject_id="E3", attribute="date",
                  values=[sv("2025-03-13", "a"), sv("2025-03-14", "c")])
    return MergeResult(article_count=3, stories=[Story(id="S1", articles=["a", "b", "c"], actors=[actor],
                                                      events=[undated, late, early], quotes=[quote], claims=[claim])])


def test_story_orders_the_timeline_by_date_with_unknown_dates_last() -> None:
    labels = {"a": "Wire A", "b": "Wire B", "c": "Wire C"}
    story = story_payload(_story(), labels)["stories"][0]
    assert [e["summary"] for e in story["events"]] == ["Strike.", "Accord announced.", "Talks held."]
    assert story["actors"][0]["outlets"] == ["Wire A", "Wire B", "Wire C"]
    assert story["actors"][0]["forms"][1]["value"] == "A. Lima"
    assert story["actors"][0]["forms"][1]["outlets"] == ["Wire C"]
    assert [v["outlets"] for v in story["quotes"][0]["variants"]] == [["Wire A"], ["Wire C"]]
    claim = story["claims"][0]
    assert claim["subject"] == "event Strike." and claim["field"] == "date"
    assert [(v["value"], v["outlets"]) for v in claim["values"]] == [("2025-03-13", ["Wire A"]), ("2025-03-14", ["Wire C"])]


def test_story_values_link_back_to_the_records_that_state_them() -> None:
    story = story_payload(_story(), {"a": "Wire A", "c": "Wire C"})["stories"][0]
    assert story["claims"][0]["values"][1]["refs"] == [{"label": "Wire C", "article": "c", "record": "e1"}]
    assert story["quotes"][0]["variants"][1]["refs"] == [{"label": "Wire C", "article": "c", "record": "q1"}]
    assert [(r["label"], r["record"]) for r in story["events"][0]["refs"]] == [("Wire A", "e1"), ("Wire C", "e2")]


def test_outlets_fall_back_to_title_then_id() -> None:
    labels = outlet_labels([plain_article("p1", outlet="Daily"), plain_article("p2")])
    assert labels == {"p1": "Daily", "p2": "Budget p2"}


def test_render_review_with_story_file(tmp_path: Path) -> None:
    jsonl, story = tmp_path / "out.jsonl", tmp_path / "story.json"
    write_jsonl(jsonl, [plain_article("a", "Wire A"), plain_article("b", "Wire B"), plain_article("c", "Wire C")])
    story.write_text(_story().model_dump_json())
    page = render_review(jsonl, story=story)
    assert page.story
    assert _data(page.html)["story"]["stories"][0]["claims"][0]["values"][1]["outlets"] == ["Wire C"]


def test_a_file_that_is_not_a_merge_result_is_refused(tmp_path: Path) -> None:
    jsonl, story = tmp_path / "out.jsonl", tmp_path / "story.json"
    write_jsonl(jsonl, [plain_article("a")])
    story.write_text('{"stories": [{"id": "S1", "bogus": 1}]}')
    with pytest.raises(InputError, match="is not a newsfacts merge result .*pass the JSON written by 'newsfacts merge'"):
        render_review(jsonl, story=story)


def test_thousand_articles_render_quickly_and_ship_as_data() -> None:
    results = [plain_article(f"p{i:04d}", outlet=f"Outlet {i % 7}") for i in range(1000)]
    began = time.perf_counter()
    html = render_html(article_payload(r) for r in results)
    elapsed = time.perf_counter() - began
    assert elapsed < 3.0, f"rendering 1,000 articles took {elapsed:.2f}s"
    static_markup = html.replace(_DATA.search(html).group(1), "")
    assert "the council met" not in static_markup, "article bodies are built on demand, not shipped as markup"
    assert len(_data(html)["articles"]) == 1000


def _evaluation_json(tmp_path: Path) -> Path:
    """Score the overlapping article against a gold copy that lacks its quote and has an extra event."""
    from evals.score import score
    from evals.score_models import Evaluation
    from schemas import Event, GoldArticle

    pred = overlapping_article()
    extra = Event(id="e9", type="meeting", summary="Riverland confirmed the accord.", evidence=[
        pred.records.agreements[0].evidence[1]])
    gold_records = pred.records.model_copy(update={"quotes": [], "events": [*pred.records.events, extra]})
    gold = GoldArticle(article_id=pred.article_id, text=pred.text, records=gold_records)
    report = score([pred, plain_article("nogold")], {pred.article_id: gold})
    path = tmp_path / "eval.json"
    path.write_text(Evaluation(predictions="out.jsonl", gold="gold", report=report).model_dump_json())
    return path


def test_eval_report_marks_invented_and_missed_records(tmp_path: Path) -> None:
    marks = eval_index(json.loads(_evaluation_json(tmp_path).read_text()))
    assert marks["ovl"]["invented"] == ["q1"]
    assert [(m["kind"], m["label"]) for m in marks["ovl"]["missed"]] == [("event", "meeting: Riverland confirmed the accord.")]
    assert marks["nogold"]["unscored"] is True


def test_render_review_with_eval_flags_records_in_the_page(tmp_path: Path) -> None:
    jsonl = tmp_path / "out.jsonl"
    write_jsonl(jsonl, [overlapping_article(), plain_article("nogold")])
    page = render_review(jsonl, eval_report=_evaluation_json(tmp_path))
    article = _data(page.html)["articles"][0]
    assert [r["id"] for r in article["records"] if r["invented"]] == ["q1"]
    assert article["missed"][0]["kind"] == "event"


def test_an_eval_report_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    jsonl, report = tmp_path / "out.jsonl", tmp_path / "eval.json"
    write_jsonl(jsonl, [plain_article("a")])
    report.write_text("[1, 2]")
    with pytest.raises(InputError, match="pass the JSON written by 'newsfacts eval --json'"):
        render_review(jsonl, eval_report=report)


def test_untitled_articles_are_named_by_their_first_line() -> None:
    result = plain_article("p1").model_copy(update={"metadata": plain_article("p1").metadata.model_copy(update={"title": None})})
    assert article_payload(result)["title"] == "Article p1: the council met on Monday and agreed a budget."
    long_line = result.model_copy(update={"text": "\n\n" + "word " * 60, "records": type(result.records)()})
    title = article_payload(long_line)["title"]
    assert len(title) == 100 and title.endswith("…")


def test_a_flagged_first_line_does_not_become_the_title() -> None:
    result = overlapping_article()
    text = "© Example Wire\n" + result.text
    moved = result.model_copy(update={
        "metadata": result.metadata.model_copy(update={"title": None}),
        "text": text, "records": type(result.records)(),
        "boilerplate": [result.boilerplate[0].model_copy(update={"start": 0, "end": 14, "text": text[:14]})],
    })
    assert article_payload(moved)["title"].startswith("Foreign Minister Ana Lima said on Tuesday")


def test_a_hostile_file_name_is_escaped_in_the_title(tmp_path: Path) -> None:
    path = tmp_path / "<img src=x onerror=alert(1)>.jsonl"
    write_jsonl(path, [plain_article("a")])
    html = render_review(path).html
    assert "<img" not in html
    assert "<title>newsfacts review: &lt;img src=x onerror=alert(1)&gt;.jsonl</title>" in html


def test_approximate_evidence_is_called_out_on_its_record() -> None:
    result = overlapping_article()
    fuzzy = result.records.actors[0].evidence[0].model_copy(update={"match": MatchKind.fuzzy})
    actor = result.records.actors[0].model_copy(update={"evidence": [fuzzy]})
    changed = result.model_copy(update={"records": result.records.model_copy(update={"actors": [actor, *result.records.actors[1:]]})})
    records = {r["id"]: dict(r["details"]) for r in article_payload(changed)["records"]}
    assert records["a1"]["evidence"] == "fuzzy match"
    assert "evidence" not in records["a2"]


def test_bad_bytes_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(overlapping_article().model_dump_json().encode() + b"\n\n" + b'{"text": "\xff\xfe"}\n')
    with pytest.raises(InputError, match=r"out\.jsonl:3: not an extraction line \(Invalid JSON"):
        render_review(path)


def test_a_story_file_that_is_not_json_names_the_flag_and_producer(tmp_path: Path) -> None:
    jsonl, story = tmp_path / "out.jsonl", tmp_path / "story.json"
    write_jsonl(jsonl, [plain_article("a")])
    with pytest.raises(InputError, match=r"cannot read .*story\.json: No such file or directory; check the --story path"):
        render_review(jsonl, story=story)
    story.write_bytes(b"\xff{")
    with pytest.raises(InputError, match=r"is not JSON \(not UTF-8\); pass the file written by 'newsfacts merge'"):
        render_review(jsonl, story=story)


def test_render_review_reads_a_stream_such_as_stdin() -> None:
    import io

    stream = io.BytesIO((overlapping_article().model_dump_json() + "\n" + long_article().model_dump_json() + "\n").encode())
    page = render_review(stream)
    assert page.articles == 2
    assert "<title>newsfacts review: stdin</title>" in page.html
    with pytest.raises(InputError, match=r"<stream>:1: not an extraction line"):
        render_review(io.BytesIO(b"{}\n"))
