"""The review page in a real headless Chromium: counts, clicks, safety, scale, and a seeds screenshot.

Needs Debian's ``chromium`` at /usr/bin/chromium (Playwright's own browser
download is not used). Without it these tests skip locally and fail in CI.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from review_samples import long_article, overlapping_article, plain_article, write_jsonl, xss_article

from pipeline.outputs.review import render_review
from schemas import ArticleResult

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parent.parent

# For every data-span marker: the text of the segments that carry that span, joined.
_HIGHLIGHTED_TEXT = """() => {
  const out = {};
  for (const marker of document.querySelectorAll('#article-body .span-start')) {
    const k = marker.dataset.span;
    const segs = [...document.querySelectorAll('#article-body .seg')]
      .filter((s) => s.dataset.spans.split(' ').includes(k));
    out[k] = segs.map((s) => s.textContent).join('');
  }
  return out;
}"""


@dataclass
class Watched:
    """A page plus what it reported: console errors, uncaught exceptions and dialogs."""

    page: Any
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module; missing Chromium skips locally and fails in CI."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing; install it with 'apt-get install -y chromium'"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """Open an HTML file and wait until its script has built the first view."""
    pages: list[Any] = []

    def _open(path: Path, width: int = 1400, height: int = 900) -> Watched:
        page = browser.new_page(viewport={"width": width, "height": height})
        pages.append(page)
        watched = Watched(page)
        page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: watched.errors.append(str(exc)))

        def on_dialog(dialog: Any) -> None:
            watched.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready]", timeout=10_000)
        return watched

    yield _open
    for page in pages:
        page.close()


def _page_for(tmp_path: Path, results: list[ArticleResult], **extra: Path) -> Path:
    jsonl, html = tmp_path / "out.jsonl", tmp_path / "review.html"
    write_jsonl(jsonl, results)
    html.write_text(render_review(jsonl, **extra).html, encoding="utf-8")  # type: ignore[arg-type]
    return html


def _show(w: Watched, index: int) -> None:
    w.page.click(f'#index-list button[data-article="{index}"]')
    w.page.wait_for_selector(f'#index-list button[data-article="{index}"][aria-current="true"]')


def _assert_spans_shown(w: Watched, results: list[ArticleResult]) -> None:
    for i, result in enumerate(results):
        _show(w, i)
        spans = result.records.spans()
        assert w.page.locator("#article-body .span-start").count() == len(spans), result.article_id
        shown = w.page.evaluate(_HIGHLIGHTED_TEXT)
        assert {int(k): v for k, v in shown.items()} == {k: s.text for k, (_, _, s) in enumerate(spans)}


def test_every_article_shows_exactly_its_spans_without_console_errors(tmp_path: Path, open_page: Any) -> None:
    results = [overlapping_article(), xss_article(), long_article()]
    w = open_page(_page_for(tmp_path, results))
    _assert_spans_shown(w, results)
    assert w.errors == []


def test_clicking_a_quote_record_scrolls_its_span_into_view_and_flashes_it(tmp_path: Path, open_page: Any) -> None:
    w = open_page(_page_for(tmp_path, [long_article()]), height=600)
    span = w.page.locator('#article-body .seg[data-spans~="1"]').first  # span 1 is the quote's
    in_view = "(el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }"
    assert not span.evaluate(in_view), "the quote must start off-screen for this test to mean anything"
    w.page.click('.rec[data-kind="quote"]')
    assert span.evaluate(in_view)
    assert "flash" in (span.get_attribute("class") or "")
    assert w.page.locator(".rec.selected").get_attribute("data-id") == "q1"


def test_clicking_a_span_selects_every_record_it_supports(tmp_path: Path, open_page: Any) -> None:
    w = open_page(_page_for(tmp_path, [overlapping_article()]))
    w.page.locator("#article-body .seg", has_text="and it holds").first.click()
    assert [e.get_attribute("data-id") for e in w.page.locator(".rec.selected").all()] == ["q1"]
    w.page.locator("#article-body .seg", has_text="Ana Lima").first.click()
    assert sorted(e.get_attribute("data-id") for e in w.page.locator(".rec.selected").all()) == ["a1", "e1"]


def test_an_article_full_of_markup_runs_nothing(tmp_path: Path, open_page: Any) -> None:
    result = xss_article()
    w = open_page(_page_for(tmp_path, [overlapping_article(), result]))
    _show(w, 1)
    w.page.wait_for_timeout(300)
    assert w.page.evaluate("typeof window.__pwned") == "undefined"
    assert w.page.evaluate("document.body.dataset.pwned") is None
    assert w.dialogs == []
    assert w.page.locator("#article img, #article a[href^='javascript'], #pwn-link, #records img").count() == 0
    assert w.page.locator("#article-body").text_content() == result.text
    assert w.page.locator("#article h2").text_content() == result.metadata.title
    assert w.errors == []


def test_boilerplate_is_dimmed_with_its_rule_and_warnings_are_shown(tmp_path: Path, open_page: Any) -> None:
    w = open_page(_page_for(tmp_path, [overlapping_article(), long_article()]))
    flagged = w.page.locator("#article-body .boilerplate")
    assert flagged.text_content() == "Copyright 2025 Example Wire. All rights reserved."
    assert "copyright" in (flagged.get_attribute("title") or "")
    colors = w.page.evaluate("""() => [getComputedStyle(document.querySelector('.boilerplate')).color,
                                      getComputedStyle(document.querySelector('#article-body')).color]""")
    assert colors[0] != colors[1]
    assert "ungrounded" in w.page.locator(".notes.warnings").text_content()
    _show(w, 1)
    assert "truncated" in w.page.locator(".notes.warnings").text_content()


def test_a_thousand_articles_open_quickly_with_one_body_in_the_dom(tmp_path: Path, open_page: Any) -> None:
    html = _page_for(tmp_path, [plain_article(f"p{i:04d}", outlet=f"Outlet {i % 7}") for i in range(1000)])
    began = time.perf_counter()
    w = open_page(html)
    elapsed = time.perf_counter() - began
    assert elapsed < 5.0, f"the page took {elapsed:.1f}s to open"
    assert w.page.locator("#index-list li").count() == 1000
    assert w.page.locator(".article-body").count() == 1
    _show(w, 999)
    assert w.page.locator(".article-body").count() == 1
    assert w.page.locator("#article h2").text_content() == "Budget p0999"
    w.page.fill("#index-filter", "p0042")
    assert w.page.locator("#index-list li:not([hidden])").count() == 1


def test_a_link_with_an_article_number_opens_that_article(tmp_path: Path, browser: Any) -> None:
    html = _page_for(tmp_path, [overlapping_article(), long_article()])
    page = browser.new_page()
    try:
        page.goto(html.as_uri() + "#article-1")
        page.wait_for_selector("body[data-ready]")
        assert page.locator("#article h2").text_content() == "Bridge"
        assert page.locator('.tabs button[data-view="story-view"]').is_hidden(), "no story tab without --story"
    finally:
        page.close()


def _story_file(tmp_path: Path) -> Path:
    story = {
        "stories": [{
            "id": "S1", "articles": ["a", "b"],
            "actors": [{"id": "A1", "canonical_name": "Ana Lima", "type": "person",
                        "names": [{"value": "Ana Lima", "articles": ["a"]}, {"value": "A. Lima", "articles": ["b"]}],
                        "articles": ["a", "b"]}],
            "events": [
                {"id": "E1", "type": "meeting", "summary": "Undated talks.", "articles": ["a"]},
                {"id": "E2", "type": "airstrike", "summary": "Strike.", "articles": ["a", "b"],
                 "dates": [{"value": "2025-03-13", "articles": ["a"]}, {"value": "2025-03-15", "articles": ["b"]}]},
            ],
            "quotes": [{"id": "Q1", "speaker_id": "A1", "text": "We signed.", "variants": [
                {"text": "We signed.", "source": "a:q1", "article_id": "a"},
                {"text": "We have signed.", "source": "b:q1", "article_id": "b"}]}],
            "claims": [{"id": "C1", "subject_kind": "event", "subject_id": "E2", "attribute": "date",
                        "values": [{"value": "2025-03-13", "articles": ["a"], "sources": ["a:e1"]},
                                   {"value": "2025-03-15", "articles": ["b", "zz"], "sources": ["b:e1", "zz:e4"]}]}],
        }],
    }
    path = tmp_path / "story.json"
    path.write_text(json.dumps(story))
    return path


def test_story_view_shows_timeline_variants_and_disagreements(tmp_path: Path, open_page: Any) -> None:
    results = [plain_article("a", "Wire A"), plain_article("b", "Wire B")]
    w = open_page(_page_for(tmp_path, results, story=_story_file(tmp_path)))
    assert w.page.locator("#story-view").is_hidden()
    w.page.click('.tabs button[data-view="story-view"]')
    assert w.page.locator("#articles-view").is_hidden()
    dates = w.page.locator(".timeline .date").all_text_contents()
    assert dates == ["2025-03-13 / 2025-03-15", "date unknown"]
    assert w.page.locator(".variants blockquote").all_text_contents() == ["“We signed.”Wire A", "“We have signed.”Wire B"]
    claims = w.page.locator("table").last
    assert claims.locator("tbody li").all_text_contents() == ["2025-03-13 — Wire A", "2025-03-15 — Wire Bzz"]
    assert claims.locator('button.ref[data-article-id="zz"]').is_disabled(), "an article not in the JSONL cannot open"
    claims.locator('button.ref[data-article-id="b"]').click()
    assert w.page.locator("#story-view").is_hidden()
    assert w.page.locator("#article h2").text_content() == "Budget b"
    assert w.page.locator(".rec.selected").get_attribute("data-id") == "e1"
    assert w.errors == []


def test_eval_marks_show_invented_records_and_missed_gold(tmp_path: Path, open_page: Any) -> None:
    report = {"report": {"unmatched": [
        {"article_id": "ovl", "record_type": "quotes", "side": "invented", "record_id": "q1",
         "description": "q", "best_similarity": 0.1},
        {"article_id": "ovl", "record_type": "events", "side": "missed", "record_id": "e7",
         "description": "meeting: talks in Porto", "best_similarity": 0.2}]}}
    path = tmp_path / "eval.json"
    path.write_text(json.dumps(report))
    w = open_page(_page_for(tmp_path, [overlapping_article()], eval_report=path))
    assert w.page.locator(".rec.k-quote .badge").text_content() == "invented"
    assert w.page.locator("#article-body .seg.invented").count() > 0
    assert "meeting: talks in Porto" in w.page.locator(".notes.missed").text_content()


def test_seed_articles_render_every_span_and_screenshot(tmp_path: Path, open_page: Any) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    # Another thread, because extract runs its own event loop and Playwright's sync API holds one here.
    jsonl = tmp_path / "seeds.jsonl"
    args = ["extract", str(ROOT / "seeds"), "-o", str(jsonl), "--backend", "heuristic"]
    with ThreadPoolExecutor(max_workers=1) as pool:
        done = pool.submit(CliRunner().invoke, app, args).result(timeout=120)
    assert done.exit_code == 0, done.output
    results = [ArticleResult.model_validate_json(line) for line in jsonl.read_text().splitlines() if line.strip()]
    html = tmp_path / "seeds.html"
    html.write_text(render_review(jsonl).html, encoding="utf-8")
    w = open_page(html)
    _assert_spans_shown(w, results)
    _show(w, 0)
    assert w.errors == []
    target = os.environ.get("NEWSFACTS_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        w.page.screenshot(path=str(Path(target) / "review-seeds.png"), full_page=False)
        quote = w.page.locator('.rec[data-kind="quote"]')
        if quote.count():
            quote.first.click()
            w.page.screenshot(path=str(Path(target) / "review-seeds-quote-selected.png"))


# For every span marker: how far its bar is from the first character of its span, and the column widths.
_MARKER_GEOMETRY = """() => {
  const out = [];
  for (const marker of document.querySelectorAll('#article-body .span-start')) {
    const seg = marker.closest('.seg');
    const walker = document.createTreeWalker(seg, NodeFilter.SHOW_TEXT);
    const first = walker.nextNode();
    const range = document.createRange();
    range.setStart(first, 0);
    range.setEnd(first, 1);
    const ch = range.getClientRects()[0], bar = marker.getBoundingClientRect();
    out.push({ dy: Math.abs(bar.top - ch.top), dx: Math.abs(bar.left - ch.left), lineHeight: ch.height });
  }
  return out;
}"""


def test_at_1000px_the_article_gets_half_the_width_and_no_bar_wraps_away_from_its_word(
    tmp_path: Path, open_page: Any
) -> None:
    results = [long_article(), overlapping_article()]
    w = open_page(_page_for(tmp_path, results), width=1000, height=800)
    for i in range(len(results)):
        _show(w, i)
        body = w.page.locator("#article-body").evaluate("(el) => el.parentElement.getBoundingClientRect().width")
        assert body >= 500
        geometry = w.page.evaluate(_MARKER_GEOMETRY)
        assert geometry, "the article must have span markers for this test to mean anything"
        for g in geometry:
            assert g["dy"] < g["lineHeight"] / 2 and g["dx"] <= 12, g
    assert w.errors == []
