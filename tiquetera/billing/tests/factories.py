"""Plans and organizations as the billing tests need them (built on the contracts factories)."""

import datetime as dt
from decimal import Decimal

from tiquetera.contracts.models import Plan
from tiquetera.contracts.services import start_contract
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory
from tiquetera.directory.models import Organization
from tiquetera.testing.factories import OrganizationFactory


def sisnova_web_client(**plan_fields: object) -> Organization:
    """Seed 003 (Sisnova): a WEB (cloud) client of a monthly plan with one ticket a month; extra
    tickets at 60.00 USD, 15 % off for the plan tier, 40 % off for the cloud edition."""
    fields = {
        "key": "sisnova-5",
        "name": "Plan 5 tickets",
        "total_cap": 1,
        "currency": "USD",
        "extra_ticket_price": Decimal("60.00"),
        "extra_services_discount": Decimal("15"),
        "cloud_edition": "WEB",
        "cloud_discount": Decimal("40"),
        **plan_fields,
    }
    plan = PlanFactory(**fields)
    organization = OrganizationFactory(
        policy=plan.policy, edition="WEB", time_zone="America/Panama"
    )
    start_contract(organization, plan, start=JULY_1, actor=None)
    return organization


def jq_contractual_client(
    *, rate: Decimal | None = Decimal("100000.00"), fraction: int = 15, discount: str = "0"
) -> Organization:
    """Seed 002 (JQ Systems): a contractual (hourly) plan billed per fraction, in COP."""
    plan = PlanFactory(
        key="contractual",
        name="Contractual",
        service_type=Plan.ServiceType.CONTRACTUAL_HOURLY,
        currency="COP",
        hourly_rate=rate,
        billing_fraction_minutes=fraction,
        extra_services_discount=Decimal(discount),
    )
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=dt.date(2025, 1, 1), actor=None)
    return organization
