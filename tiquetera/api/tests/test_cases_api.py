"""/api/v1/cases: the pipeline over HTTP, with the pages' permissions."""

import json

import pytest

from tiquetera.api.tests.conftest import bearer
from tiquetera.api.tokens import issue_token
from tiquetera.sla.models import Clock
from tiquetera.testing.factories import AgentFactory, AgentProfileFactory, ContactFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Article, Case, RawPayload
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.test_intake_jq_systems import DONE, incidencia

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_a_client_opens_a_case_through_the_pipeline_and_the_raw_body_is_kept(hotel):
    response = post(
        bearer(hotel.token),
        "/api/v1/cases",
        {
            "subject": "No abre el módulo de nómina",
            "description": "Error N-12 al entrar.",
            "case_type": "incidencia",
            "severity": "S2",
            # a client cannot speak for another organization or another person
            "organization": 999,
            "requester_email": "otro@otra.co",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(number=body["number"])
    assert (case.channel, case.organization, case.requester) == (
        "api",
        hotel.organization,
        hotel.contact,
    )
    assert body["status"] == case.status and body["intake"] == case.intake
    raw = RawPayload.objects.get(pk=case.raw_id)
    assert raw.channel == "api" and b"N-12" in bytes(raw.content)


def test_a_complete_case_with_the_policys_prerequisite_texts_is_accepted(hotel):
    """The prerequisites are the policy's own sentences (JQ's is 95 characters long)."""
    response = post(
        bearer(hotel.token),
        "/api/v1/cases",
        {
            "subject": "No abre el módulo de nómina",
            "case_type": "incidencia",
            "severity": "S2",
            "fields": {"application": "JQ Nómina", "module": "Liquidación"},
            "prerequisites_done": DONE,
            "channel_justification": "Nuestro ERP abre los casos de la mesa de ayuda.",
        },
    )

    assert response.status_code == 201, response.content
    assert Case.objects.get(number=response.json()["number"]).prerequisites_done == DONE


def test_a_refused_case_is_stored_and_the_answer_says_why(hotel):
    hotel.organization.standing = "behind"
    hotel.organization.save()

    response = post(bearer(hotel.token), "/api/v1/cases", {"subject": "Ayuda", "severity": "S2"})

    assert response.status_code == 201
    body = response.json()
    assert body["intake"] in {"refused", "parked"} and body["intake_message"]
    assert Case.objects.filter(number=body["number"]).exists()


def test_an_agent_opens_a_case_for_a_requester_found_by_email(hotel, agent_token):
    response = post(
        bearer(agent_token),
        "/api/v1/cases",
        {"subject": "Llamada: no factura", "requester_email": "ana@hotel.co", "severity": "S2"},
    )

    assert response.status_code == 201
    assert Case.objects.get(number=response.json()["number"]).requester == hotel.contact


def test_a_case_that_cannot_be_stored_is_a_400_with_the_code(agent_token):
    response = post(
        bearer(agent_token), "/api/v1/cases", {"subject": "x", "requester_email": "nadie@x.co"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_requester"
    assert RawPayload.objects.get().error  # the body is kept with the reason


def test_invalid_input_is_a_422_naming_the_field(hotel):
    response = post(bearer(hotel.token), "/api/v1/cases", {"description": 5})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert {e["field"] for e in body["errors"]} >= {"body.payload.subject"}


def test_list_pages_newest_first_with_a_cursor(hotel, clinic, agent_token):
    api = bearer(agent_token)
    first = api.get("/api/v1/cases", {"size": 1}).json()
    second = api.get("/api/v1/cases", {"size": 1, "after": first["next"]}).json()

    assert [c["number"] for c in first["cases"] + second["cases"]] == [
        clinic.case.number,
        hotel.case.number,
    ]
    assert second["next"] is None
    filtered = api.get("/api/v1/cases", {"organization": hotel.organization.pk}).json()
    assert [c["number"] for c in filtered["cases"]] == [hotel.case.number]


def test_a_client_lists_and_reads_only_its_organizations_cases(hotel, clinic):
    api = bearer(hotel.token)

    listed = api.get("/api/v1/cases").json()["cases"]

    assert [c["number"] for c in listed] == [hotel.case.number]
    assert api.get(f"/api/v1/cases/{hotel.case.number}").status_code == 200
    assert api.get(f"/api/v1/cases/{clinic.case.number}").status_code == 404


def test_replies_notes_transitions_and_assignment(hotel, agent_token):
    agent, client = bearer(agent_token), bearer(hotel.token)
    url = f"/api/v1/cases/{hotel.case.number}"

    assert post(agent, f"{url}/notes", {"body": "Revisar logs"}).status_code == 201
    assert post(agent, f"{url}/replies", {"body": "¿Qué versión usa?"}).status_code == 201
    assert post(client, f"{url}/replies", {"body": "La 8.2"}).status_code == 201
    moved = post(agent, f"{url}/transitions", {"status": "in_progress"})
    assigned = post(agent, f"{url}/assignment", {"agent": "agente"})

    assert moved.status_code == 200 and moved.json()["status"] == Status.IN_PROGRESS
    assert assigned.status_code == 200 and assigned.json()["assignee"] == "agente"
    seen_by_client = client.get(url).json()["articles"]
    assert [a["body_text"] for a in seen_by_client] == ["¿Qué versión usa?", "La 8.2"]
    assert [a["by_agent"] for a in seen_by_client] == [True, False]
    assert len(agent.get(url).json()["articles"]) == 3
    assert Article.objects.filter(channel="api").count() == 2


def test_clients_may_not_write_notes_move_or_assign(hotel):
    client = bearer(hotel.token)
    url = f"/api/v1/cases/{hotel.case.number}"

    for path, data in [
        ("notes", {"body": "x"}),
        ("transitions", {"status": "closed"}),
        ("assignment", {"agent": "agente"}),
    ]:
        response = post(client, f"{url}/{path}", data)
        assert response.status_code == 403, path
        assert response.json()["code"] == "forbidden"
    assert Case.objects.get(pk=hotel.case.pk).status == hotel.case.status


def test_an_illegal_transition_is_a_400_with_the_domain_code(hotel, agent_token):
    response = post(
        bearer(agent_token), f"/api/v1/cases/{hotel.case.number}/transitions", {"status": "new"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "illegal_transition"


def test_a_clients_reply_puts_a_case_waiting_on_it_back_to_work(hotel, agent_token):
    url = f"/api/v1/cases/{hotel.case.number}"
    post(bearer(agent_token), f"{url}/transitions", {"status": "waiting_on_client"})

    response = post(bearer(hotel.token), f"{url}/replies", {"body": "Ya reinicié el equipo."})

    assert response.status_code == 201 and response.json()["by_agent"] is False
    assert Case.objects.get(pk=hotel.case.pk).status == Status.IN_PROGRESS


def test_the_client_confirms_a_resolution_or_reopens_it(hotel, agent_token):
    agent, client = bearer(agent_token), bearer(hotel.token)
    url = f"/api/v1/cases/{hotel.case.number}"
    post(agent, f"{url}/transitions", {"status": "resolved"})

    reopened = post(client, f"{url}/reopening", {"reason": "Sigue fallando"})
    assert reopened.status_code == 200 and reopened.json()["status"] == Status.IN_PROGRESS
    post(agent, f"{url}/transitions", {"status": "resolved"})
    confirmed = post(client, f"{url}/confirmation", {})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == Status.CLOSED
    again = post(client, f"{url}/confirmation", {})
    assert again.status_code == 400 and again.json()["code"] == "illegal_transition"


def test_the_usr_verifies_a_colleagues_case_through_the_api(hotel):
    colleague = ContactFactory(
        organization=hotel.organization, role="user", email="pedro@hotel.co", name="Pedro"
    )
    pending = submit(incidencia(colleague))
    assert pending.status == Status.PENDING_VERIFICATION
    url = f"/api/v1/cases/{pending.number}/verification"

    response = post(bearer(hotel.token), url, {"approve": True})

    assert response.status_code == 200 and response.json()["status"] == Status.OPEN


def test_an_agent_overrides_a_target_and_the_clocks_show_it(hotel):
    admin = AgentFactory(username="jefa")
    AgentProfileFactory(user=admin, is_vendor_admin=True)
    token = issue_token(admin, name="x", actor=admin)[1]
    url = f"/api/v1/cases/{hotel.case.number}"
    metric = Clock.objects.filter(case=hotel.case).values_list("metric", flat=True).first()

    response = post(
        bearer(token),
        f"{url}/sla-overrides",
        {"metric": metric, "minutes": 600, "reason": "Acordado con el cliente por teléfono"},
    )

    assert response.status_code == 200, response.content
    clocks = {c["metric"]: c for c in bearer(token).get(url).json()["clocks"]}
    assert clocks[metric]["target_minutes"] == 600
    assert clocks[metric]["override_reason"] == "Acordado con el cliente por teléfono"
    refused = post(
        bearer(hotel.token), f"{url}/sla-overrides", {"metric": metric, "minutes": 1, "reason": "x"}
    )
    assert refused.status_code == 403
