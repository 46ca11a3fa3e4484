"""Sisnova (seed 003_806de44c075e3486.txt, "Cambios de soporte"): the money rules in order,
through the product's doors — the preset, the daily plan-fee command, the statement as the agent
reads it (page, CSV, API) and as the client reads it (portal "Mi plan")."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from tiquetera.billing.models import Charge
from tiquetera.billing.services import charge_is_exact
from tiquetera.contracts.models import Plan

from .world import client_of, month_start, preset, signed_in, statement_lines, this_month

pytestmark = pytest.mark.django_db


def bill_fees(day) -> str:
    out = StringIO()
    with translation.override("es"):
        call_command("bill_plan_fees", "--day", day.isoformat(), stdout=out)
    return out.getvalue()


def test_item_2_plans_are_monthly_or_annual_for_each_edition():
    """Seed 003, item 2: "Los planes de soporte pueden contratarse mensual o anualmente"; plans
    per edition (INVEX LOCAL, INVEX WEB)."""
    policy = preset("sisnova")
    plans = {(p.edition, p.billing_period) for p in Plan.objects.filter(policy=policy)}
    assert plans == {
        ("LOCAL", "monthly"),
        ("LOCAL", "annual"),
        ("WEB", "monthly"),
        ("WEB", "annual"),
    }
    # tickets still expire every month, whatever the billing period (item 2)
    assert set(Plan.objects.filter(policy=policy).values_list("quota_period", flat=True)) == {
        "monthly"
    }


def test_item_3_a_web_clients_monthly_fee_carries_the_40_percent_cloud_discount(agent_client):
    """Seed 003, item 3: "Si usted es un usuario WEB y tiene contratado nuestro software como
    servicio en nuestra Nube, tendrá un descuento del 40%" — on the plan's fee, billed each
    month by the daily command and shown on the statement."""
    organization, usr = client_of(
        "sisnova", "web-mensual", edition="WEB", time_zone="America/Panama"
    )
    first_day = month_start(organization.time_zone)

    printed = bill_fees(first_day)
    assert "Plan mensual INVEX WEB, 60.00 USD" in printed
    assert bill_fees(first_day).strip().endswith("0 cuotas de planes facturadas.")  # idempotent

    (line,) = statement_lines(agent_client, organization)
    assert (line["kind"], line["gross"], line["net"]) == ("plan_fee", "100.00", "60.00")
    assert line["discounts"] == [{"label": "WEB", "percent": "40.00", "amount": "40.00"}]
    assert charge_is_exact(Charge.objects.get(pk=line["id"]))

    month = this_month(organization)
    page = agent_client.get(f"/billing/organizations/{organization.pk}/statement/{month}/")
    assert "cuota del plan" in page.content.decode()
    csv = agent_client.get(f"/billing/organizations/{organization.pk}/statement/{month}.csv")
    row = "cuota del plan;Plan mensual INVEX WEB;1,0000;100,00;USD;100,00;WEB 40,00 % = 40,00"
    assert f"{row};40,00;60,00" in csv.content.decode()
    portal = signed_in(usr).get("/portal/plan/").content.decode()
    assert "cuota del plan · Plan mensual INVEX WEB" in portal
    assert "60,00 USD" in portal


def test_item_2_an_annual_plan_is_billed_once_a_year(agent_client):
    """Seed 003, items 2 and 5: annual subscriptions, renewed automatically — one fee a year."""
    organization, _usr = client_of(
        "sisnova", "web-anual", edition="WEB", time_zone="America/Panama"
    )
    first_day = month_start(organization.time_zone)
    bill_fees(first_day)
    for later in (first_day.replace(day=15), first_day.replace(day=28)):
        assert "0 cuotas" in bill_fees(later)
    (line,) = statement_lines(agent_client, organization)
    assert (line["kind"], line["gross"], line["net"]) == ("plan_fee", "1000.00", "600.00")


def test_item_3_a_local_client_pays_the_fee_without_the_cloud_discount(agent_client):
    """Seed 003, item 3: the 40 % is for WEB clients in Sisnova's cloud only."""
    organization, _usr = client_of(
        "sisnova", "local-mensual", edition="LOCAL", time_zone="America/Panama"
    )
    bill_fees(month_start(organization.time_zone))
    (line,) = statement_lines(agent_client, organization)
    assert (line["gross"], line["discounts"], line["net"]) == ("100.00", [], "100.00")
    assert Decimal(line["net"]) == Decimal("100.00")
