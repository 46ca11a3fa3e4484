"""The cast and the doors of the journeys: a preset loaded with a client organization whose USR
has a contract from the first day of the current month (so the portal's plan page, which shows
this month's statement, shows what the journey billed); the REST API as a client's integration,
the portal as a signed-in contact, the desk and the monthly statement as an agent."""

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

from tiquetera.api.tokens import issue_token
from tiquetera.contracts.services.lifecycle import start_contract
from tiquetera.directory.models import Contact, Organization
from tiquetera.portal.tests.conftest import signed_in
from tiquetera.testing.factories import (
    AgentFactory,
    ContactFactory,
    OrganizationFactory,
    UserFactory,
)
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.intake.request import IntakeRequest
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import preset

__all__ = ["preset", "signed_in"]  # re-exported: the journeys' preset loader and portal browser

# The smallest PDF the attachment checks read as one.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


# --- the cast ------------------------------------------------------------------------------------
def month_start(time_zone: str) -> dt.date:
    """The first day of the current month in `time_zone`."""
    return timezone.localdate(timezone=ZoneInfo(time_zone)).replace(day=1)


def this_month(organization: Organization) -> str:
    """The current month in the organization's zone, as statements name it: "2026-12"."""
    return month_start(organization.time_zone).strftime("%Y-%m")


def client_of(
    policy_name: str, plan: str | None, **organization: object
) -> tuple[Organization, Contact]:
    """An organization of the preset with its USR; a contract on `plan` from the first day of
    the current month."""
    policy = preset(policy_name)
    org = OrganizationFactory(policy=policy, **organization)
    contact = ContactFactory(organization=org, role="usr", name="Ana Pérez")
    if plan is not None:
        start_contract(org, plan, start=month_start(org.time_zone), actor=None)
    return org, contact


def open_case(contact: Contact, **values: object) -> Case:
    """A case through the one intake pipeline, as the portal form submits it, received now."""
    base: dict[str, object] = {
        "channel": "portal",
        "subject": "No imprime la factura electrónica",
        "description": "Al imprimir la factura 123 aparece el error E-501.",
        "organization": contact.organization,
        "requester": contact,
        "received_at": None,
    }
    base.update(values)
    return submit(IntakeRequest(**base))  # type: ignore[arg-type]


# --- the doors -----------------------------------------------------------------------------------
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


def statement_lines(agent_client: Client, organization: Organization) -> list[dict]:
    """The month's statement lines as the API gives them (agents)."""
    response = agent_client.get(
        f"/api/v1/organizations/{organization.pk}/statement",
        {"month": this_month(organization)},
    )
    assert response.status_code == 200, response.content
    return response.json()["charges"]
