"""A client's answer to our email lands on its case as their reply, with the quoted history cut
and the case back in progress (its SLA clock resumes); a forward, a new subject, a closed case
or a stranger's email with the number makes a new case instead. Round trips through a real SMTP
server (aiosmtpd) and a real IMAP server (Dovecot)."""

import pytest

from tiquetera.channels.email.fetching import fetch_all
from tiquetera.channels.email.models import InboundEmail
from tiquetera.notifications.services import send_due
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.articles import add_reply
from tiquetera.tickets.models import Article, Case
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory
from tiquetera.tickets.tests.intake_world import client

from .messages import email, reply_to

pytestmark = pytest.mark.django_db
QUESTION = "¿Podría reiniciar el servidor de impresión?"
ANSWER = "Ya reinicié el servidor y sigue fallando."


@pytest.fixture
def case(ana):
    return CaseFactory(
        organization=ana.organization,
        requester=ana,
        requester_email=ana.email,
        status=Status.WAITING_ON_CLIENT,
        subject="No imprime la factura electrónica",
    )


def agent_asks(case, smtp_server, body=QUESTION):
    """An agent's reply, sent to Ana through the outbox: the email her mail program receives."""
    add_reply(case, body=body, actor=AgentFactory(), channel="email")
    assert send_due().sent == 1
    return smtp_server.messages[-1]


def client_replies(case):
    return Article.objects.filter(case=case, author_contact__isnull=False)


def test_a_clients_reply_lands_on_its_case_without_the_quote_and_resumes_it(
    mailbox, case, smtp_server
):
    sent = agent_asks(case, smtp_server)
    mailbox.deliver(reply_to(sent, ANSWER))

    fetch_all()

    (article,) = client_replies(case)
    assert (article.body_text, article.channel) == (ANSWER, "email")
    assert Case.objects.get(pk=case.pk).status == Status.IN_PROGRESS
    inbound = InboundEmail.objects.get()
    assert (inbound.reason, inbound.case, inbound.article) == ("reply", case, article)
    assert Case.objects.count() == 1


def test_an_email_naming_the_case_number_lands_on_it(mailbox, case):
    mailbox.deliver(email(f"[{case.number}] Más información", "El error sale también en la 124."))

    fetch_all()

    (article,) = client_replies(case)
    assert article.body_text == "El error sale también en la 124."
    assert Case.objects.count() == 1


@pytest.mark.parametrize("prefix", ["RV:", "Fwd:", "FW:"])
def test_a_forwarded_chain_makes_a_new_case(mailbox, case, smtp_server, prefix):
    sent = agent_asks(case, smtp_server)
    forward = reply_to(
        sent, "Les reenvío el caso de otra sede.", subject=f"{prefix} {sent['Subject']}"
    )
    mailbox.deliver(forward)

    fetch_all()

    assert not client_replies(case).exists()
    new = Case.objects.exclude(pk=case.pk).get()
    assert new.requester == case.requester
    assert "Les reenvío el caso de otra sede." in new.description


def test_a_new_subject_makes_a_new_case_even_inside_the_thread(mailbox, case, smtp_server):
    sent = agent_asks(case, smtp_server)
    mailbox.deliver(reply_to(sent, "Otra cosa: el POS no abre.", subject="El POS no abre"))

    fetch_all()

    assert not client_replies(case).exists()
    assert Case.objects.exclude(pk=case.pk).get().subject == "El POS no abre"


def test_a_reply_to_a_closed_case_opens_a_new_one(mailbox, case, smtp_server):
    sent = agent_asks(case, smtp_server)
    Case.objects.filter(pk=case.pk).update(status=Status.CLOSED)
    mailbox.deliver(reply_to(sent, ANSWER))

    fetch_all()

    assert not client_replies(case).exists()
    new = Case.objects.exclude(pk=case.pk).get()
    assert (new.organization, new.channel) == (case.organization, "email")


def test_another_organizations_contact_never_writes_on_the_case(mailbox, case):
    other, _contact = client("isys", plan="soporte-actualizaciones", email="luis@otrohotel.co")
    mailbox.deliver(email(f"[{case.number}] Más información", "Hola", sender="luis@otrohotel.co"))

    fetch_all()

    assert not client_replies(case).exists()
    assert Case.objects.exclude(pk=case.pk).get().organization == other


def test_our_emails_about_a_case_thread_under_the_first_and_name_it(case, smtp_server):
    first = agent_asks(case, smtp_server)
    second = agent_asks(case, smtp_server, body="Quedamos atentos: https://soporte.isys.test/kb/1")

    assert first["Message-ID"].endswith("@isys.test>")
    assert (first["In-Reply-To"], first["References"]) == (None, None)
    assert second["In-Reply-To"] == first["Message-ID"]
    assert second["References"] == first["Message-ID"]
    assert second["Subject"].startswith(f"[{case.number}] ")
    assert "Quedamos atentos" in second.get_body(("plain",)).get_content()
    html = second.get_body(("html",)).get_content()
    assert '<a href="https://soporte.isys.test/kb/1" rel="nofollow">' in html
