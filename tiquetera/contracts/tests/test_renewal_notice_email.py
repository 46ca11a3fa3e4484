"""Seed 003 (Sisnova): renewal is automatic, and a change or cancellation must be notified
before the month ends — so the client is told, by email, before an automatic renewal."""

import datetime as dt

import pytest
from django.core import mail

from tiquetera.contracts import tasks
from tiquetera.contracts.services import start_contract
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory
from tiquetera.testing.factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    plan = PlanFactory(total_cap=3, name="Plan Mensual")
    organization = OrganizationFactory(policy=plan.policy, legal_name="Hotel Los Andes S.A.S.")
    ContactFactory(organization=organization, name="Ana USR", email="ana@hotel.test", role="usr")
    ContactFactory(organization=organization, name="Luis", email="luis@hotel.test", role="user")
    return start_contract(organization, plan, start=JULY_1, end=dt.date(2026, 8, 1), actor=None)


def test_the_usr_is_emailed_a_week_before_the_renewal_in_spanish(contract):
    tasks.sweep_contracts.call_local("2026-07-25")
    assert [m.to for m in mail.outbox] == [["ana@hotel.test"]]  # not the plain user
    message = mail.outbox[0]
    assert message.subject == "Su plan de soporte Plan Mensual se renueva automáticamente"
    assert "Hola, Ana USR:" in message.body
    assert "se renueva automáticamente el 1 de agosto de 2026" in message.body
    tasks.sweep_contracts.call_local("2026-07-26")
    assert len(mail.outbox) == 1  # once


def test_a_notice_that_cannot_be_sent_is_due_again(contract, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    tasks.sweep_contracts.call_local("2026-07-25")
    contract.refresh_from_db()
    assert contract.renewal_notice_sent_on is None
