"""`tiquetera mail fetch` reads the mailboxes of IMAP_URLS once; mailbox URLs name their
security, and a bad one or an unreachable server is reported without a password."""

import pytest
from django.core.management import CommandError, call_command

from tiquetera.channels.email.mailboxes import Mailbox, MailboxUrlError
from tiquetera.tickets.models import Case

from .messages import email


@pytest.mark.django_db
def test_mail_fetch_reads_the_configured_mailboxes(mailbox, ana, capsys):
    mailbox.deliver(email())

    call_command("mail", "fetch")

    assert "1 stored, 0 already stored, 1 processed" in capsys.readouterr().out
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_an_unreachable_mailbox_is_reported_without_its_password(dovecot, capsys):
    url = f"imap://soporte%40isys.test:s3creto@127.0.0.1:{dovecot.port}/INBOX"

    with pytest.raises(CommandError):
        call_command("mail", "fetch", "--url", url)

    errors = capsys.readouterr().err
    assert "soporte@isys.test 127.0.0.1" in errors
    assert "s3creto" not in errors


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "imaps://soporte%40isys.test:p%2Cw@imap.isys.test/Soporte",
            Mailbox("imap.isys.test", 993, "soporte@isys.test", "p,w", "Soporte", "tls"),
        ),
        (
            "imap+starttls://soporte:pw@imap.isys.test",
            Mailbox("imap.isys.test", 143, "soporte", "pw", "INBOX", "starttls"),
        ),
        (
            "imap://soporte:pw@127.0.0.1:10143/INBOX",
            Mailbox("127.0.0.1", 10143, "soporte", "pw", "INBOX", "plain"),
        ),
    ],
)
def test_a_mailbox_url_names_server_user_folder_and_security(url, expected):
    assert Mailbox.from_url(url) == expected


@pytest.mark.parametrize("url", ["pop3://a:b@host", "imaps://host/INBOX", "imap://a:b@host:x/"])
def test_a_bad_mailbox_url_is_refused(url):
    with pytest.raises(MailboxUrlError):
        Mailbox.from_url(url)
