"""An extra ticket is charged once, with each discount shown in the billing order (seed 003,
Sisnova: extra tickets when the month's are used up, 40 % off for WEB cloud clients; seed 001,
CustomSoft: a discount on extra services by plan)."""

import datetime as dt
from decimal import Decimal

import pytest

from tiquetera.billing.models import Charge
from tiquetera.billing.services import charge_consumption, recompute, stored_line
from tiquetera.billing.tests.factories import sisnova_web_client
from tiquetera.contracts.models import Consumption
from tiquetera.contracts.services import consume
from tiquetera.contracts.tests.factories import JULY_1, at

pytestmark = pytest.mark.django_db


def test_an_extra_ticket_for_a_web_client_shows_the_plan_and_cloud_discounts():
    organization = sisnova_web_client()
    consume(organization, "P1", reference="C-1", at=at(JULY_1))
    extra = consume(organization, "P1", reference="C-2", at=at(JULY_1, 11))
    assert extra.outcome == Consumption.Outcome.EXTRA

    charge = charge_consumption(extra.consumption)

    assert charge is not None
    assert (charge.kind, charge.description, charge.currency) == ("extra_ticket", "C-2", "USD")
    assert charge.discounts == [
        {"label": "Plan 5 tickets", "percent": "15.00", "amount": "9.00"},
        {"label": "WEB", "percent": "40.00", "amount": "20.40"},
    ]
    assert (charge.gross, charge.net) == (Decimal("60.00"), Decimal("30.60"))
    assert charge.net == extra.price
    assert recompute(charge) == stored_line(charge)


def test_the_charge_is_dated_on_the_organizations_local_day():
    organization = sisnova_web_client(total_cap=0)  # Panamá, UTC-5
    late = dt.datetime(2026, 8, 1, 3, 30, tzinfo=dt.UTC)  # July 31, 22:30 in Panamá
    result = consume(organization, "P1", reference="C-late", at=late)
    charge = charge_consumption(result.consumption)
    assert charge is not None
    assert charge.occurred_on == dt.date(2026, 7, 31)


def test_charging_a_consumption_twice_makes_one_charge():
    organization = sisnova_web_client(total_cap=0)
    result = consume(organization, "P1", reference="C-1", at=at(JULY_1))
    first = charge_consumption(result.consumption)
    second = charge_consumption(result.consumption)
    assert first == second
    assert Charge.objects.count() == 1


def test_a_covered_or_refused_case_charges_nothing():
    organization = sisnova_web_client(total_cap=1, when_exhausted="refuse")
    covered = consume(organization, "P1", reference="C-1", at=at(JULY_1))
    refused = consume(organization, "P1", reference="C-2", at=at(JULY_1))
    assert charge_consumption(covered.consumption) is None
    assert charge_consumption(refused.consumption) is None
    assert not Charge.objects.exists()
