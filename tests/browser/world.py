"""Who and what the scenarios start from, made before the browser opens: a JQ Systems client
(seed 002) on its first subscription plan, its people with a login, and cases taken in through
the pipeline as the portal would. Plus the few steps every scenario shares."""

from django.contrib.auth.models import AbstractUser
from django.utils import translation
from playwright.sync_api import Page, expect

from tiquetera.directory.models import Contact
from tiquetera.testing.factories import AgentFactory, UserFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client, request

PASSWORD = "a-test-password"  # the factories' password
JQ_STEP = (
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
)


def es(msgid: str, **values: object) -> str:
    """A UI text as a Spanish-speaking person reads it (the catalogue's translation)."""
    with translation.override("es"):
        text = translation.gettext(msgid)
    return text % values if values else text


def jq_usr() -> Contact:
    """Ana Pérez, the USR of a JQ Systems client on "suscripcion-1", who signs in as "ana"."""
    _organization, usr = client("jq-systems", plan="suscripcion-1")
    return with_login(usr, "ana")


def with_login(contact: Contact, username: str) -> Contact:
    contact.user = UserFactory(username=username, first_name=contact.name.split()[0])
    contact.save(update_fields=["user"])
    return contact


def agent(username: str = "laura") -> AbstractUser:
    return AgentFactory(username=username, first_name="Laura", last_name="Gómez")


def open_jq_case(contact: Contact, **values: object) -> Case:
    """A complete JQ incidencia (S2) by `contact`, received now, through the pipeline."""
    base: dict[str, object] = {
        "case_type": "incidencia",
        "severity": "S2",
        "fields": {"application": "JQ Nómina", "module": "Liquidación"},
        "prerequisites_done": [JQ_STEP],
        "received_at": None,
    }
    return submit(request(contact, **{**base, **values}))


def sign_in(page: Page, username: str) -> None:
    """Through the login form, as a person does."""
    page.goto("/accounts/login/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page.get_by_role("button", name=es("Sign out"))).to_be_visible()
