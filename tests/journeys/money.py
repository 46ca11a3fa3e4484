"""The doors a money journey walks through: the REST API as a client's integration, the portal
as a signed-in contact, the desk and the monthly statement as an agent."""

import json
from typing import Any

from django.test import Client
from django.utils import timezone

from tiquetera.api.tokens import issue_token
from tiquetera.directory.models import Contact, Organization
from tiquetera.portal.tests.conftest import signed_in
from tiquetera.testing.factories import AgentFactory, UserFactory
from tiquetera.tickets.models import Case

# The smallest PDF the attachment checks read as one.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def api(contact: Contact) -> Client:
    """The contact's integration: an API token of its own."""
    if contact.user is None:
        contact.user = UserFactory(username=contact.email)
        contact.save(update_fields=["user"])
    _, token = issue_token(contact.user, name="ERP", actor=contact.user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def open_by_api(contact: Contact, **values: Any) -> Case:
    """A case opened through POST /api/v1/cases (201 whatever the rules decided)."""
    response = post(api(contact), "/api/v1/cases", {"subject": "Falla al facturar", **values})
    assert response.status_code == 201, response.content
    return Case.objects.get(number=response.json()["number"])


def portal(contact: Contact) -> Client:
    return signed_in(contact)


def agent() -> Client:
    browser = Client()
    browser.force_login(AgentFactory(username="agente.cobros"))
    return browser


def statement(organization: Organization, *, csv: bool = False) -> str:
    """This month's statement of the organization, as an agent reads it."""
    today = timezone.localdate()
    suffix = ".csv" if csv else "/"
    url = f"/billing/organizations/{organization.pk}/statement/{today:%Y-%m}{suffix}"
    response = agent().get(url)
    assert response.status_code == 200, response.content
    return response.content.decode()
