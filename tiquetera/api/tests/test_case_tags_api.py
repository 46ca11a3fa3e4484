"""/api/v1/cases/{number}/tags (issue 17): an agent tags a case and takes a tag off; the case
read shows the tags to agents only; a client's token may not tag, and another organization's
case is a 404."""

import json

import pytest

from tiquetera.api.tests.conftest import bearer
from tiquetera.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def tag(client, number: str, tags: list[str]):
    return client.post(
        f"/api/v1/cases/{number}/tags", json.dumps({"tags": tags}), content_type="application/json"
    )


def test_an_agent_tags_a_case_and_reads_the_tags_back(hotel, agent_token):
    agent = bearer(agent_token)
    response = tag(agent, hotel.case.number, ["  Facturación ", "cliente VIP", "facturación"])
    assert response.status_code == 200, response.content
    assert response.json() == {
        "number": hotel.case.number,
        "tags": ["cliente vip", "facturación"],
    }
    read = agent.get(f"/api/v1/cases/{hotel.case.number}").json()
    assert read["tags"] == ["cliente vip", "facturación"]
    event = AuditEvent.objects.get(object_id=str(hotel.case.pk), verb="case.tagged")
    assert event.note == "facturación, cliente vip"

    removed = agent.delete(f"/api/v1/cases/{hotel.case.number}/tags?name=cliente%20vip")
    assert removed.status_code == 200
    assert removed.json()["tags"] == ["facturación"]
    assert AuditEvent.objects.filter(verb="case.untagged", note="cliente vip").count() == 1


def test_a_tag_too_long_is_refused_with_the_reason(hotel, agent_token):
    response = tag(bearer(agent_token), hotel.case.number, ["x" * 41])
    assert response.status_code == 422
    spaces = tag(bearer(agent_token), hotel.case.number, ["   "])
    assert spaces.status_code == 400
    assert "Escriba la etiqueta" in spaces.json()["message"]


def test_a_client_token_neither_tags_nor_sees_tags(hotel, clinic, agent_token):
    tag(bearer(agent_token), hotel.case.number, ["interno"])
    own = bearer(hotel.token)
    assert tag(own, hotel.case.number, ["mío"]).status_code == 403
    assert own.get(f"/api/v1/cases/{hotel.case.number}").json()["tags"] == []
    other = bearer(clinic.token)
    assert tag(other, hotel.case.number, ["ajeno"]).status_code == 404
    assert other.delete(f"/api/v1/cases/{hotel.case.number}/tags?name=interno").status_code == 404
    assert bearer(agent_token).get(f"/api/v1/cases/{hotel.case.number}").json()["tags"] == [
        "interno"
    ]
