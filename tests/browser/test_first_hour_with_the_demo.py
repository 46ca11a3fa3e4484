"""The first hour with the demo (issue 14): on the desk the demo loader made, an agent finds a
case by a word of its description and a contact by a phone typed as people say it, and opens the
organization's page to read what is left of its plan; a client accepts the invitation from the
email in the outbox, chooses a password, signs in and finds their own case by search — and
nothing of another organization's."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tiquetera.core.demo import load_demo
from tiquetera.core.demo.world import AGENT_PASSWORD
from tiquetera.directory.models import Contact
from tiquetera.directory.services import invite_contact
from tiquetera.notifications.models import Notification
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.intake.request import IntakeRequest
from tiquetera.tickets.models import Case

from .world import JQ_STEP, es

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "Montaña-azul-2026"


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page.get_by_role("button", name=es("Sign out"))).to_be_visible()


def search(page: Page, words: str) -> None:
    box = page.get_by_role("search").get_by_role("searchbox").first
    box.fill(words)
    box.press("Enter")


def test_an_agent_finds_cases_people_and_plans_and_a_client_gets_in(page: Page):
    demo = load_demo("jq-systems", cases_count=24)
    agent_login = next(login for login in demo.logins if login.password == AGENT_PASSWORD)
    contact = Contact.objects.filter(organization__policy=demo.policy).order_by("pk").first()
    contact.phone = "+573106149927"
    contact.save(update_fields=["phone"])
    case = Case.objects.filter(policy=demo.policy).exclude(description="").order_by("pk").first()
    word = max(re.findall(r"\w{7,}", case.description), key=len)

    # the agent: a word of a description, then a phone as people say it, then the organization
    sign_in(page, agent_login.username, agent_login.password)
    search(page, word)
    results = page.locator("section[aria-labelledby=found-cases]")
    expect(results.get_by_role("link", name=case.number)).to_be_visible()
    search(page, "310 614 9927")
    people = page.locator("section[aria-labelledby=found-contacts]")
    expect(people.get_by_role("link", name=contact.name)).to_be_visible()
    people.get_by_role("link", name=contact.organization.legal_name).first.click()
    expect(page.locator("h1")).to_contain_text(contact.organization.legal_name)
    expect(page.locator("article.allowance").first).to_be_visible()
    page.get_by_role("button", name=es("Sign out")).click()

    # a client: invited, chooses a password from the email's link, signs in and searches
    newcomer = (
        Contact.objects.filter(organization=contact.organization, user__isnull=True)
        .exclude(email="")
        .order_by("pk")
        .first()
    )
    admin = get_user_model().objects.filter(is_superuser=True).first()
    invite_contact(newcomer, actor=admin)
    email = Notification.objects.filter(kind="contact_invitation", to=newcomer.email).get()
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", email.text_body).group(0)
    own = submit(
        IntakeRequest(
            channel="portal",
            subject="La factura electrónica sale sin el logotipo",
            description="Desde ayer las facturas salen sin logotipo.",
            organization=newcomer.organization,
            requester=newcomer,
            case_type="incidencia",
            severity="S2",
            fields={"application": "JQ Nómina", "module": "Facturación"},
            prerequisites_done=[JQ_STEP],
        )
    )
    others = Case.objects.exclude(organization=newcomer.organization).order_by("pk").first()

    page.goto(re.sub(r"^https?://[^/]+", "", link))
    expect(page.locator("h1")).to_have_text(es("Choose your password"))
    page.locator("#id_new_password1").fill(PASSWORD)
    page.get_by_label("Contraseña nueva (confirmación)").fill(PASSWORD)
    page.get_by_role("button", name=es("Save my password")).click()
    newcomer.refresh_from_db()
    sign_in(page, newcomer.user.get_username(), PASSWORD)
    expect(page).to_have_url(re.compile(r"/portal/$"))

    search(page, "logotipo")
    expect(page.get_by_role("link", name=own.number)).to_be_visible()
    search(page, others.number)
    expect(page.get_by_role("link", name=others.number)).to_have_count(0)
    expect(page.get_by_text(others.subject)).to_have_count(0)
