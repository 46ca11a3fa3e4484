"""The queue page (/queue/, `desk/queue_views.py`): the table in order, the filters form, the
next page by htmx, only agents, and a constant number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from tiquetera.testing.factories import ContactFactory, OrganizationFactory, UserFactory
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.UTC)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def organization():
    return OrganizationFactory(legal_name="Hotel Las Palmas S.A.S.")


def cases(organization, count: int, **values):
    return [
        CaseFactory(
            organization=organization,
            status="open",
            plan_rank=1,
            severity_rank=2,
            sla_due_at=NOON + dt.timedelta(minutes=n),
            **values,
        )
        for n in range(count)
    ]


def page_of(some_client: Client, query: str = "", **headers) -> str:
    response = some_client.get(f"/queue/{query}", **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_queue_lists_the_cases_in_order_with_links_to_them(agent_client, agent, organization):
    later = CaseFactory(
        organization=organization, status="open", plan_rank=1, severity_rank=2,
        sla_due_at=NOON, sla_breached=True, assignee=agent, subject="Tarde <b>y</b> vencido",
    )  # fmt: skip
    urgency = CaseFactory(
        organization=organization, status="new", plan_rank=1, severity_rank=1, sla_due_at=None
    )
    page = page_of(agent_client)
    assert page.index(f'href="/cases/{urgency.number}/"') < page.index(
        f'href="/cases/{later.number}/"'
    )
    assert "Hotel Las Palmas S.A.S." in page
    assert escape("Tarde <b>y</b> vencido") in page
    assert agent.get_full_name() in page
    assert 'class="sla sla-breached"' in page
    assert 'id="queue-more"' not in page


def test_the_filters_narrow_the_table_and_stay_checked(agent_client, agent, organization):
    mine = CaseFactory(organization=organization, status="open", assignee=agent)
    other = CaseFactory(organization=organization, status="open")
    page = page_of(agent_client, "?mine=1")
    assert mine.number in page and other.number not in page
    assert 'name="mine" value="1" checked' in page


def test_more_loads_the_next_rows_by_htmx_without_the_layout(agent_client, organization):
    all_cases = cases(organization, 55)
    page = page_of(agent_client)
    assert page.count('href="/cases/') == 50
    more = page.split('id="queue-more"', 1)[1]
    next_url = more.split('hx-get="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert next_url.startswith("/queue/?after=")
    assert 'hx-swap="outerHTML"' in more and 'hx-target="closest tr"' in more

    rows = page_of(agent_client, next_url.removeprefix("/queue/"), **HTMX)
    assert "<html" not in rows
    assert [line for line in rows.split('href="/cases/')[1:]] and rows.count('href="/cases/') == 5
    assert [c.number for c in all_cases[50:]] == [
        part.split("/", 1)[0] for part in rows.split('href="/cases/')[1:]
    ]
    assert 'id="queue-more"' not in rows


def test_more_keeps_the_filters(agent_client, agent, organization):
    cases(organization, 51, assignee=agent)
    cases(organization, 3)
    page = page_of(agent_client, "?mine=1")
    next_url = (
        page.split('id="queue-more"', 1)[1]
        .split('hx-get="', 1)[1]
        .split('"', 1)[0]
        .replace("&amp;", "&")
    )
    assert "mine=1" in next_url
    rows = page_of(agent_client, next_url.removeprefix("/queue/"), **HTMX)
    assert rows.count('href="/cases/') == 1


def test_without_javascript_the_more_link_opens_the_next_page(agent_client, organization):
    cases(organization, 52)
    page = page_of(agent_client)
    href = page.split('id="queue-more"', 1)[1].split('href="', 1)[1].split('"', 1)[0]
    full = page_of(agent_client, href.replace("&amp;", "&").removeprefix("/queue/"))
    assert "<html" in full and full.count('href="/cases/') == 2


def test_a_broken_cursor_or_filter_is_a_400_page_not_a_500(agent_client):
    for query in ("?after=broken", "?status=lost", "?organization=x"):
        response = agent_client.get(f"/queue/{query}")
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in():
    response = Client().get("/queue/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_clients_user_is_refused(organization):
    CaseFactory(organization=organization, status="open")
    user = UserFactory(username="ana.cliente")
    ContactFactory(organization=organization, user=user, role="usr")
    contact_client = Client()
    contact_client.force_login(user)
    assert contact_client.get("/queue/").status_code == 403
    assert contact_client.get("/queue/?mine=1", **HTMX).status_code == 403


def test_the_page_runs_the_same_queries_for_10_or_60_cases(
    agent_client, agent, organization, django_assert_num_queries
):
    from tiquetera.testing.factories import TeamFactory

    team = TeamFactory(name="Nivel 2")
    cases(organization, 10, assignee=agent, team=team)
    with CaptureQueriesContext(connection) as ten:
        page_of(agent_client)
    cases(OrganizationFactory(), 50, assignee=agent, team=team)
    with django_assert_num_queries(len(ten.captured_queries)):
        page = page_of(agent_client)
    assert page.count('href="/cases/') == 50 and "Nivel 2" in page
