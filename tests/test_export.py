"""Export into real SQLite files and a real PostgreSQL server.

PostgreSQL tests need NEWSFACTS_TEST_POSTGRES_URL (e.g.
postgresql://postgres@127.0.0.1:5432/postgres); each test gets its own
database, dropped afterwards. Unset, they skip; set but unreachable, they fail.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import Field
from samples import article_line, sourced, span
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from pipeline.core.errors import DatabaseError, InputError, SchemaVersionError
from pipeline.outputs import export as export_module
from pipeline.outputs.export import count_rows, database_url, ddl, export, open_engine
from pipeline.outputs.tables import build_layout
from schemas import (
    Actor,
    Agreement,
    ArticleMeta,
    ArticleResult,
    Event,
    Location,
    Participant,
    Quote,
    Records,
    TimeExpression,
)
from schemas.story import Claim, MergedActor, MergedEvent, MergedQuote, MergeResult, Story

PG_ENV = "NEWSFACTS_TEST_POSTGRES_URL"
DOCS = Path(__file__).resolve().parent.parent / "README.md"


# --- sample data -------------------------------------------------------------------------------


def make_result(article_id: str, outlet: str = "Daily Wire", date: str = "2025-03-13",
                quote: str = "We will not accept the Kalden Front's terms") -> ArticleResult:
    """A small grounded article: two actors, an attack, a quote about the other actor, a pact."""
    body = (f"Minister Ana Ruiz said \"{quote}\" on Thursday. Kalden Front fighters attacked the port "
            "of Velmar. Both sides signed a truce.")
    actors = [
        Actor(id="a1", name="Ana Ruiz", canonical_name="Ana Ruiz", type="person", title="Minister",
              aliases=["the minister"], evidence=[span(body, "Minister Ana Ruiz")]),
        Actor(id="a2", name="Kalden Front", canonical_name="Kalden Front", type="armed_group",
              evidence=[span(body, "Kalden Front fighters")]),
    ]
    event = Event(id="e1", type="attack", summary="Kalden Front attacked Velmar port",
                  date=TimeExpression(text="Thursday", value=date, granularity="day", anchor="2025-03-14"),
                  location=Location(name="Velmar", country="Eastland"),
                  participants=[Participant(actor_id="a2", role="agent")], fatalities=2,
                  evidence=[span(body, "Kalden Front fighters attacked the port of Velmar")])
    records = Records(
        actors=actors, events=[event],
        quotes=[Quote(id="q1", text=quote, speaker_id="a1", kind="direct", evidence=[span(body, quote)])],
        agreements=[Agreement(id="g1", parties=["a1", "a2"], subject="truce", status="signed",
                              evidence=[span(body, "Both sides signed a truce")])],
    )
    return article_line(
        article_id, body, records,
        ArticleMeta(outlet=outlet, title=f"Attack on Velmar ({outlet})", published_at="2025-03-14",
                    url=f"https://example.org/{article_id}"),
    )


def make_story() -> MergeResult:
    """One story over art1/art2 that disagrees on the attack's date."""
    story = Story(
        id="S1", articles=["art1", "art2"],
        actors=[MergedActor(id="A1", canonical_name="Ana Ruiz", type="person",
                            names=[sourced("Ana Ruiz", "art1", "art2", record="a1")],
                            sources=["art1:a1", "art2:a1"], articles=["art1", "art2"])],
        events=[MergedEvent(id="E1", type="attack", summary="Kalden Front attacked Velmar port",
                            dates=[sourced("2025-03-13", "art1"), sourced("2025-03-15", "art2")],
                            sources=["art1:e1", "art2:e1"], articles=["art1", "art2"])],
        quotes=[MergedQuote(id="Q1", speaker_id="A1", text="We will not accept the Kalden Front's terms",
                            sources=["art1:q1", "art2:q1"], articles=["art1", "art2"])],
        claims=[Claim(id="C1", subject_kind="event", subject_id="E1", attribute="date",
                      values=[sourced("2025-03-13", "art1"), sourced("2025-03-15", "art2")])],
    )
    return MergeResult(article_count=2, stories=[story])


def write_jsonl(path: Path, results: list[ArticleResult], extra: str = "") -> Path:
    path.write_text("".join(r.model_dump_json() + "\n" for r in results) + extra, encoding="utf-8")
    return path


def dump(url: str) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every newsfacts table, order-free, for before/after comparisons."""
    engine = open_engine(database_url(url))
    try:
        with engine.connect() as conn:
            names = set(count_rows(url))
            return {t.name: sorted(tuple(repr(v) for v in row) for row in conn.execute(t.select()))
                    for t in build_layout().metadata.sorted_tables if t.name in names and t.name != "schema_version"}
    finally:
        engine.dispose()


def query(url: str, sql: str) -> list[Any]:
    engine = open_engine(database_url(url))
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql)))
    finally:
        engine.dispose()


# --- databases ---------------------------------------------------------------------------------


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh schema on the server named by NEWSFACTS_TEST_POSTGRES_URL, dropped afterwards.

    A schema (selected through libpq's ``options=-csearch_path=...``) instead
    of a database keeps each test's setup to milliseconds.
    """
    base = os.environ.get(PG_ENV, "").strip()
    if not base:
        pytest.skip(f"{PG_ENV} is not set; set it (e.g. postgresql://postgres@127.0.0.1:5432/postgres) "
                    "to run the PostgreSQL tests")
    url = database_url(base)
    name = f"newsfacts_test_{secrets.token_hex(6)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # unreachable server: this raises and the test fails, never skips
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    try:
        yield url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test against a SQLite file and against PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'news.db'}"
    return str(request.getfixturevalue("pg_url"))


# --- tables derived from the models ------------------------------------------------------------


def test_tables_are_derived_from_model_fields() -> None:
    tables = build_layout().metadata.tables
    events = set(tables["events"].c.keys())
    assert {"article_id", "id", "type", "summary", "date_text", "date_value", "date_granularity",
            "location_name", "location_country", "fatalities"} <= events
    assert "evidence" not in events and "participants" not in events
    assert {"actor_id", "role", "event_id", "position"} <= set(tables["event_participants"].c.keys())
    assert {"record_type", "record_id", "start", "end", "text", "match"} <= set(tables["evidence_spans"].c.keys())
    assert {"outlet", "url", "extractor_backend", "usage_prompt_tokens", "text_hash"} <= set(tables["articles"].c.keys())
    assert [c.name for c in tables["quotes"].primary_key.columns] == ["article_id", "id"]
    speaker_fk = [fk for fk in tables["quotes"].foreign_key_constraints if "speaker_id" in fk.column_keys]
    assert speaker_fk and speaker_fk[0].referred_table.name == "actors"


def test_a_new_model_field_becomes_a_column_and_changes_the_layout_version() -> None:
    class EventPlus(Event):
        confidence: float | None = None
        verified: bool = False
        source_kind: Literal["wire", "own"] = "own"

    class RecordsPlus(Records):
        events: list[EventPlus] = Field(default_factory=list)  # type: ignore[assignment]

    base, plus = build_layout(), build_layout(records_model=RecordsPlus)
    columns = plus.metadata.tables["events"].c
    assert type(columns["confidence"].type).__name__ == "Float"
    assert type(columns["verified"].type).__name__ == "Boolean"
    assert type(columns["source_kind"].type).__name__ == "String"
    lite = ddl("sqlite://", layout=plus)
    assert "CONSTRAINT ck_events_source_kind CHECK (source_kind IN ('wire', 'own'))" in lite
    assert "confidence" not in base.metadata.tables["events"].c
    assert plus.ddl_version != base.ddl_version


def test_ddl_per_dialect_touches_no_database(tmp_path: Path) -> None:
    pg = ddl("postgresql://nobody@127.0.0.1:1/none")
    lite = ddl(f"sqlite:///{tmp_path / 'never.db'}")
    assert "CREATE TABLE quotes" in pg and "JSONB" in pg and "CREATE INDEX ix_events_date_value" in pg
    assert "JSONB" not in lite and "ON DELETE CASCADE" in lite
    assert not (tmp_path / "never.db").exists()


def test_database_url_defaults_and_driver() -> None:
    assert str(database_url(None)) == "sqlite:///newsfacts.db"
    assert database_url("postgresql://u@h/d").drivername == "postgresql+psycopg"
    assert database_url("postgresql+psycopg2://u@h/d").drivername == "postgresql+psycopg2"
    assert str(database_url("data/x.db")) == "sqlite:///data/x.db"


# --- export ------------------------------------------------------------------------------------


def test_export_writes_every_record_with_its_evidence(db_url: str, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "out.jsonl", [make_result("art1"), make_result("art2", outlet="Eastland Post")])
    summary = export(src, db_url)
    assert summary.articles == 2
    counts = count_rows(db_url)
    assert {k: counts[k] for k in ("articles", "actors", "events", "quotes", "agreements", "actor_aliases",
                                   "event_participants", "agreement_parties", "evidence_spans")} == {
        "articles": 2, "actors": 4, "events": 2, "quotes": 2, "agreements": 2, "actor_aliases": 2,
        "event_participants": 2, "agreement_parties": 4, "evidence_spans": 10}
    rows = query(db_url, 'SELECT s.text, s.start, s."end", a.text FROM evidence_spans s '
                         "JOIN articles a ON a.id = s.article_id")
    assert all(body[start:end] == span for span, start, end, body in rows)
    event = query(db_url, "SELECT date_value, date_granularity, location_country, fatalities FROM events "
                          "WHERE article_id = 'art1'")
    assert [tuple(r) for r in event] == [("2025-03-13", "day", "Eastland", 2)]
    assert query(db_url, "SELECT newsfacts_schema FROM schema_version")[0][0] == "1.0"


def test_exporting_twice_leaves_the_same_rows(db_url: str, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "out.jsonl", [make_result("art1"), make_result("art2")])
    export(src, db_url)
    first = dump(db_url)
    export(src, db_url)
    assert dump(db_url) == first


def test_reextracted_article_replaces_its_rows(db_url: str, tmp_path: Path) -> None:
    export(write_jsonl(tmp_path / "a.jsonl", [make_result("art1"), make_result("art2")]), db_url)
    changed = make_result("art1", quote="Velmar will be rebuilt")
    changed.records.agreements = []
    export(write_jsonl(tmp_path / "b.jsonl", [changed]), db_url)
    quotes = {tuple(r) for r in query(db_url, "SELECT article_id, text FROM quotes")}
    assert quotes == {("art1", "Velmar will be rebuilt"), ("art2", "We will not accept the Kalden Front's terms")}
    assert [r[0] for r in query(db_url, "SELECT article_id FROM agreements")] == ["art2"]
    assert count_rows(db_url)["articles"] == 2


def test_a_bad_line_midway_leaves_the_database_as_it_was(db_url: str, tmp_path: Path) -> None:
    export(write_jsonl(tmp_path / "a.jsonl", [make_result("art1")]), db_url)
    before = dump(db_url)
    bad = write_jsonl(tmp_path / "b.jsonl", [make_result("art2"), make_result("art3")], extra='{"article_id": 1}\n')
    with pytest.raises(InputError, match=r"b\.jsonl:3: not an extraction line"):
        export(bad, db_url, batch_size=1)
    assert dump(db_url) == before


def test_a_bad_line_leaves_a_new_database_without_tables(db_url: str, tmp_path: Path) -> None:
    bad = write_jsonl(tmp_path / "b.jsonl", [make_result("art1")], extra="not json\n")
    with pytest.raises(InputError):
        export(bad, db_url)
    assert count_rows(db_url) == {}


def test_a_failing_insert_batch_rolls_everything_back(db_url: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    export(write_jsonl(tmp_path / "a.jsonl", [make_result("art1")]), db_url)
    before = dump(db_url)
    real = export_module._insert_batch
    calls = {"n": 0}

    def flaky(*args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("injected failure on batch 3")
        real(*args)

    monkeypatch.setattr(export_module, "_insert_batch", flaky)
    results = [make_result(f"art{i}") for i in range(1, 6)]
    with pytest.raises(RuntimeError, match="batch 3"):
        export(write_jsonl(tmp_path / "b.jsonl", results), db_url, batch_size=2)
    assert dump(db_url) == before


def test_deleting_an_article_cascades_to_its_records(db_url: str, tmp_path: Path) -> None:
    export(write_jsonl(tmp_path / "a.jsonl", [make_result("art1"), make_result("art2")]), db_url)
    engine = open_engine(database_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM articles WHERE id = 'art1'"))
    engine.dispose()
    counts = count_rows(db_url)
    assert counts["articles"] == 1 and counts["actors"] == 2 and counts["evidence_spans"] == 5
    assert counts["event_participants"] == 1 and counts["agreement_parties"] == 2


def test_values_outside_a_vocabulary_are_refused_by_the_database(db_url: str, tmp_path: Path) -> None:
    export(write_jsonl(tmp_path / "a.jsonl", [make_result("art1")]), db_url)
    engine = open_engine(database_url(db_url))
    try:
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("INSERT INTO actors (article_id, id, name, canonical_name, type) "
                              "VALUES ('art1', 'a9', 'X', 'X', 'alien')"))
    finally:
        engine.dispose()
    assert count_rows(db_url)["actors"] == 2


def test_an_older_schema_version_is_refused(db_url: str, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", [make_result("art1")])
    export(src, db_url)
    engine = open_engine(database_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_version SET newsfacts_schema = '0.9'"))
    engine.dispose()
    shown = database_url(db_url).render_as_string(hide_password=True)
    with pytest.raises(SchemaVersionError) as err:
        export(src, db_url)
    assert str(err.value) == (f"database at {shown} has newsfacts schema 0.9; this newsfacts writes 1.0 "
                              "— export into a new database or migrate it")


def test_a_different_table_layout_is_refused(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'news.db'}"
    src = write_jsonl(tmp_path / "a.jsonl", [make_result("art1")])
    export(src, db_url)
    engine = open_engine(database_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_version SET ddl_version = 'abc123'"))
    engine.dispose()
    with pytest.raises(SchemaVersionError, match="has newsfacts tables abc123; this newsfacts writes"):
        export(src, db_url)


def test_tables_from_another_application_are_refused(db_url: str, tmp_path: Path) -> None:
    engine = open_engine(database_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE articles (id INTEGER PRIMARY KEY, body TEXT)"))
    engine.dispose()
    with pytest.raises(SchemaVersionError, match="already has tables articles not written by this newsfacts"):
        export(write_jsonl(tmp_path / "a.jsonl", [make_result("art1")]), db_url)


def test_unreachable_server_is_a_one_line_error(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", [make_result("art1")])
    with pytest.raises(DatabaseError, match=r"^export to postgresql\+psycopg://nobody@127\.0\.0\.1:9/x failed"):
        export(src, "postgresql://nobody@127.0.0.1:9/x")


# --- stories -----------------------------------------------------------------------------------


def test_story_export_links_merged_records_to_article_records(db_url: str, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "out.jsonl", [make_result("art1"), make_result("art2", date="2025-03-15")])
    story = tmp_path / "story.json"
    story.write_text(make_story().model_dump_json(), encoding="utf-8")
    summary = export(src, db_url, story=story)
    assert (summary.stories, summary.missing_sources) == (1, 0)
    linked = query(db_url, "SELECT m.id, a.article_id, a.name FROM merged_actor_sources s "
                           "JOIN merged_actors m ON m.story_id = s.story_id AND m.id = s.merged_actor_id "
                           "JOIN actors a ON a.article_id = s.article_id AND a.id = s.record_id ORDER BY a.article_id")
    assert [tuple(r) for r in linked] == [("A1", "art1", "Ana Ruiz"), ("A1", "art2", "Ana Ruiz")]
    first = dump(db_url)
    export(None, db_url, story=story)
    assert dump(db_url) == first


def test_story_sources_missing_from_the_database_are_counted(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'news.db'}"
    story = tmp_path / "story.json"
    story.write_text(make_story().model_dump_json(), encoding="utf-8")
    export(write_jsonl(tmp_path / "out.jsonl", [make_result("art1")]), db_url, story=story)
    assert export(None, db_url, story=story).missing_sources == 3  # art2's actor, event and quote links


def test_a_story_file_that_is_not_a_merge_result_is_refused(tmp_path: Path) -> None:
    story = tmp_path / "story.json"
    story.write_text('{"stories": [{"id": 3}]}', encoding="utf-8")
    with pytest.raises(InputError, match="not a newsfacts merge result"):
        export(None, f"sqlite:///{tmp_path / 'x.db'}", story=story)
    assert not (tmp_path / "x.db").exists()


# --- the README's queries ----------------------------------------------------------------------


def doc_queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_docs_queries_answer_on_exported_data(db_url: str, tmp_path: Path) -> None:
    who, by_date, disagree = doc_queries()
    src = write_jsonl(tmp_path / "out.jsonl", [make_result("art1"), make_result("art2", outlet="Eastland Post",
                                                                                 date="2025-03-15")])
    story = tmp_path / "story.json"
    story.write_text(make_story().model_dump_json(), encoding="utf-8")
    export(src, db_url, story=story)

    said = [tuple(r) for r in query(db_url, who)]
    quote = "We will not accept the Kalden Front's terms"
    assert said == [("Daily Wire", "Ana Ruiz", "Minister", quote, "Kalden Front", "art1"),
                    ("Eastland Post", "Ana Ruiz", "Minister", quote, "Kalden Front", "art2")]

    events = [tuple(r)[:7] for r in query(db_url, by_date)]
    assert [(e[0], e[2], e[3], e[6]) for e in events] == [("2025-03-13", "attack", "Velmar", "art1"),
                                                           ("2025-03-15", "attack", "Velmar", "art2")]

    claims = query(db_url, disagree)
    assert [(r.attribute, r.subject, r.value) for r in claims] == [
        ("date", "Kalden Front attacked Velmar port", "2025-03-13"),
        ("date", "Kalden Front attacked Velmar port", "2025-03-15")]


def test_seed_outlets_reach_the_readme_query_and_the_story_tab(tmp_path: Path) -> None:
    """The seed manifest names the outlet where the article credits one (a copyright or source line)."""
    from pipeline.engines.local import extract_all
    from pipeline.extract.settings import ExtractConfig
    from pipeline.io.articles import load_articles
    from pipeline.outputs.review import outlet_labels, story_payload
    from pipeline.story.merge import merge_articles

    seeds = DOCS.parent / "seeds"
    results = [r for r in extract_all(load_articles([str(seeds)]), ExtractConfig(cache_path=None))
               if isinstance(r, ArticleResult)]
    db = f"sqlite:///{tmp_path / 'seeds.db'}"
    export(write_jsonl(tmp_path / "out.jsonl", results), db)
    who = doc_queries()[0]
    outlets = {row.article_id: row.outlet for row in query(db, who)}
    assert outlets["001_006a48813ad13935"] == "Khumaer.us"  # "© Khumaer.us"
    credited = {r[0] for r in query(db, "SELECT outlet FROM articles WHERE outlet IS NOT NULL")}
    assert credited == {"Khumaer.us", "www.military.com"}  # "Original Source: www.military.com"

    [story] = story_payload(merge_articles(results), outlet_labels(results))["stories"]
    assert {"Khumaer.us", "www.military.com"} <= set(story["outlets"])
    assert "001_006a48813ad13935" not in story["outlets"] and "004_9460cee746a1b6c2" not in story["outlets"]
