"""Notifications are outbox rows written in the caller's transaction and sent by the worker —
tested against a real SMTP server (aiosmtpd on loopback)."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from tiquetera.notifications.models import Notification
from tiquetera.notifications.services import queue_email, send_due


def queue_greeting(language="es", to="ana@hotel.test"):
    return queue_email(
        "greeting",
        to=to,
        context={"name": "Ana Muñoz", "plan": "Plan Básico"},
        language=language,
    )


class Boom(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_an_email_queued_in_a_transaction_that_rolls_back_is_never_sent(smtp_server):
    with pytest.raises(Boom), transaction.atomic():
        queue_greeting()
        raise Boom

    assert send_due().sent == 0
    assert Notification.objects.count() == 0
    assert smtp_server.messages == []


@pytest.mark.django_db(transaction=True)
def test_an_email_is_sent_right_after_the_transaction_that_queued_it_commits(smtp_server):
    with transaction.atomic():
        notification = queue_greeting()
        assert smtp_server.messages == []  # not before the commit

    assert [m["Message-ID"] for m in smtp_server.messages] == [notification.message_id]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)


@pytest.mark.django_db
def test_the_server_receives_the_spanish_email_with_its_message_id_text_and_html(
    smtp_server, settings
):
    settings.EMAIL_DOMAIN = "soporte.example.test"
    notification = queue_greeting()

    assert send_due().sent == 1

    [message] = smtp_server.messages
    assert message["Message-ID"] == notification.message_id
    assert message["Message-ID"].endswith("@soporte.example.test>")
    # Django folds an encoded subject after "Subject:"; Python keeps that fold's space
    assert message["Subject"].strip() == "Su plan de soporte Plan Básico se renueva automáticamente"
    assert message["To"] == "ana@hotel.test"
    assert message.get_body(("plain",)).get_content().strip() == "Hola, Ana Muñoz:"
    assert message.get_body(("html",)).get_content().strip() == "<p>Hola, Ana Muñoz:</p>"
    notification.refresh_from_db()
    assert notification.status == "sent"
    assert notification.sent_at is not None


@pytest.mark.django_db
def test_english_is_available(smtp_server):
    queue_greeting(language="en")
    send_due()
    [message] = smtp_server.messages
    assert message["Subject"].strip() == "Your support plan Plan Básico renews automatically"


@pytest.mark.django_db
def test_an_email_queued_while_the_server_is_down_waits_and_is_sent_when_it_is_back(
    smtp_server,
):
    smtp_server.stop()
    notification = queue_greeting()
    now = timezone.now()

    assert send_due(now).retrying == 1

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("pending", 1)
    assert notification.next_attempt_at == now + dt.timedelta(minutes=1)
    assert notification.last_error.startswith("ConnectionRefusedError")
    assert send_due(now + dt.timedelta(seconds=30)).retrying == 0  # not due yet

    smtp_server.start()
    assert send_due(now + dt.timedelta(minutes=1)).sent == 1

    [message] = smtp_server.messages
    assert message["Message-ID"] == notification.message_id
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == ("sent", 2, "")


@pytest.mark.django_db
def test_the_waits_grow_and_the_sixth_failure_is_final_with_its_error_kept(smtp_server):
    smtp_server.stop()
    notification = queue_greeting()
    now = timezone.now()
    waits = []
    for _ in range(5):
        assert send_due(now).retrying == 1
        notification.refresh_from_db()
        waits.append(notification.next_attempt_at - now)
        now = notification.next_attempt_at

    assert waits == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=5),
        dt.timedelta(minutes=30),
        dt.timedelta(hours=2),
        dt.timedelta(hours=12),
    ]
    assert send_due(now).failed == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 6)
    assert notification.last_error.startswith("ConnectionRefusedError")

    smtp_server.start()
    assert send_due(now + dt.timedelta(days=1)).sent == 0  # failed is final
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_a_row_left_sending_by_a_dead_worker_is_sent_after_ten_minutes(smtp_server):
    notification = queue_greeting()
    claimed_at = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        status="sending", attempts=1, next_attempt_at=claimed_at + dt.timedelta(minutes=10)
    )

    assert send_due(claimed_at + dt.timedelta(minutes=9)).sent == 0
    assert send_due(claimed_at + dt.timedelta(minutes=10)).sent == 1

    assert len(smtp_server.messages) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)


@pytest.mark.django_db
def test_a_dead_workers_last_attempt_is_marked_failed_not_tried_a_seventh_time(smtp_server):
    notification = queue_greeting()
    Notification.objects.filter(pk=notification.pk).update(
        status="sending", attempts=6, next_attempt_at=timezone.now()
    )

    assert send_due().sent == 0

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 6)
    assert smtp_server.messages == []
