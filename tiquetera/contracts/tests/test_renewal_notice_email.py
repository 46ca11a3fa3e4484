"""Seed 003 (Sisnova): renewal is automatic, and a change or cancellation must be notified
before the month ends — so the client is told, by email, before an automatic renewal. The
notice goes through the outbox to a real SMTP server."""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.contracts import tasks
from tiquetera.contracts.services import start_contract
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory
from tiquetera.notifications.models import Notification
from tiquetera.notifications.services import send_due
from tiquetera.testing.factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    plan = PlanFactory(total_cap=3, name="Plan Mensual")
    organization = OrganizationFactory(policy=plan.policy, legal_name="Hotel Los Andes S.A.S.")
    ContactFactory(organization=organization, name="Ana USR", email="ana@hotel.test", role="usr")
    ContactFactory(organization=organization, name="Luis", email="luis@hotel.test", role="user")
    return start_contract(organization, plan, start=JULY_1, end=dt.date(2026, 8, 1), actor=None)


def test_the_usr_is_emailed_a_week_before_the_renewal_in_spanish(contract, smtp_server):
    tasks.sweep_contracts.call_local("2026-07-25")
    send_due()

    assert [m["To"] for m in smtp_server.messages] == ["ana@hotel.test"]  # not the plain user
    message = smtp_server.messages[0]
    assert (
        message["Subject"].strip() == "Su plan de soporte Plan Mensual se renueva automáticamente"
    )
    body = message.get_body(("plain",)).get_content()
    assert "Hola, Ana USR:" in body
    assert "se renueva automáticamente el sábado 1 de agosto de 2026" in body
    html = message.get_body(("html",)).get_content()
    assert "se renueva automáticamente el sábado 1 de agosto de 2026" in html
    assert Notification.objects.get().organization == contract.organization

    tasks.sweep_contracts.call_local("2026-07-26")
    send_due()
    assert len(smtp_server.messages) == 1  # once


def test_a_notice_that_cannot_be_sent_waits_in_the_outbox_until_the_server_is_back(
    contract, smtp_server
):
    smtp_server.stop()
    tasks.sweep_contracts.call_local("2026-07-25")
    now = timezone.now()
    send_due(now)

    notice = Notification.objects.get(kind="renewal_notice")
    assert (notice.status, notice.attempts) == ("pending", 1)
    assert notice.next_attempt_at == now + dt.timedelta(minutes=1)
    contract.refresh_from_db()
    assert contract.renewal_notice_sent_on == dt.date(2026, 7, 25)  # claimed once, not re-queued

    smtp_server.start()
    send_due(now + dt.timedelta(minutes=1))

    assert [m["Message-ID"] for m in smtp_server.messages] == [notice.message_id]
    notice.refresh_from_db()
    assert notice.status == "sent"
