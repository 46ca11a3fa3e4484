"""GET /api/v1/queue (`desk/api.py`): the queue's pages as JSON, with the page's filters and
cursor; agents only."""

import datetime as dt

import pytest
from django.test import Client

from tiquetera.testing.factories import OrganizationFactory
from tiquetera.tickets.tags import add_tags
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.UTC)


@pytest.fixture
def organization():
    return OrganizationFactory(legal_name="Hotel Las Palmas S.A.S.")


def make(organization, count: int, **values):
    return [
        CaseFactory(
            organization=organization,
            status="open",
            plan_rank=2,
            severity_rank=1,
            sla_due_at=None if n % 3 == 0 else NOON + dt.timedelta(minutes=n % 2),
            **values,
        )
        for n in range(count)
    ]


def test_the_api_pages_through_the_queue_with_the_cursor(agent_client, organization):
    cases = make(organization, 7)
    seen, after = [], ""
    while True:
        response = agent_client.get("/api/v1/queue", {"size": 3, "after": after})
        assert response.status_code == 200
        body = response.json()
        seen += [case["number"] for case in body["cases"]]
        if body["next"] is None:
            break
        after = body["next"]
    expected = sorted(cases, key=lambda c: (c.sla_due_at is None, c.sla_due_at or NOON, c.pk))
    assert seen == [case.number for case in expected]


def test_a_case_in_the_api(agent_client, agent, organization):
    case = CaseFactory(
        organization=organization, status="in_progress", plan_rank=1, severity_rank=1,
        sla_due_at=NOON, sla_breached=True, assignee=agent, channel="phone",
    )  # fmt: skip
    (item,) = agent_client.get("/api/v1/queue").json()["cases"]
    assert item == {
        "id": case.pk,
        "number": case.number,
        "url": f"/cases/{case.number}/",
        "subject": case.subject,
        "organization": {"id": organization.pk, "name": "Hotel Las Palmas S.A.S."},
        "severity": "S3",
        "status": "in_progress",
        "channel": "phone",
        "assignee": agent.get_username(),
        "team": None,
        "plan_rank": 1,
        "severity_rank": 1,
        "sla_due_at": "2026-03-02T17:00:00Z",
        "sla_breached": True,
    }


def test_the_api_takes_the_filters(agent_client, agent, organization):
    (mine,) = make(organization, 1, assignee=agent)
    make(organization, 2)
    waiting = CaseFactory(organization=organization, status="waiting_on_client")

    def numbers(query):
        return [c["number"] for c in agent_client.get("/api/v1/queue", query).json()["cases"]]

    assert numbers({"mine": "true"}) == [mine.number]
    assert numbers({"waiting_on_client": "true"}) == [waiting.number]
    assert numbers({"organization": OrganizationFactory().pk}) == []
    add_tags(mine, "facturación", actor=None)
    assert numbers({"tag": "Facturación"}) == [mine.number]


def test_bad_input_is_a_400_or_422(agent_client):
    assert agent_client.get("/api/v1/queue", {"after": "broken"}).status_code == 400
    assert agent_client.get("/api/v1/queue", {"status": "lost"}).status_code == 400
    assert agent_client.get("/api/v1/queue", {"mine": "maybe"}).status_code == 422


def test_only_agents_may_call_it(outsider_client, organization):
    make(organization, 1)
    assert Client().get("/api/v1/queue").status_code == 401
    assert outsider_client.get("/api/v1/queue").status_code == 401
