"""A client's token never reaches another organization's data, on every route of the API.

The routes are read from the OpenAPI document, so a route added later is walked too: each is
called with the clinic's token, its path and query parameters pointing at the hotel's case,
organization and token, and with a body that would be valid. Whatever the answer, nothing of
the hotel's may be in it, and nothing of the hotel's may change."""

import json
import re
from decimal import Decimal

import pytest

from tiquetera.api.main import api
from tiquetera.api.models import ApiToken
from tiquetera.api.tests.conftest import bearer, client_of
from tiquetera.api.tokens import issue_token
from tiquetera.audit.models import AuditEvent
from tiquetera.billing.models import Charge
from tiquetera.billing.quotes import quote_work
from tiquetera.inquiries.models import Inquiry
from tiquetera.inquiries.services import client_asked
from tiquetera.testing.factories import AgentFactory, AgentProfileFactory
from tiquetera.testing.shared_world import shared_world
from tiquetera.tickets.models import Article, Case

pytestmark = pytest.mark.django_db

BODIES = {
    "/api/v1/cases": {"subject": "Caso", "organization": None, "requester_email": "ana@hotel.co"},
    "/replies": {"body": "hola"},
    "/notes": {"body": "nota"},
    "/transitions": {"status": "in_progress", "reason": "x"},
    "/assignment": {"agent": "agente"},
    "/tags": {"tags": ["urgente"]},
    "/answers": {"body": "hola"},
    "/case-type": {"case_type": "urgencia", "reason": "x"},
    "/case": {"subject": "Caso"},
    "/api/v1/tokens": {"name": "otro"},
}


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker):
    """The hotel, the clinic and an agent's token, built once for the module's walk (each test's
    changes are rolled back)."""

    def build():
        hotel = client_of("Hotel Cliente S.A.S.", "ana@hotel.co")
        clinic = client_of("Clínica Norte S.A.S.", "luis@clinica.co")
        agent = AgentFactory(username="agente")
        AgentProfileFactory(user=agent)
        return hotel, clinic, issue_token(agent, name="integración", actor=agent)[1]

    with shared_world(django_db_blocker, build) as built:
        yield built


@pytest.fixture
def hotel(cast):
    return cast[0]


@pytest.fixture
def clinic(cast):
    return cast[1]


@pytest.fixture
def agent_token(cast):
    return cast[2]


def routes():
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            yield method, path, [p["name"] for p in operation.get("parameters", [])]


def test_every_route_is_walked():
    walked = {(m, p) for m, p, _ in routes()}
    assert ("post", "/api/v1/cases") in walked and len(walked) >= 19


@pytest.mark.parametrize(("method", "path", "parameters"), list(routes()))
def test_a_client_token_never_reaches_another_organization(
    method, path, parameters, hotel, clinic, agent_token
):
    # a quote proposed to the hotel: the clinic's token must neither see nor accept it
    quote = quote_work(
        hotel.organization, actor=None, amount=Decimal("100.00"), currency="COP", description="x"
    )
    # an inquiry of the hotel: a client's token reaches no inquiry at all (agents only)
    inquiry, _ = client_asked(
        hotel.contact, body="¿Cómo exporto?", channel="whatsapp", sent_at=hotel.case.created_at
    )
    theirs = {
        "inquiry_id": inquiry.pk,
        "quote_id": quote.pk,
        "number": hotel.case.number,
        "organization_id": hotel.organization.pk,
        "organization": hotel.organization.pk,
        "token_id": ApiToken.objects.get(user=hotel.contact.user).pk,
        "policy": hotel.organization.policy.slug,
        "key": "regular",
        "name": "urgente",
    }
    url = re.sub(r"\{(\w+)\}", lambda m: str(theirs[m.group(1)]), path)
    query = {
        name: theirs[name] for name in parameters if name in theirs and f"{{{name}}}" not in path
    }
    body = next((b for suffix, b in BODIES.items() if path.endswith(suffix)), None)
    if body is not None and "organization" in body:
        body = {**body, "organization": hotel.organization.pk}
    before = (
        Case.objects.get(pk=hotel.case.pk).status,
        Article.objects.filter(case__organization=hotel.organization).count(),
        AuditEvent.objects.filter(organization=hotel.organization).count(),
        ApiToken.objects.filter(user=hotel.contact.user, revoked_at__isnull=True).count(),
        Charge.objects.filter(organization=hotel.organization).count(),
        Inquiry.objects.get(pk=inquiry.pk).status,
    )

    client = bearer(clinic.token)
    if method == "get":
        response = client.get(url, query)
    else:
        response = getattr(client, method)(
            url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""),
            json.dumps(body or {}),
            content_type="application/json",
        )

    text = response.content.decode()
    assert response.status_code < 500, text
    for secret in (hotel.case.number, hotel.organization.legal_name, hotel.contact.email):
        assert secret not in text, (method, path, response.status_code)
    after = (
        Case.objects.get(pk=hotel.case.pk).status,
        Article.objects.filter(case__organization=hotel.organization).count(),
        AuditEvent.objects.filter(organization=hotel.organization).count(),
        ApiToken.objects.filter(user=hotel.contact.user, revoked_at__isnull=True).count(),
        Charge.objects.filter(organization=hotel.organization).count(),
        Inquiry.objects.get(pk=inquiry.pk).status,
    )
    assert after == before, (method, path)
    if method == "post" and path == "/api/v1/cases":  # allowed: but for its own organization
        created = Case.objects.get(number=response.json()["number"])
        assert created.organization == clinic.organization
