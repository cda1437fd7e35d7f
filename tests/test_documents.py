"""The loader turns every input into articles or one-line failures, never a traceback."""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

import pytest

from pipeline.core.errors import InputError
from pipeline.io.articles import Article, LoadFailure, load_articles

STORY = (
    "Heavy rain caused the river to burst its banks on Tuesday, forcing hundreds of families from their "
    "homes in the lower valley, officials said.\n"
    "The regional governor said emergency crews had rescued at least forty people and that shelters had "
    "been opened in three schools.\n"
    "Forecasters expect more rain over the weekend, and residents were told to avoid travel where possible.\n"
)

PAGE = """<!DOCTYPE html><html><head><title>Floods hit the valley - Daily Planet</title>
<meta property="og:title" content="Floods hit the valley">
<meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2024-05-02T08:00:00+00:00">
<link rel="canonical" href="https://example.org/news/floods-hit-the-valley">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World navigation menu</a></li>
<li><a href="/sport">Sport section link</a></li></ul></nav>
<div class="advert">Buy discount garden furniture today advertisement</div>
<article><h1>Floods hit the valley</h1>
<p>Heavy rain caused the river to burst its banks on Tuesday, forcing hundreds of families from their homes
in the lower valley, officials said.</p>
<p>The regional governor said emergency crews had rescued at least forty people and that shelters had been
opened in three schools.</p>
<p>Forecasters expect more rain over the weekend, and residents were told to avoid travel where possible.</p>
</article>
<footer><p>Contact us | Privacy policy | Terms of use</p></footer>
</body></html>"""


def _load(*inputs: str | Path, **kwargs: object) -> list[Article | LoadFailure]:
    return list(load_articles(list(inputs), **kwargs))  # type: ignore[arg-type]


def _hash_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def test_plain_text_file_gets_hash_id_flag_date_and_exact_text(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(STORY.replace("\n", "\r\n").encode("utf-8"))
    (article,) = _load(path, published_at="2025-03-14")
    assert isinstance(article, Article)
    assert article.text == STORY
    assert article.id == _hash_id(STORY)
    assert article.source == str(path)
    assert (article.metadata.published_at, article.metadata.published_at_source) == ("2025-03-14", "flag")
    assert article.metadata.encoding == "utf-8"


def test_html_page_keeps_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    (article,) = _load(path, published_at="2025-03-14")
    assert isinstance(article, Article)
    assert "forty people" in article.text and "avoid travel" in article.text
    for debris in ("navigation menu", "Sport section", "garden furniture", "Privacy policy"):
        assert debris not in article.text
    meta = article.metadata
    assert meta.title == "Floods hit the valley"
    assert meta.outlet == "Daily Planet"
    assert meta.url == "https://example.org/news/floods-hit-the-valley"
    assert (meta.published_at, meta.published_at_source) == ("2024-05-02", "html")


def test_cp1252_file_is_decoded_not_mangled(tmp_path: Path) -> None:
    text = "The minister\u2019s visit to the caf\u00e9 was \u201cbrief\u201d, aides said.\n"
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    (article,) = _load(path)
    assert isinstance(article, Article)
    assert article.text == text
    assert article.metadata.encoding == "cp1252"


def test_utf16_file_with_bom(tmp_path: Path) -> None:
    text = "Caf\u00e9 owners said on Monday that prices \u2014 again \u2014 had risen.\n"
    path = tmp_path / "wide.txt"
    path.write_bytes(text.encode("utf-16"))
    (article,) = _load(path)
    assert isinstance(article, Article)
    assert article.text == text
    assert article.metadata.encoding == "utf-16-le"


def test_jsonl_bad_lines_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "First story text.", "published_at": "March 3, 2025", "outlet": "X"}),
        '{"id": "a2", "text": "broken" "json"}',
        json.dumps({"id": "a3", "title": "no body"}),
        "",
        json.dumps({"text": "Fourth story text."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = _load(path, published_at="2025-03-14")
    first, bad_json, no_text, fourth = results
    assert isinstance(first, Article) and first.id == "a1" and first.source == f"{path}:1"
    assert (first.metadata.published_at, first.metadata.published_at_source) == ("2025-03-03", "jsonl")
    assert first.metadata.outlet == "X"
    assert isinstance(bad_json, LoadFailure) and bad_json.source == f"{path}:2"
    assert bad_json.error.startswith("line 2: not JSON (")
    assert isinstance(no_text, LoadFailure) and no_text.source == f"{path}:3"
    assert no_text.error == "line 3: no 'text' or 'html' field" and no_text.article_id == "a3"
    assert isinstance(fourth, Article) and fourth.source == f"{path}:5"
    assert fourth.id == _hash_id("Fourth story text.") and fourth.metadata.published_at_source == "flag"


def test_jsonl_html_field_goes_through_html_path(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p1", "html": PAGE, "outlet": "Given Outlet"}) + "\n", encoding="utf-8")
    (article,) = _load(path)
    assert isinstance(article, Article)
    assert "forty people" in article.text and "garden furniture" not in article.text
    assert article.metadata.outlet == "Given Outlet" and article.metadata.title == "Floods hit the valley"


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "empty file"),
        (b"  \n\n \t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file (NUL bytes), not an article"),
    ],
)
def test_empty_and_binary_files_fail_with_one_line(tmp_path: Path, content: bytes, error: str) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(content)
    assert _load(path) == [LoadFailure(source=str(path), error=error)]


def test_missing_path_is_a_failure_and_loading_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    results = _load(missing, good)
    assert results[0] == LoadFailure(source=str(missing), error="no such file or directory")
    assert isinstance(results[1], Article)


def test_duplicate_texts_are_extracted_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY, encoding="utf-8")
    first, second = _load(tmp_path)
    assert isinstance(first, Article)
    assert isinstance(second, LoadFailure)
    assert second.error == f"duplicate of article {first.id} (same text); extracted once"
    assert second.source == str(tmp_path / "b.txt")


def test_directory_walk_is_sorted_recursive_and_uses_the_manifest(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (tmp_path / "b.txt").write_text("Second story, about the harbour.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("First story, about the bridge.\n", encoding="utf-8")
    (sub / "c.htm").write_text(PAGE, encoding="utf-8")
    (tmp_path / "notes.csv").write_text("not,an,article\n", encoding="utf-8")
    manifest = [
        {"id": "story-b", "file": "b.txt", "published_at": "14 March 2025", "url": "https://example.org/b"},
        {"id": "story-c", "file": "sub/c.htm", "published_at": "2025-03-01"},
    ]
    (tmp_path / "manifest.jsonl").write_text("\n".join(json.dumps(m) for m in manifest), encoding="utf-8")
    results = _load(tmp_path, published_at="2020-01-01")
    assert all(isinstance(r, Article) for r in results)
    by_source = {r.source: r for r in results if isinstance(r, Article)}
    assert list(by_source) == [str(tmp_path / "a.md"), str(tmp_path / "b.txt"), str(sub / "c.htm")]
    b = by_source[str(tmp_path / "b.txt")]
    assert (b.id, b.metadata.published_at, b.metadata.published_at_source) == (
        "story-b",
        "2025-03-14",
        "manifest",
    )
    assert b.metadata.url == "https://example.org/b"
    c = by_source[str(sub / "c.htm")]
    assert (c.id, c.metadata.published_at, c.metadata.published_at_source) == (
        "story-c",
        "2025-03-01",
        "manifest",
    )
    a = by_source[str(tmp_path / "a.md")]
    assert a.metadata.published_at_source == "flag"


def test_explicit_manifest_loads_its_files_in_order(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Story X about the vote.\n", encoding="utf-8")
    (tmp_path / "y.txt").write_text("Story Y about the strike.\n", encoding="utf-8")
    lines = [{"id": "y", "file": "y.txt"}, {"id": "x", "file": "x.txt"}]
    (tmp_path / "manifest.jsonl").write_text("\n".join(json.dumps(m) for m in lines), encoding="utf-8")
    assert [r.id for r in _load(tmp_path / "manifest.jsonl") if isinstance(r, Article)] == ["y", "x"]


def test_stdin_dash_reads_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = "\n".join([json.dumps({"id": "s1", "text": "A story from stdin."}), "not json"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    article, failure = _load("-")
    assert isinstance(article, Article) and (article.id, article.source) == ("s1", "-:1")
    assert isinstance(failure, LoadFailure) and failure.source == "-:2"
    assert failure.error.startswith("line 2: not JSON")


def test_max_chars_refuses_long_articles(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 300, encoding="utf-8")
    (failure,) = _load(path, max_chars=1_000)
    assert failure == LoadFailure(
        source=str(path), error="article has 1,500 characters, over the 1,000 limit (--max-article-chars)"
    )
    huge = tmp_path / "huge.txt"
    huge.write_text("x" * 50_000, encoding="utf-8")
    (failure,) = _load(huge, max_chars=1_000)
    assert isinstance(failure, LoadFailure) and "(--max-article-chars)" in failure.error


def test_unparseable_own_date_keeps_article_without_date(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(
        json.dumps({"text": "A story.", "published_at": "sometime soon"}) + "\n", encoding="utf-8"
    )
    (article,) = _load(path, published_at="2025-03-14")
    assert isinstance(article, Article)
    assert (article.metadata.published_at, article.metadata.published_at_source) == (None, None)


def test_loading_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"text": f"Story number {i}."}) + "\n" for i in range(1_000)))
    stream = load_articles([path])
    first = next(stream)
    assert isinstance(first, Article) and first.text == "Story number 0."


@pytest.mark.parametrize(
    ("inputs", "kwargs"),
    [("a/single/path.txt", {}), ([], {"published_at": "not a date"}), ([], {"max_chars": 0})],
)
def test_misuse_raises_input_error_at_call_time(inputs: object, kwargs: dict[str, object]) -> None:
    with pytest.raises(InputError):
        load_articles(inputs, **kwargs)  # type: ignore[arg-type]


def test_html_declared_charset_is_used_when_not_utf8(tmp_path: Path) -> None:
    body = "Министр заявил в пятницу, что переговоры продолжатся на следующей неделе в столице страны."
    page = (
        '<html><head><meta charset="windows-1251"><title>Новости дня</title></head><body><article>'
        f"<p>{body}</p><p>{body.replace('пятницу', 'субботу')}</p></article></body></html>"
    )
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    (article,) = _load(path)
    assert isinstance(article, Article)
    assert body in article.text
    assert (article.metadata.encoding, article.metadata.title) == ("cp1251", "Новости дня")


def test_jsonl_text_of_wrong_type_is_named(tmp_path: Path) -> None:
    path = tmp_path / "typed.jsonl"
    path.write_text(json.dumps({"id": "n1", "text": 42}) + "\n", encoding="utf-8")
    assert _load(path) == [
        LoadFailure(source=f"{path}:1", error="line 1: 'text' must be a string", article_id="n1")
    ]


@pytest.mark.parametrize(
    ("codec", "encoding"),
    [("utf-8-sig", "utf-8-sig"), ("utf-16-be", "utf-16-be"), ("utf-32", "utf-32-le")],
)
def test_byte_order_marks_choose_the_codec(tmp_path: Path, codec: str, encoding: str) -> None:
    text = "Stra\u00dfe closed on Monday \u2014 \u201cfor safety\u201d, police said.\n"
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "bom.txt"
    path.write_bytes(data)
    (article,) = _load(path)
    assert isinstance(article, Article)
    assert (article.text, article.metadata.encoding) == (text, encoding)


def test_explicit_file_with_unknown_extension_is_text(tmp_path: Path) -> None:
    path = tmp_path / "story.article"
    path.write_text(STORY, encoding="utf-8")
    (article,) = _load(path)
    assert isinstance(article, Article) and article.text == STORY
    with pytest.raises(InputError, match="skipped 1 file: story.article$"):  # inside a folder, unknown extensions are skipped
        _load(tmp_path)
