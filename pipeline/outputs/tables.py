"""Database tables derived from the Pydantic models, never kept by hand.

The models in ``schemas`` are the single source of truth, so the tables are
computed from their fields: scalar fields become typed columns, nested models
whose fields are all scalars are flattened with a prefix (``date_value``,
``location_country``), lists of scalars or models become child tables keyed
by position, ``list[Span]`` goes to the shared ``evidence_spans`` table and
anything more open is stored as JSON. Adding a field to a model therefore
adds a column, and the layout fingerprint (``ddl_version``) changes with it,
which is what lets export refuse a database built from other models.

Each column remembers the attribute path it was derived from, so the rows
are produced by the same walk that produced the columns and cannot drift.
"""

from __future__ import annotations

import hashlib
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_jsonable_python
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    or_,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeEngine

from schemas import ArticleResult, Records, Span
from schemas.story import Story, split_ref

#: Version of the derivation rules below; part of ``ddl_version`` so a change
#: to how models map onto tables is caught even when the models are unchanged.
DERIVATION_VERSION = "1"

_SCALARS: dict[type, Callable[[], TypeEngine[Any]]] = {
    bool: Boolean,
    int: Integer,
    float: Float,
    str: Text,
}

#: Fields holding ``article_id:record_id`` references from a story to per-article
#: records; stored split so they join on the records' keys. No foreign key: a
#: story outlives re-exports of its articles, and links are checked at export.
SOURCE_LINKS: dict[tuple[str, str], str] = {
    ("MergedActor", "sources"): "actors",
    ("MergedEvent", "sources"): "events",
    ("MergedQuote", "sources"): "quotes",
    ("MergedAgreement", "sources"): "agreements",
    ("QuoteVariant", "source"): "quotes",
}

#: Story fields -> table names, so merged records do not collide with per-article ones.
STORY_TABLES: dict[str, str] = {
    "actors": "merged_actors",
    "events": "merged_events",
    "quotes": "merged_quotes",
    "agreements": "merged_agreements",
    "claims": "claims",
}

#: Fields of an article's records that hold ids of records of the same article: (model, field) -> table.
_RECORD_REFERENCES: dict[tuple[str, str], str] = {
    ("Quote", "speaker_id"): "actors",
    ("Participant", "actor_id"): "actors",
    ("Agreement", "parties"): "actors",
}

#: The same for both scopes: a story's ``Merged<Model>`` refers to the merged table where its
#: article counterpart refers to the article's. Looked up along the model's MRO so subclasses
#: keep their references.
REFERENCES: dict[tuple[str, str], str] = _RECORD_REFERENCES | {
    (f"Merged{model}", fname): STORY_TABLES[table] for (model, fname), table in _RECORD_REFERENCES.items()
}

#: Column names for items of plain lists whose singular would mislead.
ITEM_COLUMNS: dict[str, str] = {"articles": "article_id"}

#: Indexes for the usual joins and filters, beyond primary and foreign keys.
INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "articles": (("outlet",), ("published_at",), ("text_hash",)),
    "actors": (("name",), ("canonical_name",), ("type",)),
    "events": (("date_value",), ("type",)),
}

JSONType: TypeEngine[Any] = JSON().with_variant(JSONB(), "postgresql")


@dataclass(frozen=True)
class FieldColumn:
    """A column and the attribute path in the model instance that fills it."""

    name: str
    path: tuple[str, ...]
    as_json: bool = False
    part: int | None = None

    def value(self, obj: Any) -> Any:
        """Read this column's value from a model instance (None along a missing path)."""
        for attr in self.path:
            if obj is None:
                return None
            obj = getattr(obj, attr)
        if obj is None:
            return None
        if self.as_json:
            return to_jsonable_python(obj)
        if self.part is not None:
            return split_ref(obj)[self.part]
        return obj.value if isinstance(obj, Enum) else obj


@dataclass(frozen=True)
class TablePlan:
    """A table whose rows are the items of one list field of its owner, named by ``field``."""

    table: str
    field: str


@dataclass(frozen=True)
class ChildPlan(TablePlan):
    """A list field of a record stored as its own table, one row per item."""

    owner_column: str
    columns: tuple[FieldColumn, ...]
    links_to: str | None = None


@dataclass(frozen=True)
class RecordPlan(TablePlan):
    """One record type (a field of ``Records``) and where its parts go."""

    record_type: str
    columns: tuple[FieldColumn, ...]
    children: tuple[ChildPlan, ...]
    evidence_field: str | None


@dataclass(frozen=True)
class StoryPlan:
    """The ``stories`` table, its plain lists and its entity tables."""

    columns: tuple[FieldColumn, ...]
    children: tuple[ChildPlan, ...]
    entities: tuple[RecordPlan, ...]


@dataclass(frozen=True)
class Layout:
    """The tables for one set of models and how to fill them from the models."""

    metadata: MetaData
    article_columns: tuple[FieldColumn, ...]
    span_columns: tuple[FieldColumn, ...]
    records: tuple[RecordPlan, ...]
    story: StoryPlan

    @property
    def ddl_version(self) -> str:
        """A short fingerprint of every table, column, type and key, dialect-neutral."""
        return fingerprint(self.metadata)


def fingerprint(metadata: MetaData) -> str:
    """Hash the table layout so two builds from different models never compare equal."""
    parts = [DERIVATION_VERSION]
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        parts.append(table.name)
        parts += [f"{c.name}:{type(c.type).__name__}:{c.nullable}:{c.primary_key}" for c in table.columns]
        parts += sorted(str(sorted(fk.column_keys)) for fk in table.foreign_key_constraints)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def singular(name: str) -> str:
    """Cheap English singular for table and column names (actors -> actor, parties -> party)."""
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("ses", "xes")):
        return name[:-2]
    return name.removesuffix("s")


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip ``X | None`` to ``X``; say whether None was allowed."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        return (args[0] if len(args) == 1 else annotation), optional
    return annotation, False


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _scalar_type(tp: Any) -> TypeEngine[Any] | None:
    """The column type for a scalar annotation, or None when it is not a scalar."""
    if _vocabulary(tp) is not None:
        return String()
    factory = _SCALARS.get(tp) if isinstance(tp, type) else None
    return factory() if factory else None


def _list_item(tp: Any) -> Any | None:
    """The item type of ``list[X]``, or None for anything else."""
    if typing.get_origin(tp) is list:
        args = typing.get_args(tp)
        return args[0] if args else Any
    return None


def _is_flat_model(tp: Any) -> bool:
    """A model whose fields are all scalars can be flattened into prefixed columns."""
    return _is_model(tp) and all(
        _scalar_type(_unwrap(f.annotation)[0]) is not None for f in tp.model_fields.values()
    )


def _vocabulary(tp: Any) -> tuple[str, ...] | None:
    """The allowed values of an enum or a ``Literal`` of strings, else None."""
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tuple(str(m.value) for m in tp)
    if typing.get_origin(tp) is typing.Literal and all(isinstance(a, str) for a in typing.get_args(tp)):
        return tuple(typing.get_args(tp))
    return None


#: One derived column: how to fill it, the column, and its vocabulary when it has one.
Part = tuple[FieldColumn, Column[Any], tuple[str, ...] | None]


def scalar_columns(
    model: type[BaseModel],
    skip: Iterable[str] = (),
    prefixes: Mapping[str, str] | None = None,
    renames: Mapping[str, str] | None = None,
) -> list[Part]:
    """Columns for every field of ``model`` that fits in one row.

    Scalars map to typed columns, flat nested models are flattened with
    ``<field>_`` (or the prefix given), and lists or open structures become
    JSON. Fields in ``skip`` are left to the caller (child tables, evidence).
    """
    out: list[Part] = []
    for fname, info in model.model_fields.items():
        if fname in skip:
            continue
        tp, optional = _unwrap(info.annotation)
        nullable = optional or (not info.is_required() and info.get_default() is None)
        if _is_flat_model(tp):
            prefix = (prefixes or {}).get(fname, f"{fname}_")
            for sub, col, vocabulary in scalar_columns(tp):
                name = prefix + sub.name
                column = Column(name, col.type, nullable=nullable or bool(col.nullable))
                out.append((FieldColumn(name, (fname, *sub.path)), column, vocabulary))
            continue
        name = (renames or {}).get(fname, fname)
        sql_type = _scalar_type(tp)
        if sql_type is None:
            out.append((FieldColumn(name, (fname,), as_json=True), Column(name, JSONType, nullable=nullable), None))
        else:
            out.append((FieldColumn(name, (fname,)), Column(name, sql_type, nullable=nullable), _vocabulary(tp)))
    return out


@dataclass(frozen=True)
class Scope:
    """Where records live: per article (``article_id``) or per story (``story_id``)."""

    key: str
    root: str


ARTICLE_SCOPE = Scope("article_id", "articles")
STORY_SCOPE = Scope("story_id", "stories")


def _lookup(table: Mapping[tuple[str, str], str], model: type[BaseModel], fname: str) -> str | None:
    """Find (model, field) along the MRO, so a subclass keeps its parent's links."""
    for klass in model.__mro__:
        target = table.get((klass.__name__, fname))
        if target:
            return target
    return None


def _source_parts(prefix: str, path: tuple[str, ...], nullable: bool) -> list[Part]:
    """Split an ``article_id:record_id`` reference into two joinable columns."""
    return [(FieldColumn(f"{prefix}{col}", path, part=i), Column(f"{prefix}{col}", Text, nullable=nullable), None)
            for i, col in enumerate(("article_id", "record_id"))]


def _link_columns(model: type[BaseModel], parts: list[Part]) -> list[Part]:
    """Replace source-reference fields of ``model`` by their split columns."""
    out: list[Part] = []
    for part in parts:
        fc = part[0]
        if len(fc.path) == 1 and _lookup(SOURCE_LINKS, model, fc.path[0]):
            out += _source_parts(f"{fc.name}_", fc.path, bool(part[1].nullable))
        else:
            out.append(part)
    return out


def _ref_fk(scope: Scope, column: str, target: str) -> ForeignKeyConstraint:
    """A reference between records of one article or story, checked at commit.

    Deferred because deleting an article cascades down two paths (to actors,
    and to the quotes or links naming them); PostgreSQL would otherwise check
    the reference before the cascade had removed the referring row.
    """
    return ForeignKeyConstraint([scope.key, column], [f"{target}.{scope.key}", f"{target}.id"],
                                deferrable=True, initially="DEFERRED")


def _ref_fks(model: type[BaseModel], columns: Iterable[FieldColumn], scope: Scope) -> list[ForeignKeyConstraint]:
    """Composite keys (<scope key>, <ref>) onto the referenced table of the same scope."""
    fks = []
    for fc in columns:
        target = _lookup(REFERENCES, model, fc.path[0]) if len(fc.path) == 1 else None
        if target:
            fks.append(_ref_fk(scope, fc.name, target))
    return fks


def _add_table(metadata: MetaData, name: str, parts: list[Part],
               leading: list[Column[Any]], constraints: list[Any]) -> Table:
    """Create the table; vocabulary columns get a CHECK so a stray value fails at insert time."""
    table = Table(name, metadata, *leading, *(col for _, col, _ in parts), *constraints)
    for _, col, vocabulary in parts:
        if vocabulary is not None:
            allowed = col.in_(list(vocabulary))
            rule = or_(col.is_(None), allowed) if col.nullable else allowed
            table.append_constraint(CheckConstraint(rule, name=f"ck_{name}_{col.name}"))
    return table


def _item_parts(owner_model: type[BaseModel], fname: str, item: Any, scope: Scope) -> tuple[list[Part], list[Any]]:
    """Columns (and reference keys) for one item of a list field stored as a child table."""
    if _is_model(item):
        model_parts = _link_columns(item, scalar_columns(item))
        return model_parts, _ref_fks(item, [fc for fc, _, _ in model_parts], scope)
    if _lookup(SOURCE_LINKS, owner_model, fname):
        return _source_parts("", (), nullable=False), []
    target = _lookup(REFERENCES, owner_model, fname)
    name = f"{singular(target)}_id" if target else ITEM_COLUMNS.get(fname, singular(fname))
    sql_type = _scalar_type(item)
    parts: list[Part] = [(FieldColumn(name, ()), Column(name, sql_type if sql_type is not None else JSONType,
                                                         nullable=False), _vocabulary(item))]
    fks = [_ref_fk(scope, name, target)] if target else []
    return parts, fks


def _child_plan(metadata: MetaData, owner: tuple[str, type[BaseModel]], fname: str, item: Any,
                scope: Scope) -> ChildPlan:
    """A table for ``list[item]``: (scope key, <owner>_id, position, item columns).

    Children of the scope's root (a story's article list) are keyed by the
    scope key alone, since the root's id is that key.
    """
    owner_table, owner_model = owner
    table = f"{singular(owner_table)}_{fname}"
    parts, fks = _item_parts(owner_model, fname, item, scope)
    key = Column(scope.key, Text, nullable=False)
    position = Column("position", Integer, nullable=False)
    leading: list[Column[Any]] = [key, position]
    if owner_table == scope.root:
        owner_col = scope.key
        pk = PrimaryKeyConstraint(scope.key, "position")
        owner_fk = ForeignKeyConstraint([scope.key], [f"{owner_table}.id"], ondelete="CASCADE")
    else:
        owner_col = f"{singular(owner_table)}_id"
        leading = [key, Column(owner_col, Text, nullable=False), position]
        pk = PrimaryKeyConstraint(scope.key, owner_col, "position")
        owner_fk = ForeignKeyConstraint([scope.key, owner_col], [f"{owner_table}.{scope.key}", f"{owner_table}.id"],
                                        ondelete="CASCADE")
    _add_table(metadata, table, parts, leading, [pk, owner_fk, *fks])
    links_to = _lookup(SOURCE_LINKS, owner_model, fname)
    return ChildPlan(table, fname, owner_col, tuple(fc for fc, _, _ in parts), links_to)


def _split_lists(model: type[BaseModel]) -> tuple[str | None, dict[str, Any]]:
    """The evidence field (``list[Span]``) and the other list fields of a model."""
    evidence = None
    lists: dict[str, Any] = {}
    for fname, info in model.model_fields.items():
        item = _list_item(_unwrap(info.annotation)[0])
        if isinstance(item, type) and issubclass(item, Span):
            evidence = fname
        elif item is not None:
            lists[fname] = item
    return evidence, lists


def _record_plan(metadata: MetaData, field: tuple[str, str], model: type[BaseModel], scope: Scope) -> RecordPlan:
    """The table for one record type plus its child tables; ``evidence`` is shared.

    ``field`` is (field name on the parent, table name).
    """
    fname, table = field
    evidence, lists = _split_lists(model)
    parts = _link_columns(model, scalar_columns(model, skip={*lists, *([evidence] if evidence else [])}))
    constraints = [PrimaryKeyConstraint(scope.key, "id"),
                   ForeignKeyConstraint([scope.key], [f"{scope.root}.id"], ondelete="CASCADE"),
                   *_ref_fks(model, [fc for fc, _, _ in parts], scope)]
    _add_table(metadata, table, parts, [Column(scope.key, Text, nullable=False)], constraints)
    children = tuple(_child_plan(metadata, (table, model), f, item, scope) for f, item in lists.items())
    return RecordPlan(table, fname, singular(table), tuple(fc for fc, _, _ in parts), children, evidence)


def _articles_table(metadata: MetaData, article_model: type[BaseModel]) -> tuple[FieldColumn, ...]:
    """The articles table: metadata unprefixed, other nested parts prefixed, lists as JSON."""
    records_fields = [f for f, i in article_model.model_fields.items()
                      if isinstance(i.annotation, type) and issubclass(i.annotation, Records)]
    parts = scalar_columns(article_model, skip=records_fields, prefixes={"metadata": ""},
                           renames={"article_id": "id"})
    table = _add_table(metadata, "articles", parts, [], [PrimaryKeyConstraint("id")])
    table.append_column(Column("text_hash", String(64), nullable=False))
    return tuple(fc for fc, _, _ in parts)


def _evidence_table(metadata: MetaData) -> tuple[FieldColumn, ...]:
    """The shared table of every record's evidence, keyed by (article, record type, record id, position)."""
    parts = scalar_columns(Span)
    leading: list[Column[Any]] = [
        Column("article_id", Text, nullable=False), Column("record_type", String, nullable=False),
        Column("record_id", Text, nullable=False), Column("position", Integer, nullable=False)]
    constraints = [PrimaryKeyConstraint("article_id", "record_type", "record_id", "position"),
                   ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE")]
    _add_table(metadata, "evidence_spans", parts, leading, constraints)
    return tuple(fc for fc, _, _ in parts)


def _story_plan(metadata: MetaData, story_model: type[BaseModel]) -> StoryPlan:
    """``stories`` and its entity tables (merged_*, claims), each keyed by (story_id, id)."""
    _, lists = _split_lists(story_model)
    entities = {f: item for f, item in lists.items() if _is_model(item) and "id" in item.model_fields}
    parts = scalar_columns(story_model, skip=lists)
    _add_table(metadata, "stories", parts, [], [PrimaryKeyConstraint("id")])
    plans = tuple(_record_plan(metadata, (f, STORY_TABLES.get(f, f"story_{f}")), item, STORY_SCOPE)
                  for f, item in entities.items())
    children = tuple(_child_plan(metadata, ("stories", story_model), f, item, STORY_SCOPE)
                     for f, item in lists.items() if f not in entities)
    return StoryPlan(tuple(fc for fc, _, _ in parts), children, plans)


def _schema_version_table(metadata: MetaData) -> None:
    Table("schema_version", metadata,
          Column("newsfacts_schema", String, nullable=False),
          Column("ddl_version", String, nullable=False),
          Column("written_at", String, nullable=False))


def _link_pairs(table: Table) -> list[tuple[str, ...]]:
    """(x_article_id, x_record_id) pairs from split references, for joins to per-article records."""
    return [(c.name[: -len("record_id")] + "article_id", c.name) for c in table.columns
            if c.name.endswith("record_id") and c.name[: -len("record_id")] + "article_id" in table.c]


def _add_indexes(metadata: MetaData) -> None:
    """Named indexes from INDEXES, per foreign key and per split reference, unless a key leads with them."""
    for table in metadata.tables.values():
        pk = tuple(c.name for c in table.primary_key.columns)
        wanted = list(INDEXES.get(table.name, ()))
        candidates = [tuple(fk.column_keys) for fk in table.foreign_key_constraints] + _link_pairs(table)
        for cols in candidates:
            if cols != pk[: len(cols)] and cols not in wanted:
                wanted.append(cols)
        for cols in wanted:
            Index(f"ix_{table.name}_{'_'.join(cols)}", *(table.c[c] for c in cols))


def build_layout(
    article_model: type[BaseModel] = ArticleResult,
    records_model: type[BaseModel] = Records,
    story_model: type[BaseModel] = Story,
) -> Layout:
    """Derive every table from the models (pass subclasses to see their extra columns).

    The story tables are always created, so a database's layout (and its
    ``ddl_version``) does not depend on whether ``--story`` was ever used.

    Args:
        article_model: the JSONL line model; its scalar and flat fields make ``articles``.
        records_model: the container whose ``list[Model]`` fields are the record types.
        story_model: one story of a merge result; its lists make the story tables.

    Returns:
        The layout: SQLAlchemy metadata plus the plans that fill it from models.
    """
    metadata = MetaData()
    _schema_version_table(metadata)
    article_columns = _articles_table(metadata, article_model)
    span_columns = _evidence_table(metadata)
    plans = []
    for fname, info in records_model.model_fields.items():
        item = _list_item(_unwrap(info.annotation)[0])
        if item is not None and _is_model(item):
            plans.append(_record_plan(metadata, (fname, fname), typing.cast(type[BaseModel], item), ARTICLE_SCOPE))
    story = _story_plan(metadata, story_model)
    _add_indexes(metadata)
    return Layout(metadata, article_columns, span_columns, tuple(plans), story)
