"""An email from a client's registered address opens a case through the one intake pipeline,
fetched from a real IMAP server (Dovecot): raw bytes kept, sender identified, HTML sanitised,
attachments and inline images kept, the message marked seen, and the acknowledgement threaded
under the client's own email."""

import base64

import pytest

from tiquetera.channels.email.fetching import fetch_all
from tiquetera.channels.email.models import InboundEmail
from tiquetera.notifications.models import Notification
from tiquetera.tickets.models import Case

from .messages import email

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db
def test_an_email_from_a_client_opens_a_case_with_its_files(mailbox, ana):
    raw = email(
        attachments=[("factura-123.pdf", PDF, "application/pdf"), ("error.png", PNG, "image/png")]
    )
    mailbox.deliver(raw)

    report = fetch_all()

    assert (report.stored, report.duplicates, report.errors) == (1, 0, [])
    inbound = InboundEmail.objects.get()
    case = Case.objects.get()
    assert (inbound.status, inbound.reason, inbound.case) == ("processed", "new_case", case)
    assert bytes(inbound.raw.content) == raw
    assert case.raw == inbound.raw
    assert (case.channel, case.organization, case.requester) == ("email", ana.organization, ana)
    assert case.subject == "No imprime la factura electrónica"
    assert case.description == "Al imprimir la factura 123 aparece el error E-501."
    assert sorted(a.name for a in case.attachments.all()) == ["error.png", "factura-123.pdf"]
    assert mailbox.seen() == [True]


@pytest.mark.django_db
def test_an_html_only_email_is_sanitised_and_its_inline_image_kept(mailbox, ana):
    html = (
        "<html><head><style>p{color:red}</style></head><body><p>No imprime.</p>"
        '<script>alert("x")</script><p><img src="cid:captura@hotel"></p></body></html>'
    )
    raw = (
        b"From: ana.perez@hotelcliente.co\r\nTo: soporte@isys.test\r\nSubject: Captura\r\n"
        b"Message-ID: <html-only@hotelcliente.co>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode() + b"\r\n"
        b"--b1\r\nContent-Type: image/png\r\nContent-ID: <captura@hotel>\r\n"
        b"Content-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.b64encode(PNG)
        + b"\r\n--b1--\r\n"
    )
    mailbox.deliver(raw)

    fetch_all()

    case = Case.objects.get()
    assert case.description == "No imprime."
    assert [a.content_type for a in case.attachments.all()] == ["image/png"]


@pytest.mark.django_db
def test_the_acknowledgement_answers_the_clients_email_and_names_the_case(mailbox, ana):
    mailbox.deliver(email(message_id="<primero@hotelcliente.co>"))

    fetch_all()

    case = Case.objects.get()
    (received,) = Notification.objects.filter(to=ana.email)  # "received", or "parked" by a rule
    assert received.subject.startswith(f"[{case.number}] ")
    assert received.headers["In-Reply-To"] == "<primero@hotelcliente.co>"
    assert received.headers["References"] == "<primero@hotelcliente.co>"
    assert received.message_id.endswith("@isys.test>")
    assert received.html_body.startswith("<p>")
