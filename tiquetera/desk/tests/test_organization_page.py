"""The organization page: identity and standing, contacts with their roles, contracts and what
is left of each plan, open and past cases, statement links and the history; agents only."""

import datetime as dt

import pytest
from django.utils import translation

from tiquetera.core.dates import short_date
from tiquetera.desk.tests.world import open_case
from tiquetera.directory.models import Organization
from tiquetera.directory.services import set_payment_standing
from tiquetera.testing.factories import ContactFactory
from tiquetera.tickets.services import change_status

pytestmark = pytest.mark.django_db


def test_the_page_shows_identity_contacts_allowance_cases_statements_and_history(
    agent_client, agent, usr
):
    organization = usr.organization
    set_payment_standing(organization, "behind", actor=agent)
    ContactFactory(organization=organization, name="Luis Gerente", role="manager")
    case = open_case(usr)

    page = agent_client.get(f"/organizations/{organization.pk}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert organization.tax_id in html
    with translation.override("es"):
        assert str(Organization.Standing.BEHIND.label) in html
    assert "Luis Gerente" in html and "Ana Pérez" in html
    assert case.number in html
    assert f"/billing/organizations/{organization.pk}/statement/" in html
    assert "Estado de pagos fijado" in html and "organization.standing_set" not in html


def test_the_allowance_is_what_the_contracts_selector_says_is_left(agent_client, usr):
    open_case(usr, received_at=None)  # received now: this period's allowance

    page = agent_client.get(f"/organizations/{usr.organization.pk}/")

    plans = page.context["page"].allowances
    assert plans, "the suscripcion-1 contract is in force"
    assert plans[0].total.used == 1
    assert plans[0].contract.plan.name in page.content.decode()
    # The period named by its last day, as the portal does, not the first day it does not cover.
    last = short_date(plans[0].ends - dt.timedelta(days=1))
    assert f"al {last}" in page.content.decode()


def test_a_finished_case_is_listed_among_the_past_ones(agent_client, agent, usr):
    case = open_case(usr)
    change_status(case, "closed", actor=agent, reason="Duplicado")

    page = agent_client.get(f"/organizations/{usr.organization.pk}/")

    assert [c.number for c in page.context["page"].past_cases] == [case.number]
    assert page.context["page"].open_cases == []


def test_clients_and_strangers_never_see_the_page(outsider_client, usr):
    assert outsider_client.get(f"/organizations/{usr.organization.pk}/").status_code == 403


def test_an_unknown_organization_is_not_found(agent_client):
    assert agent_client.get("/organizations/999999/").status_code == 404


def test_the_case_page_and_the_queue_link_to_the_organization_and_the_requester(agent_client, usr):
    case = open_case(usr)

    case_page = agent_client.get(f"/cases/{case.number}/").content.decode()
    queue = agent_client.get("/queue/").content.decode()

    for html in (case_page, queue):
        assert f"/organizations/{usr.organization.pk}/" in html
    assert f"/contacts/{usr.pk}/" in case_page
