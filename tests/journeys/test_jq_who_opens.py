"""JQ Systems (seed 002_340504d33eeb239b.txt), "Esquema de soporte": "Cada empresa debe contar con
un USR (Usuario Supervisor Registrado) … Los únicos usuarios autorizados para reportar un caso de
soporte técnico es el USR, y en su defecto como medida temporal, el gerente y/o administrador. Si
algún caso de soporte es informado por un usuario diferente a los mencionados y no es verificado
por el USR, se considera invalido." — through the portal's form and the desk's pages."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from tiquetera.contracts.services.lifecycle import start_contract
from tiquetera.portal.tests.conftest import jq_incidencia
from tiquetera.testing.factories import AgentFactory, ContactFactory, OrganizationFactory
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import preset

from .world import month_start, signed_in

pytestmark = pytest.mark.django_db
BOGOTA = "America/Bogota"


@pytest.fixture
def desk() -> Client:
    """An agent who may edit contacts, on the desk."""
    agent = AgentFactory(username="coordinadora")
    agent.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="directory", codename="change_contact")
    )
    browser = Client()
    browser.force_login(agent)
    return browser


def jq_client(*, with_usr: bool = True):
    organization = OrganizationFactory(
        policy=preset("jq-systems"), legal_name="Hotel Andino S.A.S.", time_zone=BOGOTA
    )
    start_contract(organization, "suscripcion-1", start=month_start(BOGOTA), actor=None)
    usr = (
        ContactFactory(organization=organization, role="usr", name="Ana Pérez")
        if with_usr
        else None
    )
    manager = ContactFactory(
        organization=organization, role="manager", name="Carlos Gómez", email="gerente@andino.co"
    )
    return organization, usr, manager


def report(contact) -> tuple[Case, str]:
    """A complete incidencia through the portal's form; the case and the page after it."""
    browser = signed_in(contact)
    response = browser.post("/portal/cases/new/", jq_incidencia())
    assert response.status_code == 302, response.content.decode()[-800:]
    return Case.objects.filter(requester=contact).latest("pk"), browser.get(
        response["Location"]
    ).content.decode()


def test_the_manager_of_a_client_with_a_usr_waits_for_the_usrs_verification():
    """ "Los únicos usuarios autorizados … es el USR": while Ana is the USR, the manager's case is
    not attended until she verifies it, and the page tells him why, naming her."""
    _organization, _usr, manager = jq_client()

    case, page = report(manager)

    assert (case.status, case.intake_reason) == ("pending_verification", "needs_verification")
    assert "Ana Pérez" in page and "gerente" in page.lower()


def test_without_a_usr_the_manager_reports_and_the_desk_warns(agent_client):
    """ "y en su defecto como medida temporal, el gerente y/o administrador": a client without a
    USR has its manager's case accepted, and its page on the desk says it has no USR."""
    organization, _usr, manager = jq_client(with_usr=False)

    case, _page = report(manager)

    assert (case.status, case.intake) == ("open", "accepted")
    page = agent_client.get(f"/organizations/{organization.pk}/").content.decode()
    assert (
        "Hotel Andino S.A.S. no tiene usuario supervisor registrado (USR) que pueda abrir casos."
        in page
    )
    assert "Mientras tanto, su gerente y administrador los abren." in page


def test_while_the_usr_is_away_the_manager_reports_and_after_that_no_longer(desk, agent_client):
    """ "como medida temporal": the agent records on the desk that the USR is away until a date;
    until then the manager's cases are attended, the day after they wait for the USR again."""
    organization, usr, manager = jq_client()
    today = timezone.localdate()
    response = desk.post(
        f"/contacts/{usr.pk}/edit/",
        {
            "name": usr.name,
            "email": usr.email,
            "role": "usr",
            "may_open_cases": "on",
            "may_verify_cases": "on",
            "language": "es",
            "is_active": "on",
            "away_until": (today + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[-800:]
    assert response["Location"] == f"/contacts/{usr.pk}/"
    usr.refresh_from_db()
    assert usr.away_until == today + dt.timedelta(days=3)

    case, _page = report(manager)
    assert (case.status, case.intake) == ("open", "accepted")
    page = agent_client.get(f"/organizations/{organization.pk}/").content.decode()
    assert "Ana Pérez, su usuario supervisor registrado (USR), está ausente hasta el" in page
    assert "ausente hasta el" in desk.get(f"/contacts/{usr.pk}/").content.decode()

    usr.away_until = today - dt.timedelta(days=1)  # she is back
    usr.save(update_fields=["away_until"])
    second, _page = report(manager)
    assert second.status == "pending_verification"
    assert (
        "Quién abre casos"
        not in agent_client.get(f"/organizations/{organization.pk}/").content.decode()
    )
