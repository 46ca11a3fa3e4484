"""Small helpers for reads on hot paths (each intake, each API call)."""

from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def unique_row(queryset: QuerySet[M]) -> M | None:
    """The row a lookup by a unique key finds, or None: `first()` without the ORDER BY it adds
    (one row has no order, and compiling the ordering is about a quarter of such a read)."""
    return next(iter(queryset.order_by()[:1]), None)
