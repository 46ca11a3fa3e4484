"""The case page's closed action forms come on demand (`desk/case_lazy_forms.py`, issue 18):
the page carries each one's summary and a link to its fragment; the fragment is the form, for
htmx, or a page of its own without JavaScript; only agents, only a case they may see; a refused
action still comes back open in place; and the page's statements do not grow."""

import pytest
from django.test import Client

from tiquetera.billing.tests.factories import jq_contractual_client
from tiquetera.directory.models import Agent
from tiquetera.testing.factories import ContactFactory, OrganizationFactory, UserFactory
from tiquetera.tickets.models import DeskRules
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

from .world import open_case

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_page_links_each_closed_form_and_renders_none(agent_client, usr):
    case = open_case(usr)
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    for name in ("assign", "status", "severity", "case_type", "time", "merge", "out_of_scope"):
        url = f"/cases/{case.number}/forms/{name}/"
        assert f'hx-get="{url}" hx-trigger="toggle once from:closest details"' in page
        assert f'<a href="{url}">Abrir el formulario</a>' in page  # without JavaScript
        assert f'id="action-{name}"' not in page
    assert 'id="action-reply"' in page and 'id="action-note"' in page  # open: in the page
    assert 'name="minutes"' not in page and 'name="into"' not in page


def test_the_fragment_is_the_form_for_htmx_and_a_page_without_it(agent_client, usr):
    case = open_case(usr)
    url = f"/cases/{case.number}/forms/time/"
    fragment = agent_client.get(url, **HTMX).content.decode()
    assert fragment.lstrip().startswith('<form id="action-time"')
    assert f'hx-post="/cases/{case.number}/time/" hx-target="#case"' in fragment
    assert 'name="minutes"' in fragment and "Registrar el tiempo" in fragment
    page = agent_client.get(url).content.decode()
    assert "<h1>Registrar tiempo</h1>" in page
    assert f'action="/cases/{case.number}/time/">' in page and "hx-post" not in page
    assert f'<a href="/cases/{case.number}/">{case.number} · ' in page


def test_the_remote_form_names_the_policys_tools(agent_client):
    case = CaseFactory(status=Status.IN_PROGRESS)
    DeskRules.objects.create(policy=case.policy, modality_ladder=[], remote_tools=["AnyDesk"])
    fragment = agent_client.get(f"/cases/{case.number}/forms/remote/", **HTMX).content.decode()
    assert 'id="action-remote"' in fragment and "Herramientas: AnyDesk" in fragment


def test_a_refused_lazy_form_comes_back_open_with_the_agents_values(agent_client, usr):
    case = open_case(usr)
    response = agent_client.post(
        f"/cases/{case.number}/time/", {"minutes": "0", "description": "Revisión con el USR"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    details = page.split('<details id="details-time" open>', 1)[1].split("</details>", 1)[0]
    assert 'id="action-time"' in details and "Revisión con el USR" in details
    assert 'role="alert"' in details
    assert 'id="action-assign"' not in page  # the others stay closed, fetched when opened


def test_only_agents_get_a_fragment(usr):
    case = open_case(usr)
    url = f"/cases/{case.number}/forms/assign/"
    assert Client().get(url).status_code == 302  # to sign in
    user = UserFactory(username="ana.cliente")
    ContactFactory(organization=usr.organization, user=user, email="otra@hotelcliente.co")
    own = Client()
    own.force_login(user)
    assert own.get(url, **HTMX).status_code == 403  # a client, even of the case's organization
    clinic = OrganizationFactory(policy=usr.organization.policy, legal_name="Clínica Norte")
    stranger = UserFactory(username="clinica")
    ContactFactory(organization=clinic, user=stranger, email="usr@clinica.co")
    other = Client()
    other.force_login(stranger)  # another organization's client
    response = other.get(url, **HTMX)
    assert response.status_code == 403 and case.subject not in response.content.decode()


def test_a_fragment_needs_a_case_and_an_action_the_page_offers(agent_client, agent, usr):
    case = open_case(usr)
    assert agent_client.get("/cases/JQ-2026-999999/forms/assign/").status_code == 404
    assert agent_client.get(f"/cases/{case.number}/forms/delete/").status_code == 404
    assert agent_client.get(f"/cases/{case.number}/forms/reply/").status_code == 404  # in page
    first, second = CaseFactory(), CaseFactory()
    assert first.number == second.number  # two policies' case: no one case, as the page
    assert agent_client.get(f"/cases/{first.number}/forms/assign/").status_code == 404
    assert agent_client.get(f"/cases/{case.number}/forms/override/").status_code == 404
    Agent.objects.create(user=agent, is_vendor_admin=True)
    assert agent_client.get(f"/cases/{case.number}/forms/override/").status_code == 200


def test_the_case_page_and_a_fragment_keep_their_statements(
    agent_client, usr, django_assert_max_num_queries
):
    """Counted when the closed forms became lazy (two fewer than before: the assignment form's
    teams and agents are read by its fragment). More is a regression; fewer, lower them."""
    case = open_case(usr)
    with django_assert_max_num_queries(PAGE_STATEMENTS):
        assert agent_client.get(f"/cases/{case.number}/").status_code == 200
    with django_assert_max_num_queries(FRAGMENT_STATEMENTS):
        assert agent_client.get(f"/cases/{case.number}/forms/assign/", **HTMX).status_code == 200


PAGE_STATEMENTS = 28  # the session, the user and the agent's permissions included
FRAGMENT_STATEMENTS = 5  # the session, the user, the case, the teams, the agents


def test_time_is_billable_by_default_only_where_a_contract_has_an_hourly_rate(agent_client, usr):
    """A JQ subscription has no hourly rate: its time form comes unticked, so logging time does
    not meet "ningún contrato … tiene tarifa por hora"; a contractual (hourly) client's comes
    ticked."""
    covered = open_case(usr)
    hourly = CaseFactory(organization=jq_contractual_client(), status=Status.IN_PROGRESS)
    for case, ticked in ((covered, False), (hourly, True)):
        form = agent_client.get(f"/cases/{case.number}/forms/time/", **HTMX).content.decode()
        box = form.split('name="billable"', 1)[1].split(">", 1)[0]
        assert ("checked" in box) is ticked, case.number
