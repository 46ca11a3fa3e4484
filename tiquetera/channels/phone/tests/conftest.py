"""Calls with clients of JQ Systems (seed 002) and Soho Apps (seed 004)."""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.channels.phone.models import Call
from tiquetera.channels.phone.services import log_call
from tiquetera.directory.models import Contact
from tiquetera.tickets.models import IntakeRule
from tiquetera.tickets.tests.intake_world import client

JQ_STEP = (
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
)


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


def a_call(contact: Contact, agent, **values: object) -> Call:
    """A call from `contact` ten minutes ago, logged by `agent`."""
    base: dict[str, object] = {
        "organization": contact.organization,
        "contact": contact,
        "number": "+57 310 614 9927",
        "started_at": timezone.now() - dt.timedelta(minutes=10),
        "duration_seconds": 250,
        "summary": "El servidor no arranca: nadie puede facturar desde las 8:00.",
    }
    base.update(values)
    return log_call(actor=agent, **base)  # type: ignore[arg-type]
