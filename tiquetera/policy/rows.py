"""Saving a section's rows the way every loader does: only what differs, each action reported."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Model

from .models import Policy

if TYPE_CHECKING:
    from .services import LoadReport


def assign(row: Any, values: Mapping[str, Any]) -> list[str]:
    """Set the values that differ on `row`; the names of those fields."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return changed


def save_row(
    model: type[Model],
    row: Model | None,
    values: Mapping[str, Any],
    *,
    ref: str,
    report: LoadReport,
    **keys: Any,
) -> None:
    """Create the row (with its `keys`) when there is none, save it when a value differs, leave
    it alone otherwise; report which."""
    if row is None:
        model._default_manager.create(**keys, **values)
        report.add("created", model, ref)
    elif changed := assign(row, values):
        row.save()
        report.add("updated", model, ref, changed)
    else:
        report.add("unchanged", model, ref)


def save_policy_row(
    model: type[Model], policy: Policy, values: Mapping[str, Any] | None, report: LoadReport
) -> None:
    """The policy's one row of `model` ([desk], the [sla] settings): `values` None — the file
    says only the defaults — means no row."""
    row = model._default_manager.filter(policy=policy).first()
    if values is None:
        if row is not None:
            row.delete()
            report.add("deleted", model, policy.slug)
        return
    save_row(model, row, values, ref=policy.slug, report=report, policy=policy)
