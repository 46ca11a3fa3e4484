"""GET /api/v1/organizations/{id}/statement?month=YYYY-MM: amounts as strings; agents
read any organization's, a client its own."""

import pytest

from tiquetera.billing.tests.statement_world import july_of_a_web_client

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def organization():
    return july_of_a_web_client()


def endpoint(organization):
    return f"/api/v1/organizations/{organization.pk}/statement"


def test_an_agent_reads_the_statement_with_amounts_as_strings(agent_client, organization):
    response = agent_client.get(endpoint(organization), {"month": "2026-07"})

    assert response.status_code == 200
    data = response.json()
    assert data["month"] == "2026-07"
    assert data["covered"] == [{"priority": "P1", "cases": 1}, {"priority": "P2", "cases": 1}]
    assert data["totals"] == [
        {"currency": "USD", "gross": "120.00", "discounts": "58.80", "net": "61.20", "count": 2}
    ]
    first = data["charges"][0]
    assert (first["kind"], first["quantity"], first["unit_price"], first["net"]) == (
        "extra_ticket",
        "1",
        "60.00",
        "30.60",
    )
    assert first["discounts"] == [
        {"label": "Plan 5 tickets", "percent": "15.00", "amount": "9.00"},
        {"label": "WEB", "percent": "40.00", "amount": "20.40"},
    ]
    assert [c["description"] for c in data["credited"]] == ["C-5"]
    assert data["allowance"][0]["total"] == {
        "priority": None,
        "cap": 2,
        "used": 2,
        "left": 0,
        "usable": 0,
        "limited_by": "priority",
    }


def test_no_amount_is_a_json_number(agent_client, organization):
    data = agent_client.get(endpoint(organization), {"month": "2026-07"}).json()

    def numbers(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from numbers(v)
        elif isinstance(value, list):
            for v in value:
                yield from numbers(v)
        elif isinstance(value, float):
            yield value

    assert list(numbers(data)) == []


def test_a_bad_month_is_a_400_with_a_message(agent_client, organization):
    response = agent_client.get(endpoint(organization), {"month": "julio"})
    assert response.status_code == 400
    assert "julio" in response.json()["message"]


def test_an_unknown_organization_is_404(agent_client, organization):
    response = agent_client.get(
        f"/api/v1/organizations/{organization.pk + 99}/statement", {"month": "2026-07"}
    )
    assert response.status_code == 404


def test_the_api_refuses_non_agents(outsider_client, client, organization):
    assert outsider_client.get(endpoint(organization), {"month": "2026-07"}).status_code == 401
    assert client.get(endpoint(organization), {"month": "2026-07"}).status_code == 401
