"""Load extraction JSONL (and optionally a merge result) into SQLite or PostgreSQL.

The tables come from :mod:`pipeline.outputs.tables`, derived from the Pydantic
models. The whole export runs in one transaction: an article already in the
database has its rows deleted and re-inserted (so exporting twice leaves the
same rows and a re-extracted article replaces its old records), and any
failure part-way leaves the database exactly as it was. Rows are inserted in
batches of many articles so ten thousand articles take seconds, not minutes.

A ``schema_version`` row records which newsfacts schema and table layout
wrote the database; a different newsfacts refuses to write into it rather
than corrupt it.
"""

from __future__ import annotations

import functools
import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Engine,
    MetaData,
    Table,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.schema import CreateIndex, CreateTable

from pipeline.core.errors import DatabaseError, InputError, SchemaVersionError
from pipeline.io.results import parse_result, result_lines
from pipeline.io.stories import read_merge_result
from pipeline.outputs.tables import ChildPlan, Layout, RecordPlan, build_layout
from schemas import SCHEMA_VERSION, ArticleResult
from schemas.story import MergeResult, Story

#: Where ``newsfacts export`` writes when no ``--db`` is given (relative to the working directory).
DEFAULT_DB_URL = "sqlite:///newsfacts.db"
#: Articles per batch; with ~10 records each this makes statements of a few thousand rows.
DEFAULT_BATCH_SIZE = 500

Rows = dict[str, list[dict[str, Any]]]

_URL_HINT = "use sqlite:///file.db or postgresql://user@host/dbname"
#: First half of the PostgreSQL advisory lock taken while creating the tables (the second is the schema).
_SCHEMA_LOCK_KEY = 0x6E667378  # "nfsx"


@dataclass
class ExportSummary:
    """What one export wrote, for the CLI's summary and for callers."""

    url: str
    articles: int = 0
    stories: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    missing_sources: int = 0
    seconds: float = 0.0


@functools.cache
def default_layout() -> Layout:
    """The tables of the current models, built once per process."""
    return build_layout()


def database_url(db: str | None) -> URL:
    """Turn ``--db`` into a SQLAlchemy URL: default SQLite file, bare paths, psycopg 3 for PostgreSQL.

    Raises:
        InputError: the value is not a URL SQLAlchemy knows.
    """
    raw = db or DEFAULT_DB_URL
    if "://" not in raw:
        raw = f"sqlite:///{raw}"
    try:
        url = make_url(raw)
    except sa_exc.ArgumentError as exc:
        raise InputError(f"--db {raw!r} is not a database URL ({exc}); {_URL_HINT}") from exc
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def show_url(url: URL) -> str:
    """The URL as it goes into messages: never with a password."""
    return url.render_as_string(hide_password=True)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 does not BEGIN before DDL; take over so CREATE TABLE is rolled back too.
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def open_engine(url: URL) -> Engine:
    """An engine whose SQLite connections enforce foreign keys and have transactional DDL.

    Raises:
        InputError: no driver is installed for the URL's dialect.
    """
    try:
        engine = create_engine(url)
    except (sa_exc.NoSuchModuleError, ImportError) as exc:
        raise InputError(f"no database driver for {show_url(url)} ({exc}); {_URL_HINT}") from exc
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def ddl(db: str | None = None, layout: Layout | None = None) -> str:
    """The CREATE TABLE / CREATE INDEX statements for the URL's dialect, without connecting.

    Args:
        db: a database URL (only its dialect is used); default SQLite.
        layout: the tables to print; default the ones derived from the current models.

    Returns:
        The statements, each ending with ``;``, tables in dependency order.
    """
    url = database_url(db)
    try:
        dialect = url.get_dialect()()
    except (sa_exc.NoSuchModuleError, ImportError) as exc:
        raise InputError(f"no database dialect for {show_url(url)} ({exc}); {_URL_HINT}") from exc
    metadata = (layout or default_layout()).metadata
    out: list[str] = []
    for table in metadata.sorted_tables:
        out.append(str(CreateTable(table).compile(dialect=dialect)).strip() + ";")
        out += [str(CreateIndex(ix).compile(dialect=dialect)).strip() + ";"
                for ix in sorted(table.indexes, key=lambda ix: str(ix.name))]
    return "\n\n".join(out) + "\n"


def _refuse(url: URL, found_schema: str, found_ddl: str, layout: Layout) -> None:
    """Raise when the database was written by another schema or table layout."""
    if found_schema != SCHEMA_VERSION:
        raise SchemaVersionError(
            f"database at {show_url(url)} has newsfacts schema {found_schema}; this newsfacts writes "
            f"{SCHEMA_VERSION} — export into a new database or migrate it")
    if found_ddl != layout.ddl_version:
        raise SchemaVersionError(
            f"database at {show_url(url)} has newsfacts tables {found_ddl}; this newsfacts writes "
            f"{layout.ddl_version} (schema {SCHEMA_VERSION}) — export into a new database or migrate it")


def prepare_database(conn: Connection, url: URL, layout: Layout) -> None:
    """Create the tables in an empty database, or check an existing one was built the same way.

    Raises:
        SchemaVersionError: the database holds other newsfacts tables, or tables
            of the same names without a ``schema_version`` row.
    """
    existing = set(inspect(conn).get_table_names())
    if "schema_version" not in existing and conn.dialect.name == "postgresql":
        # Two first exports at once would both CREATE TABLE, and the later one fails on
        # pg_type's unique index when the first commits. The first takes this lock until
        # its commit; the other waits, then sees the committed tables.
        conn.execute(text("SELECT pg_advisory_xact_lock(:key, hashtext(coalesce(current_schema(), '')))"),
                     {"key": _SCHEMA_LOCK_KEY})
        existing = set(inspect(conn).get_table_names())
    version = layout.metadata.tables["schema_version"]
    if "schema_version" in existing:
        row = conn.execute(select(version.c.newsfacts_schema, version.c.ddl_version)).first()
        if row is not None:
            _refuse(url, row.newsfacts_schema, row.ddl_version, layout)
            return
    clash = sorted(existing & set(layout.metadata.tables))
    if clash:
        raise SchemaVersionError(
            f"database at {show_url(url)} already has tables {', '.join(clash[:3])} not written by this "
            "newsfacts — export into a new database")
    layout.metadata.create_all(conn)
    conn.execute(version.insert(), {"newsfacts_schema": SCHEMA_VERSION, "ddl_version": layout.ddl_version,
                                    "written_at": datetime.now(UTC).isoformat(timespec="seconds")})


def _add_children(rows: Rows, plan: RecordPlan | tuple[ChildPlan, ...], key: dict[str, Any], item: Any) -> None:
    children = plan.children if isinstance(plan, RecordPlan) else plan
    for child in children:
        out = rows.setdefault(child.table, [])
        for position, sub in enumerate(getattr(item, child.field)):
            row = {**key, "position": position}
            row.update((c.name, c.value(sub)) for c in child.columns)
            out.append(row)


def _entity_rows(rows: Rows, layout: Layout, plan: RecordPlan, key: tuple[str, str], items: list[Any]) -> None:
    """Rows for one record type of one article (or story), its child tables and evidence."""
    key_name, key_value = key
    out = rows.setdefault(plan.table, [])
    owner_col = f"{plan.record_type}_id"
    spans = rows.setdefault("evidence_spans", []) if plan.evidence_field else []
    for item in items:
        row = {key_name: key_value}
        row.update((c.name, c.value(item)) for c in plan.columns)
        out.append(row)
        _add_children(rows, plan, {key_name: key_value, owner_col: item.id}, item)
        if plan.evidence_field:
            for i, span in enumerate(getattr(item, plan.evidence_field)):
                span_row = {"article_id": key_value, "record_type": plan.record_type, "record_id": item.id,
                            "position": i}
                span_row.update((c.name, c.value(span)) for c in layout.span_columns)
                spans.append(span_row)


def article_rows(result: ArticleResult, layout: Layout, rows: Rows) -> None:
    """Append every row one extraction line makes to ``rows`` (table name -> rows)."""
    article = {c.name: c.value(result) for c in layout.article_columns}
    article["text_hash"] = hashlib.sha256(result.text.encode("utf-8")).hexdigest()
    rows.setdefault("articles", []).append(article)
    for plan in layout.records:
        _entity_rows(rows, layout, plan, ("article_id", result.article_id), getattr(result.records, plan.field))


def story_rows(story: Story, layout: Layout, rows: Rows) -> None:
    """Append every row one merged story makes to ``rows``."""
    plan = layout.story
    rows.setdefault("stories", []).append({c.name: c.value(story) for c in plan.columns})
    _add_children(rows, plan.children, {"story_id": story.id}, story)
    for entity in plan.entities:
        _entity_rows(rows, layout, entity, ("story_id", story.id), getattr(story, entity.field))


def _copy_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL through psycopg 3: stream rows with COPY, many times faster than one INSERT per row."""
    from psycopg.types.json import Jsonb

    quote = conn.dialect.identifier_preparer.quote
    columns = list(table.columns)
    is_json = [isinstance(c.type, JSON) for c in columns]
    sql = f"COPY {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) FROM STDIN"
    raw: Any = conn.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([Jsonb(v) if j and v is not None else v
                            for v, j in zip((row.get(c.name) for c in columns), is_json, strict=True)])


def _executemany(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Other databases: one prepared INSERT run over tuples, skipping per-row SQLAlchemy work."""
    dialect = conn.dialect
    compiled = table.insert().values({c.name: bindparam(c.name) for c in table.columns}).compile(dialect=dialect)
    if not compiled.positional or compiled.positiontup is None:
        conn.execute(table.insert(), rows)
        return
    names = list(compiled.positiontup)
    processors = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    params = [tuple(p(v) if p and v is not None else v
                    for v, p in zip((row.get(n) for n in names), processors, strict=True)) for row in rows]
    conn.exec_driver_sql(str(compiled), params)


def _insert_batch(conn: Connection, metadata: MetaData, rows: Rows, summary: ExportSummary) -> None:
    """Insert rows parents first, one bulk statement per table, and count them."""
    bulk = _copy_rows if conn.dialect.driver == "psycopg" else _executemany
    for table in metadata.sorted_tables:
        batch = rows.get(table.name)
        if batch:
            bulk(conn, table, batch)
            summary.rows[table.name] = summary.rows.get(table.name, 0) + len(batch)


def _article_tables(layout: Layout) -> set[str]:
    names = {"articles", "evidence_spans"}
    for plan in layout.records:
        names |= {plan.table, *(c.table for c in plan.children)}
    return names


def _story_tables(layout: Layout) -> set[str]:
    names = {"stories", *(c.table for c in layout.story.children)}
    for plan in layout.story.entities:
        names |= {plan.table, *(c.table for c in plan.children)}
    return names


def _delete_articles(conn: Connection, layout: Layout, ids: list[str]) -> None:
    """Remove these articles' rows, children first, so their new rows replace them."""
    owned = _article_tables(layout)
    for table in reversed(layout.metadata.sorted_tables):
        if table.name in owned:
            column = table.c.id if table.name == "articles" else table.c.article_id
            conn.execute(delete(table).where(column.in_(ids)))


def _export_articles(conn: Connection, layout: Layout, path: Path, batch_size: int,
                     summary: ExportSummary) -> None:
    """Stream the JSONL in batches, refusing a file that gives one article id to two lines.

    Rows are keyed by article id, so a second line with the same id would
    silently replace the first one's records; the whole export is refused
    instead (the transaction rolls back) and the message names both lines.

    Raises:
        InputError: two lines share an article id.
    """
    batch: dict[str, ArticleResult] = {}
    seen: dict[str, int] = {}

    def flush() -> None:
        rows: Rows = {}
        for result in batch.values():
            article_rows(result, layout, rows)
        _delete_articles(conn, layout, list(batch))
        _insert_batch(conn, layout.metadata, rows, summary)
        batch.clear()

    for where, line in result_lines(path):
        result = parse_result(line, where)
        first = seen.setdefault(result.article_id, where)
        if first != where:
            raise InputError(
                f"{where}: article id {result.article_id!r} is also at {first}; nothing was "
                "exported, since one would replace the other — extract again with --dedupe, or remove one line"
            )
        batch[result.article_id] = result
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    summary.articles = len(seen)


def _export_stories(conn: Connection, layout: Layout, merge: MergeResult, summary: ExportSummary) -> None:
    """Replace every story: a merge result is one whole picture, and its ids (S1, A1) are per run."""
    owned = _story_tables(layout)
    for table in reversed(layout.metadata.sorted_tables):
        if table.name in owned:
            conn.execute(delete(table))
    rows: Rows = {}
    for story in merge.stories:
        story_rows(story, layout, rows)
    _insert_batch(conn, layout.metadata, rows, summary)
    summary.stories = len(merge.stories)
    summary.missing_sources = _missing_sources(conn, layout)


def _missing_sources(conn: Connection, layout: Layout) -> int:
    """Story links whose per-article record is not in the database (merged from another extraction)."""
    tables = layout.metadata.tables
    missing = 0
    for plan in layout.story.entities:
        for child in plan.children:
            if child.links_to is None:
                continue
            link, rec = tables[child.table], tables[child.links_to]
            join = link.outerjoin(rec, (rec.c.article_id == link.c.article_id) & (rec.c.id == link.c.record_id))
            missing += conn.execute(select(func.count()).select_from(join).where(rec.c.id.is_(None))).scalar_one()
    return missing


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _new_sqlite_file(url: URL) -> Path | None:
    """The SQLite file this export is about to create, or None when it exists already (or is not a file)."""
    name = url.database
    if url.get_backend_name() != "sqlite" or not name or name == ":memory:" or name.startswith("file:"):
        return None
    path = Path(name)
    return None if path.exists() else path


def _remove_if_empty(path: Path | None) -> None:
    """Remove the file a failed export created, so no 0-byte database is left behind.

    Only while it is still empty: the transaction was rolled back, so bytes in
    it now were written by another export that succeeded in the meantime.
    """
    if path is None:
        return
    try:
        if path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass  # gone already, or not ours to remove; the export's own error is what the user needs


def export(
    jsonl: Path | None,
    db: str | None = None,
    story: Path | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> ExportSummary:
    """Write extraction lines (and a merge result) into a database, in one transaction.

    Args:
        jsonl: the extraction JSONL (one ArticleResult per line); None to export only a story.
        db: a SQLAlchemy URL, a SQLite file path, or None for ``newsfacts.db`` here.
        story: the JSON written by ``newsfacts merge``; it replaces all stories in the database.
        batch_size: articles per batch of inserts.

    Returns:
        Counts of articles, stories and rows written, and the seconds taken.

    Raises:
        InputError: a line or the story file cannot be read; nothing was written.
        SchemaVersionError: the database was built by another newsfacts schema.
        DatabaseError: the database could not be opened or refused the data; nothing was written.
    """
    started = time.perf_counter()
    url = database_url(db)
    merge = read_merge_result(story) if story is not None else None
    layout = default_layout()
    summary = ExportSummary(url=show_url(url))
    new_file = _new_sqlite_file(url)
    engine = open_engine(url)
    try:
        try:
            with engine.begin() as conn:
                prepare_database(conn, url, layout)
                if jsonl is not None:
                    _export_articles(conn, layout, jsonl, batch_size, summary)
                if merge is not None:
                    _export_stories(conn, layout, merge, summary)
        except sa_exc.SQLAlchemyError as exc:
            raise DatabaseError(f"export to {show_url(url)} failed, nothing was written: {_first_line(exc)}; "
                                "check the server and --db, then export again") from exc
        finally:
            engine.dispose()
    except BaseException:
        _remove_if_empty(new_file)
        raise
    summary.seconds = time.perf_counter() - started
    return summary


def count_rows(db: str | None = None) -> dict[str, int]:
    """Rows per newsfacts table in a database (tables it lacks are left out).

    Raises:
        DatabaseError: the database could not be opened.
    """
    url = database_url(db)
    engine = open_engine(url)
    try:
        with engine.connect() as conn:
            existing = set(inspect(conn).get_table_names())
            tables = [t for t in default_layout().metadata.sorted_tables if t.name in existing]
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables}
    except sa_exc.SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read {show_url(url)}: {_first_line(exc)}; check the server and --db") from exc
    finally:
        engine.dispose()
