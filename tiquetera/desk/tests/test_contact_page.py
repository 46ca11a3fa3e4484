"""The contact page: details, role and rights, cases, calls and portal access; agents only."""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.channels.phone.services import log_call
from tiquetera.desk.tests.world import open_case
from tiquetera.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_page_shows_details_rights_cases_calls_and_portal_access(agent_client, agent, usr):
    usr.user = UserFactory(username="ana.perez@hotelcliente.co")
    usr.save(update_fields=["user"])
    case = open_case(usr)
    log_call(
        organization=usr.organization,
        contact=usr,
        caller_name=usr.name,
        number="310 614 9927",
        direction="in",
        started_at=timezone.now() - dt.timedelta(hours=1),
        duration_seconds=300,
        summary="Llamó por la nómina de diciembre.",
        actor=agent,
    )

    page = agent_client.get(f"/contacts/{usr.pk}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert usr.email in html
    assert case.number in html
    assert "Llamó por la nómina de diciembre." in html
    assert "ana.perez@hotelcliente.co" in html  # signs in as
    assert f"/organizations/{usr.organization_id}/" in html
    assert f"/cases/new/?contact={usr.pk}" in html


def test_a_contact_without_login_shows_no_portal_access(agent_client, usr):
    page = agent_client.get(f"/contacts/{usr.pk}/")

    assert page.context["page"].contact.user is None
    assert "Sin acceso al portal" in page.content.decode() or "No portal access" in (
        page.content.decode()
    )


def test_clients_never_see_a_contact_page(outsider_client, usr):
    assert outsider_client.get(f"/contacts/{usr.pk}/").status_code == 403


def test_the_language_reads_as_a_word_not_its_code(agent_client, usr):
    html = agent_client.get(f"/contacts/{usr.pk}/").content.decode()
    language = html.split("Idioma</th>", 1)[1].split("</tr>", 1)[0]
    assert "<td>Español</td>" in language
    usr.language = "xx"  # a code Django does not know stays readable, not a 500
    usr.save(update_fields=["language"])
    assert agent_client.get(f"/contacts/{usr.pk}/").status_code == 200
