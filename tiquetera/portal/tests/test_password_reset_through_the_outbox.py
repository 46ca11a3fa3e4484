"""The password-reset email goes through the outbox like every other email: the request only
queues it (no SMTP exchange whose time would tell who has an account), the worker sends it; and
the console email backend, which would print the reset links to the log, is flagged by a system
check when DEBUG is off."""

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.test import Client

from tiquetera.notifications.models import Notification
from tiquetera.notifications.services import send_due
from tiquetera.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

CONSOLE = "django.core.mail.backends.console.EmailBackend"


def test_the_request_queues_the_email_and_the_worker_sends_it(django_capture_on_commit_callbacks):
    user = UserFactory(email="agente@proveedor.co")

    with django_capture_on_commit_callbacks(execute=False):
        response = Client().post("/accounts/password-reset/", {"email": "agente@proveedor.co"})

    assert response.status_code == 302
    assert mail.outbox == [], "nothing is sent while the request is answered"
    queued = Notification.objects.get(kind="password_reset")
    assert queued.to == "agente@proveedor.co" and queued.status == Notification.Status.PENDING
    assert "/accounts/password-reset/" in queued.text_body
    assert queued.subject == "Elija una contraseña nueva para Tiquetera"

    send_due()

    assert [message.to for message in mail.outbox] == [[user.email]]
    assert Notification.objects.get(pk=queued.pk).status == Notification.Status.SENT


def test_an_unknown_address_queues_nothing():
    Client().post("/accounts/password-reset/", {"email": "nadie@ejemplo.co"})

    assert not Notification.objects.filter(kind="password_reset").exists()


def ids(settings, *, debug: bool, backend: str) -> list[str]:
    settings.DEBUG, settings.EMAIL_BACKEND = debug, backend
    return [message.id for message in run_checks()]


def test_the_console_backend_is_flagged_when_debug_is_off(settings):
    assert "tiquetera.W001" in ids(settings, debug=False, backend=CONSOLE)


def test_the_console_backend_is_fine_for_a_laptop_demo(settings):
    assert "tiquetera.W001" not in ids(settings, debug=True, backend=CONSOLE)


def test_a_real_mail_server_is_not_flagged(settings):
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    assert "tiquetera.W001" not in ids(settings, debug=False, backend=smtp)
