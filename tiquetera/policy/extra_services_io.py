"""Loading and exporting the [services.KEY] section to and from billing's ExtraService rows,
matched by key; the same contract as the other sections (`services.load_policy`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from tiquetera.billing.models import ExtraService

from .models import Policy
from .problems import PolicyFileError, Problem
from .rows import save_row
from .schema import PolicyDocument
from .sections.extra_services import ExtraServiceSpec

if TYPE_CHECKING:
    from .services import LoadReport


def load_extra_services(policy: Policy, document: PolicyDocument, report: LoadReport) -> None:
    """Upsert the catalogue by key; a service the file no longer has is deleted, unless a quote
    names it (then the load is refused, naming it)."""
    existing = {row.key: row for row in ExtraService.objects.filter(policy=policy)}
    for key, spec in document.services.items():
        save_row(
            ExtraService,
            existing.pop(key, None),
            _values(spec),
            ref=f"{policy.slug}/{key}",
            report=report,
            policy=policy,
            key=key,
        )
    for key, row in existing.items():
        try:
            row.delete()
        except ProtectedError:
            raise PolicyFileError(
                policy.slug,
                [Problem(("services", key), _service_in_use(key))],
            ) from None
        report.add("deleted", ExtraService, f"{policy.slug}/{key}")


def _service_in_use(key: str) -> str:
    return _(
        "The service “%(key)s” is not in the file, but quotes name it: keep it in the file."
    ) % {"key": key}


def _values(spec: ExtraServiceSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "unit": spec.unit,
        "price": spec.price,
        "currency": spec.currency,
        "discounted": spec.discounted,
    }


def export_extra_services(policy: Policy) -> dict[str, Any]:
    """Every service by key: name, unit, price as text, currency; `discounted` only when false."""
    services: dict[str, Any] = {}
    for row in ExtraService.objects.filter(policy=policy).order_by("key"):
        data: dict[str, Any] = {"name": row.name}
        if row.unit != "hour":
            data["unit"] = row.unit
        data["price"] = f"{row.price:.2f}"
        data["currency"] = row.currency
        if not row.discounted:
            data["discounted"] = False
        services[row.key] = data
    return services
