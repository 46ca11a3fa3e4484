"""Emails as clients' mail programs send them, built with the standard library."""

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from django.utils import timezone

ANA = "Ana Pérez <ana.perez@hotelcliente.co>"
SUPPORT = "soporte@isys.test"


def email(
    subject: str = "No imprime la factura electrónica",
    text: str = "Al imprimir la factura 123 aparece el error E-501.",
    *,
    sender: str = ANA,
    html: str | None = None,
    message_id: str | None = None,
    in_reply_to: str = "",
    references: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] = (),  # type: ignore[assignment]
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = SUPPORT
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id or make_msgid(domain="hotelcliente.co")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for name, content, content_type in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes(policy=SMTP)


def reply_to(sent: EmailMessage, text: str, *, sender: str = ANA, subject: str = "") -> bytes:
    """Ana's mail program answering `sent` (an email we sent): RE: subject, threading headers,
    the quoted history below her text."""
    references = " ".join(filter(None, [str(sent.get("References", "")), sent["Message-ID"]]))
    quoted = "\n".join(f"> {line}" for line in sent.get_body(("plain",)).get_content().splitlines())
    header = f"El mar, 14 jul 2026 a las 10:05, Soporte ISYS <{SUPPORT}> escribió:"
    return email(
        subject or f"RE: {sent['Subject']}",
        f"{text}\n\n{header}\n{quoted}\n",
        sender=sender,
        in_reply_to=sent["Message-ID"],
        references=references,
    )
