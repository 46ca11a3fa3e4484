"""GET /api/v1/organizations/{id}/contracts and /allowance: agents read any organization's plan use
(seed 003, Sisnova: clients see their plan's remaining tickets — the portal comes later)."""

import datetime as dt

import pytest

from tiquetera.contracts.services import consume, start_contract
from tiquetera.contracts.tests.factories import JULY_1, IntermediaPlanFactory, at
from tiquetera.testing.factories import OrganizationFactory

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def organization():
    plan = IntermediaPlanFactory()
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, end=dt.date(2026, 8, 1), actor=None)
    consume(organization, "P1", reference="c1", at=at(JULY_1))
    consume(organization, "P2", reference="c2", at=at(JULY_1))
    return organization


def test_an_agent_reads_the_contracts(agent_client, organization):
    response = agent_client.get(f"/api/v1/organizations/{organization.pk}/contracts")
    assert response.status_code == 200
    (contract,) = response.json()
    assert contract["plan"] == "intermedia"
    assert contract["start"] == "2026-07-01"
    assert contract["status"] == "active"


def test_an_agent_reads_what_is_left(agent_client, organization):
    response = agent_client.get(
        f"/api/v1/organizations/{organization.pk}/allowance", {"at": "2026-07-15"}
    )
    assert response.status_code == 200
    (allowance,) = response.json()
    assert (allowance["starts"], allowance["last_day"]) == ("2026-07-01", "2026-07-31")
    assert allowance["total"] == {
        "priority": None,
        "cap": 14,
        "used": 2,
        "left": 12,
        "usable": 12,
        "limited_by": "priority",
        "included": True,
    }
    assert [(p["priority"], p["left"]) for p in allowance["priorities"]] == [
        ("P1", 5),
        ("P2", 4),
        ("P3", 4),
    ]


def test_a_period_not_opened_yet_shows_the_plans_caps(agent_client, organization):
    response = agent_client.get(
        f"/api/v1/organizations/{organization.pk}/allowance", {"at": "2026-08-10"}
    )
    (allowance,) = response.json()  # renewed automatically on August 1
    assert allowance["starts"] == "2026-08-01"
    assert allowance["total"]["left"] == 14


def test_an_organization_without_a_contract_has_no_allowance(agent_client):
    response = agent_client.get(f"/api/v1/organizations/{OrganizationFactory().pk}/allowance")
    assert response.json() == []


def test_an_unknown_organization_is_404(agent_client):
    assert agent_client.get("/api/v1/organizations/999999/contracts").status_code == 404


def test_only_agents_may_ask(client, outsider_client, organization):
    assert client.get(f"/api/v1/organizations/{organization.pk}/contracts").status_code == 401
    assert (
        outsider_client.get(f"/api/v1/organizations/{organization.pk}/allowance").status_code == 401
    )
