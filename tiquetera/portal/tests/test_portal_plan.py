"""The plan page: what is left of each plan in force in plain words (CustomSoft's póliza Básica,
seed 001: "Prioridad 1: 5 tickets. Prioridad 2: Hasta 2 tickets. Prioridad 3: Hasta 1 ticket",
up to 8 events), the organization's contracts, and — for its USR — this month's and last
month's statements with amounts in their currency."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tiquetera.billing.services import charge_onsite_visit
from tiquetera.contracts.models import Plan, PlanQuota
from tiquetera.testing.factories import ContactFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.tests.intake_world import client, request

from .conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def basica():
    _org, usr = client("customsoft", plan="basica")
    return usr


def p1_case(contact):
    return submit(request(contact, case_type="incidente", severity="P1", received_at=None))


def test_anonymous_and_agents_are_kept_out(agent_client):
    assert Client().get("/portal/plan/").status_code == 302
    assert agent_client.get("/portal/plan/").status_code == 403


def test_the_plan_page_counts_the_tickets_consumed_this_month(basica):
    for _ in range(3):
        assert p1_case(basica).consumption.outcome == "covered"
    page = signed_in(basica).get("/portal/plan/").content.decode()
    assert "Prioridad 1: 2 de 5 disponibles este mes" in page
    assert "Prioridad 2: 2 de 2 disponibles este mes" in page
    assert "5 de 8 disponibles este mes" in page
    assert "Póliza Básica" in page
    assert (
        "3 cases covered by your plan."
        in signed_in(basica, language="en").get("/portal/plan/").content.decode()
    )


def test_an_uncapped_plan_says_no_limit():
    """Seed 002 (JQ Systems): the subscription levels set no number of cases."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    page = signed_in(usr, language="en").get("/portal/plan/").content.decode()
    assert "All priorities: no limit (0 used)" in page


def test_a_priority_with_a_cap_of_zero_says_not_included(basica):
    PlanQuota.objects.filter(plan__key="basica", priority="P3").update(cap=0)
    page = signed_in(basica, language="en").get("/portal/plan/").content.decode()
    assert "Prioridad 3: not included in your plan" in page


def test_contracts_show_plan_dates_and_renewal(basica):
    page = signed_in(basica, language="en").get("/portal/plan/").content.decode()
    assert "Póliza Básica" in page
    assert '<td data-label="From">Jul 1, 2026</td>' in page  # a table: the short style
    assert "Renews automatically." in page or "until cancelled" in page


def test_the_usr_sees_the_statements_with_amounts_in_their_currency(basica, agent):
    Plan.objects.filter(policy=basica.organization.policy, key="basica").update(
        onsite_price=Decimal("1250000.50")
    )
    today = timezone.localdate()
    charge_onsite_visit(basica.organization, on=today, actor=agent)  # the month's free visit
    charge_onsite_visit(basica.organization, on=today, actor=agent, reference="Visita extra")
    page = signed_in(basica, language="en").get("/portal/plan/").content.decode()
    assert "$\xa01,250,000.50 MXN" in page and "Visita extra" in page
    spanish = signed_in(basica).get("/portal/plan/").content.decode()
    assert "$\xa01.250.000,50 MXN" in spanish  # Colombian Spanish groups thousands with a dot
    previous = today.replace(day=1) - dt.timedelta(days=1)
    assert f'id="statement-{today:%Y-%m}"' in page
    assert f'id="statement-{previous:%Y-%m}"' in page


def test_a_plain_user_sees_the_plan_but_not_the_statements(basica):
    user = ContactFactory(organization=basica.organization, role="user", email="aux@empresa.mx")
    page = signed_in(user).get("/portal/plan/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Prioridad 1: 5 de 5 disponibles este mes" in text
    assert 'class="statement"' not in text


def test_another_organizations_plan_is_not_shown(basica):
    _org, other = client("customsoft", plan="avanzada", email="otro@empresa.mx")
    page = signed_in(other).get("/portal/plan/").content.decode()
    assert "Póliza Avanzada" in page and "Póliza Básica" not in page
