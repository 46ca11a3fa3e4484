"""The portal's cast: JQ Systems (seed 002), Soho Apps (seed 004) and CustomSoft (seed 001)
clients with a signed-in contact, and a complete JQ incidencia as the form posts it."""

import pytest
from django.conf import settings
from django.test import Client

from tiquetera.directory.models import Contact
from tiquetera.testing.factories import UserFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case, IntakeRule
from tiquetera.tickets.tests.intake_world import client, request

JQ_STEP = (
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def signed_in(contact: Contact, *, language: str = "es", **options: object) -> Client:
    """A browser signed in as `contact` (a login is made for it), in `language`."""
    if contact.user is None:
        contact.user = UserFactory()
        contact.save(update_fields=["user"])
    browser = Client(**options)
    browser.force_login(contact.user)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return browser


@pytest.fixture
def jq_usr(db) -> Contact:
    _org, usr = client("jq-systems", plan="suscripcion-1")
    return usr


@pytest.fixture
def soho_usr(db) -> Contact:
    _org, usr = client("soho-apps", plan="soporte")
    # Soho attends only priority calls on weekends and holidays (tickets/tests/
    # test_intake_out_of_hours.py): these tests run at any hour, so that rule is left out here.
    IntakeRule.objects.get(policy=usr.organization.policy, kind="out_of_hours").delete()
    return usr


def jq_incidencia(**overrides: object) -> dict[str, object]:
    """A complete JQ incidencia as the form posts it."""
    data: dict[str, object] = {
        "case_type": "incidencia",
        "shown_type": "incidencia",
        "severity": "S2",
        "field_application": "JQ Nómina",
        "field_module": "Liquidación",
        "prerequisites": ["0"],
        "subject": "No imprime la factura electrónica",
        "description": "Al imprimir la factura 123 aparece el error E-501.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def open_jq_case(contact: Contact, **values: object) -> Case:
    """A JQ incidencia submitted through the pipeline by `contact` (accepted for the USR)."""
    base: dict[str, object] = {
        "case_type": "incidencia",
        "fields": {"application": "JQ Nómina", "module": "Liquidación"},
        "prerequisites_done": [JQ_STEP],
        "received_at": None,
    }
    return submit(request(contact, **{**base, **values}))
