"""The cast of the money journeys: a preset loaded, a client organization with its USR signed
in to the portal, a contract from the first day of the current month (so the portal's plan
page, which shows this month's statement, shows what the journey billed)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.test import Client
from django.utils import timezone

from tiquetera.contracts.services.lifecycle import start_contract
from tiquetera.directory.models import Contact, Organization
from tiquetera.testing.factories import ContactFactory, OrganizationFactory, UserFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.intake.request import IntakeRequest
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import preset


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


def signed_in(contact: Contact) -> Client:
    """A browser signed in as `contact`, in Spanish."""
    if contact.user is None:
        contact.user = UserFactory()
        contact.save(update_fields=["user"])
    browser = Client()
    browser.force_login(contact.user)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return browser


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


def statement_lines(agent_client: Client, organization: Organization) -> list[dict]:
    """The month's statement lines as the API gives them (agents)."""
    response = agent_client.get(
        f"/api/v1/organizations/{organization.pk}/statement",
        {"month": this_month(organization)},
    )
    assert response.status_code == 200, response.content
    return response.json()["charges"]
