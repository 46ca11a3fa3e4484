"""Robots never open cases: auto-replies and bounces are recognised and kept aside. A stranger
(an address registered with no client) is answered once a day at most with a notice that
robots must not answer, sent through a real SMTP server."""

from pathlib import Path

import pytest

from tiquetera.channels.email.fetching import fetch_all
from tiquetera.channels.email.models import InboundEmail
from tiquetera.notifications.models import Notification
from tiquetera.notifications.services import send_due
from tiquetera.tickets.models import Article, Case

from .messages import email

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).with_name("fixtures")


def taken_in(mailbox, raw):
    mailbox.deliver(raw)
    fetch_all()
    return InboundEmail.objects.order_by("pk").last()


def test_a_delivery_failure_report_is_a_bounce(mailbox, ana):
    inbound = taken_in(mailbox, (FIXTURES / "bounce.eml").read_bytes())

    assert (inbound.status, inbound.reason) == ("ignored", "bounce")
    assert not Case.objects.exists()
    assert not Notification.objects.exists()


def test_an_out_of_office_naming_a_case_is_not_a_reply(mailbox, ana):
    inbound = taken_in(mailbox, (FIXTURES / "out_of_office_es.eml").read_bytes())

    assert (inbound.status, inbound.reason) == ("ignored", "auto_reply")
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"X-Autoreply": "yes"},
        {"Precedence": "bulk"},
        {"Precedence": "auto_reply"},
    ],
)
def test_an_automatic_answer_opens_no_case(mailbox, ana, headers):
    inbound = taken_in(mailbox, email("Fuera de la oficina", "Vuelvo el lunes.", headers=headers))

    assert (inbound.status, inbound.reason) == ("ignored", "auto_reply")
    assert not Case.objects.exists()


def test_a_message_from_a_mailer_daemon_is_a_bounce(mailbox, ana):
    raw = email("Delivery Status Notification", "Failed", sender="MAILER-DAEMON@mx.test")
    assert taken_in(mailbox, raw).reason == "bounce"


def test_an_unknown_sender_is_told_once_a_day_by_an_auto_replied_notice(mailbox, ana, smtp_server):
    inbound = taken_in(mailbox, email("Necesito soporte", sender="Pedro <pedro@desconocido.co>"))
    taken_in(mailbox, email("Otra vez", sender="pedro@desconocido.co"))
    send_due()

    assert (inbound.status, inbound.reason) == ("ignored", "unknown_sender")
    assert inbound.error  # the pipeline's reason, for the admin
    assert not Case.objects.exists()
    (notice,) = smtp_server.messages
    assert notice["To"] == "pedro@desconocido.co"
    assert notice["Auto-Submitted"] == "auto-replied"
    assert notice["In-Reply-To"] == inbound.message_id
    assert "Necesito soporte" in notice["Subject"]
    assert "pedro@desconocido.co" in notice.get_body(("plain",)).get_content()


def test_a_robot_address_is_never_answered(mailbox, ana):
    inbound = taken_in(mailbox, email("Su factura", sender="no-reply@facturas.example"))

    assert inbound.reason == "unknown_sender"
    assert not Notification.objects.exists()


def test_an_email_from_our_own_address_is_ignored(mailbox, ana):
    inbound = taken_in(
        mailbox, email("[ISYS-2026-000001] Recibimos su caso", sender="soporte@isys.test")
    )

    assert (inbound.status, inbound.reason) == ("ignored", "own_address")
    assert not Case.objects.exists()
