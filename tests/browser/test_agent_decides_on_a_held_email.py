"""Issue 15, "Email trusts the From header alone": a reply whose sender the receiving mail
server did not vouch for is held off the conversation; the agent reads why on the case page,
accepts it, and it lands as the client's reply. A new case from such an email waits for the
agent, who lets it in. Both pages without grave accessibility problems (axe-core)."""

from email.message import EmailMessage

import pytest
from playwright.sync_api import Page, expect

from tiquetera.channels.email.models import InboundEmail
from tiquetera.channels.email.services import process_email, store_message
from tiquetera.tickets.models import IntakeRule
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory
from tiquetera.tickets.tests.intake_world import client

from .test_every_page_fits_and_is_accessible import AXE, grave_violations
from .world import agent, es, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
ANSWER = "Ya reinicié el servidor y sigue fallando."


@pytest.fixture
def tab(axe_tab: Page) -> Page:
    return axe_tab


def receive(sender: str, subject: str, text: str) -> InboundEmail:
    """An email as the mailbox holds it, without trusted Authentication-Results."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "soporte@jq.test", subject
    message["Message-ID"] = f"<{abs(hash((sender, subject)))}@hotel.co>"
    message.set_content(text)
    inbound, _created = store_message(message.as_bytes(), mailbox="soporte")
    return process_email(inbound)


def isys_contact():
    """A hotel, client of ISYS (whose policy takes cases by email), with a plan; emails arrive
    at any hour the suite runs, so out-of-hours billing (tested elsewhere) is left out."""
    organization, contact = client("isys", plan="soporte-actualizaciones")
    IntakeRule.objects.get(policy=organization.policy, kind="out_of_hours").delete()
    return contact


def accessible(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return grave_violations(page)


def test_an_agent_accepts_a_held_reply_and_it_lands_on_the_case(tab: Page, settings):
    settings.EMAIL_TRUSTED_AUTHSERV_IDS = ["mx.vendor"]
    ana, _laura = isys_contact(), agent()
    case = CaseFactory(
        organization=ana.organization,
        requester=ana,
        requester_email=ana.email,
        status=Status.WAITING_ON_CLIENT,
        subject="El cierre de caja no cuadra",
    )
    held = receive(ana.email, f"RE: [{case.number}] El cierre de caja no cuadra", ANSWER)
    assert held.status == "held"

    sign_in(tab, "laura")
    tab.goto(f"/cases/{case.number}/")
    emails = tab.locator("#emails")
    expect(emails).to_contain_text(es("Sender not verified: no results from a trusted mail server"))
    expect(tab.locator("#conversation")).not_to_contain_text(ANSWER)
    assert accessible(tab) == []

    emails.get_by_label(es("accept it")).check()
    emails.get_by_role("button", name=es("Record the decision")).click()

    expect(tab.get_by_role("status").first).to_have_text(
        es("The decision on the held email was recorded.")
    )
    expect(tab.locator("#conversation")).to_contain_text(ANSWER)
    expect(tab.locator("#action-held_email")).to_have_count(0)


def test_an_agent_lets_in_a_case_whose_sender_was_not_verified(tab: Page, settings):
    settings.EMAIL_TRUSTED_AUTHSERV_IDS = ["mx.vendor"]
    ana, _laura = isys_contact(), agent()
    opened = receive(ana.email, "No imprime la factura", "Sale el error E-501.")
    case = opened.case
    assert case is not None and case.intake_reason == "sender_unverified"

    sign_in(tab, "laura")
    tab.goto(f"/cases/{case.number}/")
    decision = tab.locator("#action-sender")
    expect(decision).to_be_visible()
    assert accessible(tab) == []

    decision.get_by_label(es("let it in: the sender is genuine")).check()
    decision.get_by_role("button", name=es("Record the decision")).click()

    expect(tab.get_by_role("status").first).to_have_text(
        es("The decision on the sender was recorded.")
    )
    expect(tab.locator("#action-sender")).to_have_count(0)
