"""What every app's search shares: how a typed query becomes database search terms, and the
migration pieces that keep the full-text indexes (PostgreSQL expression indexes over the
"tiq_spanish" configuration and trigram indexes; SQLite FTS5 tables kept by triggers) in the
same transaction as the writes.

PostgreSQL: `tiq_spanish` is Spanish stemming with accents removed (`unaccent`), so
"facturacion" finds "Facturación"; `tiq_fold(text)` is lower case without accents, immutable,
so trigram indexes can be built on it. SQLite: FTS5 with `unicode61 remove_diacritics 2`; each
word typed is a prefix ("factura" finds "facturación").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, migrations

PG_CONFIG = "tiq_spanish"
MIN_DIGITS = 5  # fewer digits are not worth looking for in phones, tax ids and numbers
WORD = re.compile(r"\w+", re.UNICODE)


# --- the query, as each database wants it ----------------------------------------------------
def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def words(text: str) -> list[str]:
    """The words of a typed query, at most eight (a pasted paragraph is not a search)."""
    return WORD.findall(text)[:8]


def fold(text: str) -> str:
    """Lower case without accents: what `tiq_fold` does in PostgreSQL."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def digits(text: str) -> str:
    """The digits typed ("310 614 9927" → "3106149927"), or "" when there are too few to search
    or the query is not a number (letters in it)."""
    if re.search(r"[^\d\s+().\-/]", text):
        return ""
    found = re.sub(r"\D", "", text)
    return found if len(found) >= MIN_DIGITS else ""


def fts5_match(text: str) -> str:
    """An FTS5 query: every word, each as a prefix; "" when there is no word."""
    return " ".join(f'"{word}"*' for word in words(text))


def like_pattern(text: str) -> str:
    """A LIKE pattern containing `text` (its wildcards escaped with backslash)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# --- migrations ----------------------------------------------------------------------------
def on_vendor(
    *,
    postgresql: Sequence[str] = (),
    sqlite: Sequence[str] = (),
    reverse_postgresql: Sequence[str] = (),
    reverse_sqlite: Sequence[str] = (),
) -> migrations.RunPython:
    """Statements run only on their database (a no-op on the other)."""

    def runner(statements: dict[str, Sequence[str]]) -> Callable[[Any, Any], None]:
        def run(apps: Any, schema_editor: Any) -> None:
            for statement in statements.get(schema_editor.connection.vendor, ()):
                schema_editor.execute(statement, params=None)

        return run

    return migrations.RunPython(
        runner({"postgresql": postgresql, "sqlite": sqlite}),
        runner({"postgresql": reverse_postgresql, "sqlite": reverse_sqlite}),
    )


def fts5_table(table: str, columns: Sequence[str]) -> tuple[list[str], list[str]]:
    """SQLite: an FTS5 table `<table>_fts` over `columns` of `table` (external content, rowid =
    id), filled from the rows already there, and the triggers that keep it in step with every
    insert, update and delete; and the statements that drop it."""
    fts = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    forward = [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {table} "
        f"BEGIN {delete} {insert} END",
    ]
    backward = [
        f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "delete", "update")
    ] + [f"DROP TABLE IF EXISTS {fts}"]
    return forward, backward
