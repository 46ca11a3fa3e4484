"""JQ Systems (seed 002_340504d33eeb239b.txt), "Actividades no incluidas en los servicios de
soporte técnico": "Soporte técnico a dispositivos, periféricos, problemas con conexiones red local,
Internet ... En caso de surgir alguna incidencia no soportada, será remitida al proveedor aliado de
servicios que corresponda, bajo el consentimiento previo del cliente" — through the portal form,
the email the client receives (a real SMTP server) and the reply she sends (a real IMAP server)."""

import pytest

from tiquetera.channels.email.fetching import fetch_all
from tiquetera.channels.email.tests.messages import reply_to
from tiquetera.contracts.models import EntitlementPeriod
from tiquetera.notifications.services import send_due
from tiquetera.portal.tests.conftest import jq_incidencia
from tiquetera.tickets.models import Article, Case

from .world import client_of, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def support_address(settings) -> None:
    settings.DEFAULT_FROM_EMAIL = "Soporte JQ <soporte@isys.test>"
    settings.EMAIL_DOMAIN = "isys.test"


def tickets_used(organization) -> int:
    return sum(
        p.total_used for p in EntitlementPeriod.objects.filter(contract__organization=organization)
    )


def test_a_printer_case_is_referred_to_the_partner_when_the_client_says_yes_by_email(
    mailbox, smtp_server
):
    organization, usr = client_of("jq-systems", "suscripcion-1", time_zone="America/Bogota")
    usr.email = "ana.perez@hotelcliente.co"  # the sender of messages.reply_to
    usr.save(update_fields=["email"])
    portal = signed_in(usr)

    # the form says before sending what happens to a device case
    form = portal.get("/portal/cases/new/?case_type=incidencia").content.decode()
    assert "Le pediremos su consentimiento antes de remitirle el caso." in form

    sent = portal.post(
        "/portal/cases/new/",
        jq_incidencia(category="dispositivos", subject="La impresora de recepción no imprime"),
    )
    assert sent.status_code == 302, sent.content.decode()[-1500:]
    case = Case.objects.get()
    assert (case.status, case.intake_reason) == (Case.Status.PENDING_CONSENT, "needs_consent")
    assert tickets_used(organization) == 0

    # the question reaches her mailbox, and she answers "Sí, acepto." above the quote
    assert send_due().sent >= 1
    question = next(m for m in smtp_server.messages if case.number in str(m["Subject"]))
    assert "Responda “sí” para aceptar" in question.get_body(("plain",)).get_content()
    mailbox.deliver(reply_to(question, "Sí, acepto."))
    fetch_all()

    case.refresh_from_db()
    assert (case.status, case.intake_reason) == (Case.Status.REFERRED, "referred")
    reply = Article.objects.get(case=case, author_contact=usr)
    assert (reply.body_text, reply.channel) == ("Sí, acepto.", "email")
    page = portal.get(f"/portal/cases/{case.number}/").content.decode()
    assert "Su caso fue remitido a nuestro aliado." in page
    assert tickets_used(organization) == 0
    assert send_due().sent >= 1  # and she is told where her case went
    bodies = [m.get_body(("plain",)).get_content() for m in smtp_server.messages]
    assert any("el caso fue remitido a nuestro proveedor aliado" in body for body in bodies)
