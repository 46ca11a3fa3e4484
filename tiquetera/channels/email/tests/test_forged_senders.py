"""Issue 15, "Email trusts the From header alone": an email from a known contact whose sender
the receiving mail server did not vouch for (its Authentication-Results, from a trusted
authserv-id) parks a new case — nothing consumed until an agent lets it in — and holds a reply
off the conversation until an agent accepts it on the case page; results written by any other
server are ignored. Through a real IMAP server (Dovecot) and the agents' case page."""

import pytest
from django.test import Client
from django.utils import translation

from tiquetera.channels.email.fetching import fetch_all
from tiquetera.channels.email.models import InboundEmail
from tiquetera.channels.email.senders import sender_check_text
from tiquetera.contracts.models import Consumption
from tiquetera.notifications.models import Notification
from tiquetera.testing.factories import UserFactory
from tiquetera.tickets.models import Article, Case, DeskRules
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

from .messages import email

pytestmark = pytest.mark.django_db
VENDOR = "mx.vendor"
TRUSTED_PASS = f"{VENDOR}; dmarc=pass header.from=hotelcliente.co"
ANSWER = "Ya reinicié el servidor y sigue fallando."


@pytest.fixture(autouse=True)
def trusted(settings):
    settings.EMAIL_TRUSTED_AUTHSERV_IDS = [VENDOR]


@pytest.fixture
def case(ana):
    return CaseFactory(
        organization=ana.organization,
        requester=ana,
        requester_email=ana.email,
        status=Status.WAITING_ON_CLIENT,
        subject="No imprime la factura electrónica",
    )


def words(inbound: InboundEmail) -> str:
    with translation.override("es"):
        return sender_check_text(inbound)


def client_replies(case):
    return Article.objects.filter(case=case, author_contact__isnull=False)


def test_a_forged_from_without_trusted_results_parks_the_case_consuming_nothing(mailbox, ana):
    mailbox.deliver(email())

    fetch_all()

    case = Case.objects.get()
    assert (case.status, case.intake, case.intake_reason) == (
        Status.PENDING_VERIFICATION,
        "parked",
        "sender_unverified",
    )
    assert case.requester == ana and case.consumption is None
    assert not Consumption.objects.exists()
    inbound = InboundEmail.objects.get()
    assert (inbound.status, inbound.case, inbound.sender_check) == ("processed", case, "unverified")
    assert words(inbound) == (
        "Remitente no verificado: no hay resultados de un servidor de correo de confianza"
    )
    # the contact is told (the address's real owner learns of it); no supervisor is asked
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert "case_verification_requested" not in kinds
    # in the portal Ana reads what the case waits for
    ana.user = UserFactory(username="ana")
    ana.save(update_fields=["user"])
    portal = Client()
    portal.force_login(ana.user)
    page = portal.get(f"/portal/cases/{case.number}/").content.decode()
    assert "Su caso espera a que un agente confirme que usted envió su correo." in page


def test_the_same_email_with_trusted_dmarc_pass_opens_the_case(mailbox, ana):
    mailbox.deliver(email(headers={"Authentication-Results": TRUSTED_PASS}))

    fetch_all()

    case = Case.objects.get()
    assert (case.status, case.intake) == (Status.OPEN, "accepted")
    assert Consumption.objects.filter(reference=case.number).exists()
    inbound = InboundEmail.objects.get()
    assert (inbound.sender_check, inbound.sender_check_method) == ("verified", "dmarc")
    assert words(inbound) == "Remitente verificado (DMARC)"


def test_results_written_by_another_server_are_ignored(mailbox, ana):
    forged = "mx.attacker.example; dmarc=pass header.from=hotelcliente.co; spf=pass"
    mailbox.deliver(email(headers={"Authentication-Results": forged}))

    fetch_all()

    case = Case.objects.get()
    assert (case.status, case.intake_reason) == (Status.PENDING_VERIFICATION, "sender_unverified")
    assert InboundEmail.objects.get().sender_check_result == "missing"


def test_a_failing_spf_is_told_in_words(mailbox, ana):
    failing = f"{VENDOR}; spf=fail smtp.mailfrom=ana.perez@hotelcliente.co; dkim=none"
    mailbox.deliver(email(headers={"Authentication-Results": failing}))

    fetch_all()

    assert words(InboundEmail.objects.get()) == "Remitente no verificado: SPF falló"
    assert Case.objects.get().status == Status.PENDING_VERIFICATION


def test_a_mailbox_url_names_its_own_trusted_server(mailbox, ana, settings):
    settings.EMAIL_TRUSTED_AUTHSERV_IDS = []
    settings.IMAP_URLS = [f"{mailbox.url}?authserv_id=mx.other&authserv_id={VENDOR}"]
    mailbox.deliver(email(headers={"Authentication-Results": TRUSTED_PASS}))

    fetch_all()

    assert Case.objects.get().status == Status.OPEN


def test_without_a_trusted_server_senders_are_not_checked(mailbox, ana, settings):
    settings.EMAIL_TRUSTED_AUTHSERV_IDS = []
    mailbox.deliver(email())

    fetch_all()

    assert Case.objects.get().status == Status.OPEN
    inbound = InboundEmail.objects.get()
    assert words(inbound) == (
        "Remitente sin comprobar: no hay un servidor de correo de confianza configurado"
    )


def test_the_policy_may_accept_unverified_senders(mailbox, ana, case):
    DeskRules.objects.update_or_create(
        policy=ana.organization.policy, defaults={"unverified_email": "accept"}
    )
    mailbox.deliver(email("Otra consulta", "¿Cómo anulo una factura?"))
    mailbox.deliver(email(f"[{case.number}] Más información", ANSWER))

    fetch_all()

    new = Case.objects.exclude(pk=case.pk).get()
    assert new.status == Status.OPEN
    assert client_replies(case).get().body_text == ANSWER


# --- on the agents' case page -----------------------------------------------------------------
def test_a_parked_case_let_in_by_an_agent_opens_and_takes_its_ticket(mailbox, ana, agent_client):
    mailbox.deliver(email())
    fetch_all()
    case = Case.objects.get()

    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert "Remitente no verificado" in page and 'id="action-sender"' in page

    response = agent_client.post(f"/cases/{case.number}/sender/", {"decision": "accept"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.intake) == (Status.OPEN, "accepted")
    assert Consumption.objects.filter(reference=case.number).count() == 1
    assert case.intake_checks.filter(rule="sender", code="sender_accepted").exists()


def test_a_parked_case_turned_away_by_an_agent_is_invalid(mailbox, ana, agent_client):
    mailbox.deliver(email())
    fetch_all()
    case = Case.objects.get()

    response = agent_client.post(
        f"/cases/{case.number}/sender/", {"decision": "refuse", "note": "Ana no lo envió"}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.intake_reason) == (Status.INVALID, "sender_refused")
    assert not Consumption.objects.exists()


def test_a_forged_reply_is_held_until_an_agent_accepts_it(mailbox, case, agent_client):
    mailbox.deliver(email(f"[{case.number}] Más información", ANSWER))

    fetch_all()

    assert not client_replies(case).exists()
    assert Case.objects.get(pk=case.pk).status == Status.WAITING_ON_CLIENT
    held = InboundEmail.objects.get()
    assert (held.status, held.reason, held.case) == ("held", "unverified", case)
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert 'id="action-held_email"' in page and "Remitente no verificado" in page

    response = agent_client.post(
        f"/cases/{case.number}/held_email/", {"email": held.pk, "decision": "accept"}
    )

    assert response.status_code == 302
    assert client_replies(case).get().body_text == ANSWER
    assert Case.objects.get(pk=case.pk).status == Status.IN_PROGRESS
    held.refresh_from_db()
    assert (held.status, held.reason) == ("processed", "reply")
    again = agent_client.post(
        f"/cases/{case.number}/held_email/", {"email": held.pk, "decision": "accept"}
    )
    assert again.status_code == 422  # not offered any more: the reply lands once
    assert client_replies(case).count() == 1


def test_a_held_reply_is_discarded_only_with_a_reason(mailbox, case, agent_client):
    mailbox.deliver(email(f"[{case.number}] Cambien el correo de facturación", "Usen x@y.co"))
    fetch_all()
    held = InboundEmail.objects.get()

    bare = agent_client.post(
        f"/cases/{case.number}/held_email/", {"email": held.pk, "decision": "discard"}
    )
    assert bare.status_code == 422
    assert "Diga por qué se descarta el correo." in bare.content.decode()

    response = agent_client.post(
        f"/cases/{case.number}/held_email/",
        {"email": held.pk, "decision": "discard", "reason": "Ana no lo envió (llamamos)"},
    )

    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.status, held.reason, held.decision_note) == (
        "ignored",
        "discarded",
        "Ana no lo envió (llamamos)",
    )
    assert not client_replies(case).exists()


def test_a_trusted_reply_lands_at_once(mailbox, case):
    headers = {"Authentication-Results": f"{VENDOR}; dkim=pass header.d=hotelcliente.co"}
    mailbox.deliver(email(f"[{case.number}] Más información", ANSWER, headers=headers))

    fetch_all()

    assert client_replies(case).get().body_text == ANSWER
    assert InboundEmail.objects.get().sender_check_method == "dkim"
