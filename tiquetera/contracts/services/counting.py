"""Where tickets are counted and consumptions kept: the database for live cases (`DATABASE`:
conditional UPDATEs, DESIGN.md "Entitlements are counted in the database"), memory for the
policy simulator's replay (`InMemory`: the same decisions of `consuming`, no statement).

`consume` and `credit_back` read and write counts only through a `Counting`, so the replay runs
the very same rules as the live intake (as `sla.services.ClockStore` does for the clocks)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import F, Model

from tiquetera.billing import services as billing

from ..models import Consumption, EntitlementCounter, EntitlementPeriod

Row = EntitlementPeriod | EntitlementCounter


def _columns(model: type[Model]) -> tuple[str, str]:
    """The row's count and cap columns."""
    return ("total_used", "total_cap") if model is EntitlementPeriod else ("used", "cap")


class Counting:
    """The database (`DATABASE`): what live intakes count with."""

    def add_one(self, row: Row) -> int | None:
        """The row's count + 1 while it is under its cap (none: no limit), in one conditional
        UPDATE that returns the new count (PostgreSQL and SQLite ≥ 3.35: UPDATE … RETURNING);
        None when the row had no room."""
        quote = connection.ops.quote_name
        used, cap = (quote(column) for column in _columns(type(row)))
        table = quote(type(row)._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {used} = {used} + 1 WHERE {quote('id')} = %s "
                f"AND ({cap} IS NULL OR {used} < {cap}) RETURNING {used}",
                [row.pk],
            )
            found = cursor.fetchone()
        return int(found[0]) if found is not None else None

    def give_back(self, model: type[Row], pk: int) -> None:
        """The row's count − 1, while above zero."""
        used = _columns(model)[0]
        model.objects.filter(pk=pk, **{f"{used}__gt": 0}).update(**{used: F(used) - 1})

    @contextmanager
    def together(self) -> Iterator[None]:
        """What is counted inside is undone when the block raises (a savepoint)."""
        with transaction.atomic():
            yield

    def keep(self, consumption: Consumption) -> None:
        """Store a new consumption; an extra ticket goes on the ledger at once."""
        consumption.save(force_insert=True)
        billing.charge_consumption(consumption)


DATABASE = Counting()


class InMemory(Counting):
    """Counts kept in memory, from the rows as read once (their counts and caps): the policy
    simulator's replay, inside its rolled-back transaction. Consumptions are kept unsaved."""

    def __init__(self) -> None:
        self.used: dict[tuple[type[Model], int], int] = {}
        self._undo: list[list[tuple[type[Model], int, int]]] = []

    def _count(self, model: type[Model], pk: int, row: Row | None = None) -> int:
        key = (model, pk)
        if key not in self.used:
            self.used[key] = getattr(row, _columns(model)[0]) if row is not None else 0
        return self.used[key]

    def _set(self, model: type[Model], pk: int, value: int) -> None:
        if self._undo:
            self._undo[-1].append((model, pk, self.used[(model, pk)]))
        self.used[(model, pk)] = value

    def add_one(self, row: Row) -> int | None:
        model = type(row)
        used, cap = self._count(model, row.pk, row), getattr(row, _columns(model)[1])
        if cap is not None and used >= cap:
            return None
        self._set(model, row.pk, used + 1)
        return used + 1

    def give_back(self, model: type[Row], pk: int) -> None:
        used = self._count(model, pk)
        if used > 0:
            self._set(model, pk, used - 1)

    @contextmanager
    def together(self) -> Iterator[None]:
        self._undo.append([])
        try:
            yield
        except BaseException:
            for model, pk, before in reversed(self._undo.pop()):
                self.used[(model, pk)] = before
            raise
        done = self._undo.pop()
        if self._undo:  # inside another block: undone with it
            self._undo[-1].extend(done)

    def keep(self, consumption: Consumption) -> None:
        pass  # the replay's facts read it from the case
