"""The queue sorted by any column (issue 17), server side and kept in the query string; its tabs
with their counts, so the default that hides the cases waiting on the client says how many; the
severity filter as a choice; and the polling that keeps the rows already loaded."""

import datetime as dt

import pytest

from tiquetera.desk.queue import QueueFilters, queue_page
from tiquetera.testing.factories import OrganizationFactory, UserFactory
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.UTC)
HTMX = {"HTTP_HX_REQUEST": "true"}


def numbers(agent, **filters) -> list[str]:
    page = queue_page(agent, filters=QueueFilters(**filters))
    return [case.number for case in page.cases]


@pytest.fixture
def three(agent):
    zeta = OrganizationFactory(legal_name="Zeta S.A.S.")
    alfa = OrganizationFactory(legal_name="Alfa S.A.S.")
    return {
        "a": CaseFactory(organization=zeta, status="open", severity_rank=1, subject="Bravo",
                         sla_due_at=NOON + dt.timedelta(hours=2)),
        "b": CaseFactory(organization=alfa, status="new", severity_rank=3, subject="Alfa",
                         sla_due_at=None),
        "c": CaseFactory(organization=alfa, status="in_progress", severity_rank=2,
                         subject="Charlie", sla_due_at=NOON),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("subject", "bac"),
        ("-subject", "cab"),
        ("due", "cab"),  # no deadline last
        ("-due", "acb"),  # and last the other way too
        ("severity", "acb"),
        ("organization", "bca"),  # Alfa's by id, then Zeta's
    ],
)
def test_the_queue_sorts_by_a_column_either_way(agent, three, sort, order):
    assert numbers(agent, sort=sort) == [three[key].number for key in order]


def test_an_unknown_sort_is_a_400(agent_client, three):
    assert agent_client.get("/queue/?sort=password").status_code == 400


def test_the_headings_link_to_the_sort_and_back(agent_client, three):
    page = agent_client.get("/queue/?sort=subject").content.decode()
    heading = page.split('aria-sort="ascending"', 1)[1].split("</th>", 1)[0]
    assert 'href="/queue/?sort=-subject"' in heading
    assert 'href="/queue/?sort=due"' in page


def test_a_sorted_queue_pages_by_offset_and_keeps_the_sort(agent, agent_client, three):
    page = queue_page(agent, filters=QueueFilters(sort="subject"), size=2)
    assert page.next_start == 2 and page.next_cursor is None
    html = agent_client.get("/queue/?sort=subject").content.decode()
    assert "sort=subject" in html.split('id="queue-rows"', 1)[1].split(">", 1)[0]  # polling
    rest = queue_page(agent, filters=QueueFilters(sort="subject"), start=2, size=2)
    assert [c.subject for c in rest.cases] == ["Charlie"] and rest.next_start is None
    rows = agent_client.get("/queue/?sort=subject&start=2", **HTMX).content.decode()
    assert rows.count("data-queue-row") == 1 and "Charlie" in rows


def test_the_tabs_count_what_each_holds(agent_client, agent, three):
    CaseFactory(status="waiting_on_client")
    CaseFactory(status="waiting_on_client")
    CaseFactory(status="closed")
    three["a"].assignee = agent
    three["a"].save(update_fields=["assignee"])
    CaseFactory(status="open", sla_breached=True, assignee=UserFactory(is_staff=True))
    page = agent_client.get("/queue/").content.decode()
    tabs = page.split('class="queue-tabs"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-current="page">' in tabs.split("(4)", 1)[0]  # the default: 4 to act on
    for label, count in [("Esperando al cliente", 2), ("Míos", 1), ("Sin asignar", 2),
                         ("Vencidos", 1)]:  # fmt: skip
        assert f"{label} <small>({count})</small>" in tabs


def test_the_severity_filter_offers_the_policies_severities(agent_client, usr):
    page = agent_client.get("/queue/").content.decode()
    select = page.split('<select name="severity">', 1)[1].split("</select>", 1)[0]
    assert '<option value="S1">' in select


def test_the_polling_asks_for_the_rows_it_has_loaded(agent_client, agent):
    for n in range(60):
        CaseFactory(status="open", sla_due_at=NOON + dt.timedelta(minutes=n))
    polled = agent_client.get("/queue/?rows=55", HTTP_HX_TARGET="queue-rows", **HTMX)
    assert polled.content.decode().count("data-queue-row") == 55
    first = agent_client.get("/queue/?rows=3", HTTP_HX_TARGET="queue-rows", **HTMX)
    assert first.content.decode().count("data-queue-row") == 50  # a page at least
