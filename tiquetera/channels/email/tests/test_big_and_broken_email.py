"""A 20 MB attachment is kept and a bigger one refused while the case is still opened and
flagged; a malformed MIME message still opens its case with what can be read; a message that
cannot be read at all is kept raw with the error, shown to agents in the admin, and never
retried by itself."""

from pathlib import Path

import pytest

from tiquetera.channels.email.fetching import fetch_all
from tiquetera.channels.email.models import InboundEmail
from tiquetera.tickets.models import Case

from .messages import email

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).with_name("fixtures")
MB = 1024 * 1024


def log_file(size: int) -> bytes:
    line = b"2026-03-03 10:00:00 ERROR E-501 impresora fiscal sin respuesta\n"
    return (line * (size // len(line) + 1))[:size]


@pytest.mark.slow
def test_an_attachment_of_20_mb_is_kept_and_a_bigger_one_refused_on_a_flagged_case(
    mailbox, ana, settings
):
    assert settings.ATTACHMENT_MAX_BYTES == 20 * MB
    mailbox.deliver(
        email("Log completo", attachments=[("servidor.log", log_file(20 * MB), "text/plain")])
    )
    mailbox.deliver(
        email("Log más grande", attachments=[("todo.log", log_file(20 * MB + 1), "text/plain")])
    )

    fetch_all()

    kept, refused = Case.objects.order_by("pk")
    assert [(a.name, a.size) for a in kept.attachments.all()] == [("servidor.log", 20 * MB)]
    assert "attachment_refused" not in kept.flags
    assert not refused.attachments.exists()
    assert "attachment_refused" in refused.flags
    assert "todo.log" in refused.intake_checks.get(code="attachment_refused").message
    assert set(InboundEmail.objects.values_list("status", flat=True)) == {"processed"}


def test_a_malformed_mime_message_opens_its_case_with_what_can_be_read(mailbox, ana):
    mailbox.deliver((FIXTURES / "malformed.eml").read_bytes())

    fetch_all()

    inbound = InboundEmail.objects.get()
    case = Case.objects.get()
    assert (inbound.status, inbound.case) == ("processed", case)
    assert case.requester == ana
    assert "sin n" in case.subject
    assert "La factura sali" in case.description


def test_a_message_that_cannot_be_read_is_kept_failed_and_shown_to_agents(
    mailbox, ana, admin_client
):
    raw = b"To: soporte@isys.test\r\nSubject: sin remitente\r\nMessage-ID: <x@y>\r\n\r\nHola\r\n"
    mailbox.deliver(raw)

    fetch_all()
    fetch_all()

    inbound = InboundEmail.objects.get()
    assert (inbound.status, inbound.reason, inbound.attempts) == ("failed", "unreadable", 1)
    assert "no sender" in inbound.error
    assert bytes(inbound.raw.content) == raw
    assert mailbox.seen() == [True]
    page = admin_client.get("/admin/mail/inboundemail/?status__exact=failed")
    assert page.status_code == 200
    assert "sin remitente" in page.content.decode()


def test_an_agent_sends_a_failed_message_to_be_processed_again(
    mailbox, ana, admin_client, settings, tmp_path
):
    (tmp_path / "a-file").write_text("")
    media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, tmp_path / "a-file" / "media"
    mailbox.deliver(email(attachments=[("informe.txt", b"E-501\n", "text/plain")]))
    for _run in range(3):
        fetch_all()
    inbound = InboundEmail.objects.get()
    assert inbound.status == "failed"
    settings.MEDIA_ROOT = media  # the disk is fixed

    page = admin_client.post(
        "/admin/mail/inboundemail/",
        {"action": "process_again", "_selected_action": [inbound.pk]},
        follow=True,
    )

    assert page.status_code == 200
    inbound.refresh_from_db()
    assert (inbound.status, inbound.case) == ("processed", Case.objects.get())
