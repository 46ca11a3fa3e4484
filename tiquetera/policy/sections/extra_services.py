"""The [services.KEY] section: the policy's catalogue of extra services (billing.ExtraService).

CustomSoft (seed 001): "Descuento en servicios adicionales del catálogo de servicios" — a
development hour, infrastructure work, training, equipment — each quoted less the client's plan
discount on extra services. Prices are text, exactly, as in [plans.KEY].
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.utils.translation import gettext as _
from pydantic import Field

from tiquetera.policy.fields import SLUG, Strict
from tiquetera.policy.problems import FieldPath, Problem

from .plans import CURRENCIES, Amount, _choice

UNITS = ("hour", "event", "day", "unit")  # billing.ExtraService.Unit


class ExtraServiceSpec(Strict):
    """One service of the catalogue: what it is, per what unit, at what price."""

    name: str = Field(min_length=1, max_length=100)
    unit: str = "hour"
    price: Amount
    currency: str
    discounted: bool = True  # the plan's discount on extra services applies

    def problems(self, key: str) -> Iterator[Problem]:
        at: FieldPath = ("services", key)
        if not SLUG.fullmatch(key) or len(key) > 50:
            yield Problem(
                at,
                _(
                    "“%(value)s” is not a service identifier: use letters, digits, hyphens and "
                    "underscores, such as desarrollo."
                )
                % {"value": key},
            )
        yield from _choice(self.unit, UNITS, (*at, "unit"))
        if self.currency not in CURRENCIES:
            yield Problem(
                (*at, "currency"),
                _(
                    "“%(value)s” is not a supported currency: write an ISO 4217 code among "
                    "%(choices)s."
                )
                % {"value": self.currency, "choices": ", ".join(CURRENCIES)},
            )


def extra_services_problems(services: Mapping[str, ExtraServiceSpec]) -> Iterator[Problem]:
    for key, service in services.items():
        yield from service.problems(key)
