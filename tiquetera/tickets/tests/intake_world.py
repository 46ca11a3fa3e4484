"""A client of a preset policy, ready to open cases: the preset loaded, an organization with a
contact and (unless told otherwise) an active contract on one of the preset's plans."""

import datetime as dt
from zoneinfo import ZoneInfo

from tiquetera.contracts.services.lifecycle import start_contract
from tiquetera.directory.models import Contact, Organization
from tiquetera.policy.models import Policy
from tiquetera.policy.schema import read_policy
from tiquetera.policy.services import load_policy
from tiquetera.testing.factories import ContactFactory, OrganizationFactory
from tiquetera.tickets.intake.request import IntakeRequest

BOGOTA = ZoneInfo("America/Bogota")
# A Tuesday in office hours: no rule depends on the clock yet, but contracts do on the day.
NOW = dt.datetime(2026, 7, 14, 10, 0, tzinfo=BOGOTA)


def preset(name: str) -> Policy:
    policy_file = read_policy(name)
    return load_policy(policy_file.document, source=policy_file.source).policy


def client(
    policy_name: str,
    *,
    plan: str | None,
    role: str = "usr",
    email: str = "ana.perez@hotelcliente.co",
    **organization: object,
) -> tuple[Organization, Contact]:
    """An organization of the preset with one contact; a contract on `plan` from July 1, 2026."""
    policy = preset(policy_name)
    org = OrganizationFactory(policy=policy, **organization)
    contact = ContactFactory(organization=org, role=role, email=email, name="Ana Pérez")
    if plan is not None:
        start_contract(org, plan, start=dt.date(2026, 7, 1), actor=None)
    return org, contact


def request(contact: Contact, **values: object) -> IntakeRequest:
    """A complete portal case by `contact`, received at NOW; `values` override any field."""
    base: dict[str, object] = {
        "channel": "portal",
        "subject": "No imprime la factura electrónica",
        "description": "Al imprimir la factura 123 aparece el error E-501.",
        "organization": contact.organization,
        "requester": contact,
        "received_at": NOW,
    }
    base.update(values)
    return IntakeRequest(**base)  # type: ignore[arg-type]
