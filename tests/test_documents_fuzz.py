"""The loaders on random input: every file or line becomes exactly one Article or LoadFailure.

A batch run must never die on one bad input and must account for every one
of them, so ``load_articles`` is fed random bytes under each extension and
random JSONL lines (wrong shapes, invalid JSON, huge numbers, deep nesting,
fields of the wrong type). Hypothesis runs derandomised so the suite is
deterministic, with few examples because HTML extraction and date parsing
make each one slow; the cases it cannot be relied on to generate are listed
explicitly below.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.errors import InputError
from pipeline.io.articles import Article, LoadFailure, load_articles
from pipeline.io.decode import normalize_newlines

_FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _load(name: str, data: bytes) -> tuple[Path, list[Article | LoadFailure]]:
    """Write ``data`` to a fresh file called ``name`` and load it; the file is gone afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return path, list(load_articles([path]))


def _assert_well_formed(item: Article | LoadFailure, source: str) -> None:
    """What a batch relies on: the right types, a one-line reason naming the input, writable output."""
    assert isinstance(item, (Article, LoadFailure))
    assert item.source == source
    if isinstance(item, LoadFailure):
        assert item.error.strip() and "\n" not in item.error and "\r" not in item.error
        assert "Traceback" not in item.error
    else:
        assert item.text.strip()
        json.loads(item.model_dump_json())  # the output line can be written


@_FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".md"]))
def test_random_bytes_in_a_single_file_give_exactly_one_result(data: bytes, suffix: str) -> None:
    path, results = _load("article" + suffix, data)
    assert len(results) == 1
    _assert_well_formed(results[0], str(path))


_PROSE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=300
).filter(lambda s: s.strip())


@_FUZZ
@given(text=_PROSE, suffix=st.sampled_from([".txt", ".html"]), encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_text_files_in_any_unicode_encoding_keep_their_text(text: str, suffix: str, encoding: str) -> None:
    body = f"<html><body><article><p>{text}</p></article></body></html>" if suffix == ".html" else text
    path, results = _load("article" + suffix, body.encode(encoding))
    assert len(results) == 1
    _assert_well_formed(results[0], str(path))
    if suffix == ".txt" and isinstance(results[0], Article):
        assert results[0].text == normalize_newlines(text)


_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**4200),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
)
_JSON = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_FIELDS = st.sampled_from(["text", "html", "id", "url", "title", "outlet", "published_at", "extra"])
_ARTICLE_LIKE = st.dictionaries(_FIELDS, st.one_of(_JSON, _PROSE), max_size=5)


def _nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


_RAW_LINES = st.one_of(
    st.text(alphabet=st.characters(exclude_characters="\n"), max_size=60),  # mostly invalid JSON
    st.sampled_from(
        ["{", '{"text": ', '{"text": "unterminated', "[1, 2", "1e999", "-1e999", "NaN", '""', "{}"]
    ),
    st.integers(1, 40).map(_nested),
    st.integers(1, 40).map(lambda d: '{"text": ' + _nested(d) + "}"),
)
_LINES = st.lists(
    st.one_of(_JSON.map(json.dumps), _ARTICLE_LIKE.map(json.dumps), _RAW_LINES, st.just("   ")),
    min_size=1,
    max_size=12,
)


def _line_results(path: Path, results: list[Article | LoadFailure]) -> Iterator[int]:
    """The line number of each result, checking each names this file and one of its lines."""
    for item in results:
        name, _, number = item.source.rpartition(":")
        assert name == str(path) and number.isdigit(), item.source
        _assert_well_formed(item, item.source)
        yield int(number)


@_FUZZ
@given(lines=_LINES)
def test_every_non_blank_jsonl_line_gives_exactly_one_result_in_order(lines: list[str]) -> None:
    path, results = _load("articles.jsonl", "\n".join(lines).encode("utf-8"))
    numbers = list(_line_results(path, results))
    expected = [n for n, line in enumerate(lines, start=1) if line.strip()]
    assert numbers == expected
    for number, item in zip(numbers, results, strict=True):
        obj = _try_json(lines[number - 1])
        if isinstance(item, Article) and isinstance(obj, dict) and isinstance(obj.get("text"), str):
            assert item.text == normalize_newlines(obj["text"])


def _try_json(line: str) -> object:
    try:
        return json.loads(line)
    except ValueError:
        return None


@settings(_FUZZ, max_examples=120)
@given(data=st.binary(max_size=2000))
def test_random_bytes_as_jsonl_give_one_result_per_non_blank_line(data: bytes) -> None:
    path, results = _load("articles.jsonl", data)
    assert list(_line_results(path, results)) == _expected_line_numbers(data)


def _expected_line_numbers(data: bytes) -> list[int]:
    """Numbers of the lines a JSONL file must account for: all but blank ones (a leading BOM ignored)."""
    pieces = data.split(b"\n")
    if pieces[0].startswith(b"\xef\xbb\xbf"):
        pieces[0] = pieces[0][3:]
    return [n for n, piece in enumerate(pieces, start=1) if not _blank(piece)]


def _blank(piece: bytes) -> bool:
    try:
        return not piece.decode("utf-8").strip()
    except UnicodeDecodeError:
        return False


_FILE_SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".bin"]


@settings(_FUZZ, max_examples=30)
@given(
    files=st.lists(
        st.tuples(st.sampled_from(_FILE_SUFFIXES), st.binary(max_size=600)), min_size=1, max_size=6
    )
)
def test_a_directory_of_random_files_accounts_for_every_file_and_line(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        expected: list[str] = []
        for i, (suffix, data) in enumerate(files):
            path = root / f"f{i:02d}{suffix}"
            path.write_bytes(data)
            if suffix == ".jsonl":
                expected += [f"{path}:{n}" for n in _expected_line_numbers(data)]
            elif suffix != ".bin":  # unknown extensions met inside a directory are not articles
                expected.append(str(path))
        if all(suffix == ".bin" for suffix, _ in files):  # nothing to read: refused at once, naming the folder
            with pytest.raises(InputError, match=f"^{re.escape(str(root))} holds no article files"):
                load_articles([root])
            return
        results = list(load_articles([root]))
    assert [item.source for item in results] == expected
    for item in results:
        _assert_well_formed(item, item.source)


_HOSTILE_LINES = {
    "integer over Python's 4300-digit limit": "1" * 5000,
    "id over the digit limit": '{"text": "a report", "id": ' + "7" * 5000 + "}",
    "nesting deeper than the recursion limit": _nested(100_000),
    "lone surrogate escape in text": '{"text": "\\ud800 a report"}',
    "lone surrogate escape in metadata": '{"text": "a report", "url": "\\udfff"}',
}


@pytest.mark.parametrize("line", list(_HOSTILE_LINES.values()), ids=list(_HOSTILE_LINES))
def test_hostile_jsonl_lines_become_failures_not_crashes(line: str) -> None:
    path, results = _load("articles.jsonl", f'{{"text": "first"}}\n{line}\n{{"text": "third"}}\n'.encode())
    assert list(_line_results(path, results)) == [1, 2, 3]
    assert isinstance(results[1], LoadFailure)


def test_every_kind_of_bad_line_is_accounted_for_with_its_reason() -> None:
    lines = [
        '{"text": "The council met on Monday."}',
        "not json at all",
        "[1, 2, 3]",
        '{"text": 42}',
        '{"title": "no body"}',
        "",
        '{"text": "   "}',
        '{"text": "The council met on Monday."}',
        '{"text": "Deep", "extra": ' + _nested(50) + "}",
        '{"text": "Huge", "id": 1e999}',
    ]
    path, results = _load("articles.jsonl", "\n".join(lines).encode())
    assert list(_line_results(path, results)) == [1, 2, 3, 4, 5, 7, 8, 9, 10]
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["Article"] + ["LoadFailure"] * 6 + ["Article", "Article"]
    errors = [r.error for r in results if isinstance(r, LoadFailure)]
    assert errors[0].startswith("line 2: not JSON")
    assert errors[1] == "line 3: not a JSON object"
    assert errors[2] == "line 4: 'text' must be a string"
    assert errors[3] == "line 5: no 'text' or 'html' field"
    assert "duplicate" in errors[5]
