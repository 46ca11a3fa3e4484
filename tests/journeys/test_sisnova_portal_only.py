"""Sisnova (seed 003_806de44c075e3486.txt), item 7: "Toda solicitud de soporte deberá ser
ingresada a través de nuestro Portal de Soporte" — an email to support is not taken, whatever it
says: it is stored, refused, and its sender is told where to open it; the portal takes it."""

import pytest
from django.utils import timezone

from tiquetera.channels.email.fetching import fetch_all
from tiquetera.channels.email.tests.messages import email
from tiquetera.contracts.services.lifecycle import start_contract
from tiquetera.notifications.models import Notification
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client

from .world import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def tienda():
    organization, contact = client(
        "sisnova", plan=None, email="admin@tienda.pa", country="PA", edition="LOCAL"
    )
    start_contract(
        organization, "local-mensual", start=timezone.localdate().replace(day=1), actor=None
    )
    return contact


def test_an_email_is_refused_with_the_portals_address_even_with_a_reason(mailbox, tienda):
    """Item 7: by email, even explaining why ("el portal no me abre"), the case is refused as
    received by the wrong channel, nothing is consumed, and the reply gives the portal's address."""
    mailbox.deliver(
        email(
            "No imprime la factura",
            "Escribo por correo porque el portal no me abre. La factura 123 no imprime.",
            sender="Tienda <admin@tienda.pa>",
        )
    )

    assert fetch_all().stored == 1
    case = Case.objects.get()
    assert (case.channel, case.status, case.intake_reason) == ("email", "rejected", "wrong_channel")
    assert case.consumption is None
    refused = Notification.objects.get(kind="case_refused")
    assert refused.to == "admin@tienda.pa"
    assert "Los casos se reciben solo por portal o API." in refused.text_body
    assert "/portal/cases/new/" in refused.text_body


def test_the_portal_takes_the_same_case(tienda):
    """Item 7: the portal is the door — the same request there opens and takes a ticket."""
    browser = signed_in(tienda)
    response = browser.post(
        "/portal/cases/new/",
        {
            "case_type": "soporte",
            "shown_type": "soporte",
            "subject": "No imprime la factura",
            "description": "La factura 123 no imprime.",
        },
    )
    assert response.status_code == 302, response.content.decode()[-800:]
    case = Case.objects.get()
    assert (case.channel, case.status) == ("portal", "open")
    assert case.consumption is not None
