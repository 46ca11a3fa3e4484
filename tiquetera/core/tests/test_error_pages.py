"""Our own 403, 404 and 500 pages, in the reader's language, with the way back (issue 17); a
favicon on every page; the "Configuration" link only for those the admin has something for."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from tiquetera.testing.factories import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_address_is_our_404_in_spanish_or_english(agent_client):
    page = agent_client.get("/no-existe/")
    assert page.status_code == 404
    html = page.content.decode()
    assert "Página no encontrada" in html and 'href="/queue/"' in html
    assert "core/favicon.svg" in html
    assert "no-existe" not in html  # the address is not echoed (it may name another's case)
    agent_client.cookies["django_language"] = "en"
    english = agent_client.get("/no-existe/").content.decode()
    assert "Page not found" in english and "Not Found" not in english


def test_a_client_on_an_agents_page_gets_our_403_with_the_way_to_their_cases(outsider_client):
    page = outsider_client.get("/queue/")
    assert page.status_code == 403
    html = page.content.decode()
    assert "Acceso denegado" in html and "403 Forbidden" not in html


def test_a_failure_is_our_500_page():
    request = RequestFactory().get("/")
    with translation.override("es"):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Algo salió mal" in html and "core/favicon.svg" in html


def test_the_configuration_link_shows_only_when_the_admin_has_something_for_the_user():
    agent, boss = AgentFactory(username="agente"), AgentFactory(username="jefa")
    boss.user_permissions.add(Permission.objects.get(codename="view_calendar"))
    pages = {}
    for user in (agent, boss, UserFactory(username="root", is_staff=True, is_superuser=True)):
        browser = Client()
        browser.force_login(user)
        pages[user.username] = browser.get("/queue/").content.decode()
    assert 'href="/admin/"' not in pages["agente"]
    assert 'href="/admin/"' in pages["jefa"] and 'href="/admin/"' in pages["root"]
