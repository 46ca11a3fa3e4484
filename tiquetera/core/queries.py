"""Small helpers for reads on hot paths (each intake, each API call).

Django compiles a queryset's SQL anew each time it runs: the filter's lookups, the joins of
`select_related`, the SELECT list, the converters. On the intake's hottest reads that costs
five to eight times what the database spends answering them (the API token's read: 0.12 ms as
plain SQL, 0.7–1.1 ms through the ORM). A `Prepared` read is built and compiled once per
database connection, with stand-in values, and then run with the real values in their places:
the same SQL, the same models (Django's `from_db` and `select_related` populators, with their
annotations), no compiling. `insert_rows` and `insert_models` write rows nobody reads back the
same way, and `held_inserts` gathers them: on PostgreSQL several tables' rows in one statement.
"""

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.fields import AutoFieldMixin
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)


def unique_row(queryset: QuerySet[M]) -> M | None:
    """The row a lookup by a unique key finds, or None: `first()` without the ORDER BY it adds
    (one row has no order, and compiling the ordering is about a quarter of such a read)."""
    return next(iter(queryset.order_by()[:1]), None)


def _stand_in(kind: type, n: int) -> Any:
    """A value of `kind` no real read passes, to find its place among the compiled parameters."""
    if kind is str:
        return f"\x1ftiquetera-stand-in-{n}\x1f"
    if kind is int:  # within every integer field's range: Django drops lookups past it
        return 2_147_483_000 + n
    if kind is dt.datetime:
        return dt.datetime(1111, 1, 1, 0, n, tzinfo=dt.UTC)
    if kind is dt.date:
        return dt.date(1111, 1, 1 + n)
    raise TypeError(f"a prepared read takes str, int, date or datetime values, not {kind}")


def _adapted(connection: BaseDatabaseWrapper, value: Any) -> Any:
    """`value` as Django hands it to the database driver in a lookup."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


class Prepared(Generic[M]):
    """A read of `build(*values)`'s rows whose SQL is compiled once per connection (so per
    process and thread). `kinds` are the types of the values (str, int, date, datetime), each
    of which must reach the SQL as parameters of its own (one or more places): filters by
    equality or range, not `__in` lists (`PreparedIn` takes one), nor values that change the
    SQL's shape (None, an empty list). Defined once, at module level:

        TOKEN = Prepared(lambda digest: ApiToken.objects.filter(digest=digest), str)
        row = TOKEN.first(digest)
    """

    def __init__(self, build: Callable[..., QuerySet[M, Any]], *kinds: type) -> None:
        self.build = build
        self.kinds = kinds

    def _compiled(
        self, connection: BaseDatabaseWrapper
    ) -> tuple[SQLCompiler, str, list[tuple[int | None, Any]], dict[int, Any], bool]:
        cache = connection.__dict__.setdefault("_tiquetera_prepared", {})
        entry = cache.get(self)
        if entry is None:
            stand_ins = [_stand_in(kind, n) for n, kind in enumerate(self.kinds)]
            queryset = self.build(*stand_ins)
            compiler = queryset.query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()  # also fills compiler.select and klass_info
            template: list[tuple[int | None, Any]] = [(None, p) for p in params]
            for n, stand_in in enumerate(stand_ins):
                places = [i for i, p in enumerate(params) if p == _adapted(connection, stand_in)]
                if not places:
                    raise ValueError(f"value {n} is not a parameter of {sql}")
                for place in places:
                    template[place] = (n, None)  # where the value goes
            fields = [column[0] for column in compiler.select[: compiler.col_count]]
            converters = compiler.get_converters(fields)
            models = queryset._iterable_class is ModelIterable  # else `values_list()`
            entry = cache[self] = (compiler, sql, template, converters, models)
        return entry

    def all(self, *values: Any) -> list[Any]:
        """The rows for `values`, as `list(build(*values))` would give them (models, or tuples
        for a `values_list()`)."""
        if len(values) != len(self.kinds):
            raise TypeError(f"{len(self.kinds)} values expected")
        connection = connections[DEFAULT_DB_ALIAS]
        compiler, sql, template, converters, models = self._compiled(connection)
        params = [
            _adapted(connection, values[slot]) if slot is not None else fixed
            for slot, fixed in template
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        if not models:  # `values_list()`: the rows as tuples
            return [tuple(row) for row in rows]
        return _models(compiler, rows, connection.alias)

    def first(self, *values: Any) -> Any:
        """The one row for `values` (a unique lookup), or None."""
        rows = self.all(*values)
        return rows[0] if rows else None


class PreparedIn(Generic[M]):
    """A `Prepared` read with a list of ids (`field__in`), compiled once per connection and
    number of ids: `build(*values, *ids)`. For the reads of a page's rows (the queue's tags,
    clocks and plans), whose pages hold 50 rows, or up to 200:

        TAGS = PreparedIn(lambda *ids: Link.objects.filter(case_id__in=ids))
        rows = TAGS.all(ids=[1, 2, 3])
    """

    def __init__(self, build: Callable[..., QuerySet[M, Any]], *kinds: type) -> None:
        self.build = build
        self.kinds = kinds
        self.by_count: dict[int, Prepared[M]] = {}

    def all(self, *values: Any, ids: Sequence[int]) -> list[Any]:
        """`list(build(*values, *ids))`; no rows for no ids."""
        if not ids:
            return []
        prepared = self.by_count.get(len(ids))
        if prepared is None:
            kinds = (*self.kinds, *(int for _ in ids))
            prepared = self.by_count[len(ids)] = Prepared(self.build, *kinds)
        return prepared.all(*values, *ids)


def _models(compiler: SQLCompiler, rows: list[Any], alias: str) -> list[Any]:
    """The rows (converted) as models, the way Django's `ModelIterable` builds them."""
    select, klass_info, annotations = (
        compiler.select,
        compiler.klass_info,
        compiler.annotation_col_map.items(),
    )
    assert klass_info is not None
    model_cls = klass_info["model"]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    populators = get_related_populators(klass_info, select, alias)  # type: ignore[call-arg]
    objects = []
    for row in rows:
        obj = model_cls.from_db(alias, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, column in annotations:
            setattr(obj, name, row[column])
        objects.append(obj)
    return objects


def insert_rows(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT `rows` — each the values of `fields`, in that order — into `model`'s table in one
    statement, compiled once per connection and number of rows: no model instances, no signals,
    no defaults (`auto_now_add` included: pass every value), no primary keys returned. For rows
    written on every intake that nothing reads back in the same request. Inside `held_inserts`
    the rows are written at the block's end."""
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    sql, columns = _insert_sql(connection, model, tuple(fields), len(rows))
    params: list[Any] = []
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"{len(columns)} values a row expected")
        params.extend(
            f.get_db_prep_save(value, connection) for f, value in zip(columns, row, strict=True)
        )
    held = _held.get()
    if held is not None:
        held.append(((model, tuple(fields), len(rows)), params))
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def insert_models(objects: Sequence[Model]) -> None:
    """INSERT `objects` (of one model) with `insert_rows`: every stored field but an automatic
    primary key, filled as `bulk_create` fills them (defaults, `auto_now_add`); their primary
    keys stay None."""
    if not objects:
        return
    model = type(objects[0])
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, AutoFieldMixin)) and not f.generated
    ]
    for obj in objects:  # a foreign key to an object saved since: its id, as bulk_create does
        obj._prepare_related_fields_for_save(operation_name="insert_models")  # type: ignore[attr-defined]
    rows = [[f.pre_save(obj, True) for f in fields] for obj in objects]
    insert_rows(model, [f.name for f in fields], rows)


Held = list[tuple[tuple[type[Model], tuple[str, ...], int], list[Any]]]
_held: ContextVar[Held | None] = ContextVar("held_inserts", default=None)


@contextmanager
def held_inserts() -> Iterator[None]:
    """`insert_rows` and `insert_models` inside the block are held and written together, before
    the block's next other statement or at its end: consecutive INSERTs in one statement on
    PostgreSQL (every INSERT but the last a WITH query of it), one statement an INSERT
    elsewhere. What the block reads or writes otherwise sees them written, as without it; only
    an INSERT's error comes at that later moment. A block inside another is part of it."""
    if _held.get() is not None:
        yield
        return
    held: Held = []
    token = _held.set(held)
    connection = connections[DEFAULT_DB_ALIAS]

    def written_first(execute: Callable[..., Any], *args: Any) -> Any:
        if held:  # another statement: what is held goes first
            _write(held)
        return execute(*args)

    try:
        with connection.execute_wrapper(written_first):
            yield
            if held:
                _write(held)
    finally:
        _held.reset(token)


def holding() -> bool:
    """Inside `held_inserts`: what `insert_rows` is given is written later."""
    return _held.get() is not None


def _write(held: Held) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    writing = list(held)
    held.clear()  # (its own statements pass `written_first` with nothing held)
    statements = [_insert_sql(connection, *shape)[0] for shape, _params in writing]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            for sql, (_shape, params) in zip(statements, writing, strict=True):
                cursor.execute(sql, params)
            return
        cache = connection.__dict__.setdefault("_tiquetera_held", {})
        shapes = tuple(shape for shape, _params in writing)
        sql = cache.get(shapes)
        if sql is None:
            *first, last = statements
            withs = ", ".join(f"held_{n} AS ({insert})" for n, insert in enumerate(first))
            sql = cache[shapes] = f"WITH {withs} {last}" if first else last
        cursor.execute(sql, [value for _shape, params in writing for value in params])


def _insert_sql(
    connection: BaseDatabaseWrapper, model: type[Model], fields: tuple[str, ...], count: int
) -> tuple[str, list[Any]]:
    """The INSERT of `count` rows of `fields` into `model`'s table, and the fields, made once
    per connection."""
    cache = connection.__dict__.setdefault("_tiquetera_inserts", {})
    key = (model, fields, count)
    entry = cache.get(key)
    if entry is None:
        columns: list[Any] = [model._meta.get_field(name) for name in fields]
        if any(not getattr(f, "concrete", False) or f.generated for f in columns):
            raise ValueError(f"{model.__name__}: only stored fields can be inserted")
        quote = connection.ops.quote_name
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        sql = "INSERT INTO {} ({}) VALUES {}".format(
            quote(model._meta.db_table),
            ", ".join(quote(f.column) for f in columns),
            ", ".join([one] * count),
        )
        entry = cache[key] = (sql, columns)
    return entry  # type: ignore[no-any-return]
