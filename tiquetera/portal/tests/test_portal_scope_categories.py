"""Seed 004 (Soho Apps), "No son inconvenientes" and "SOLICITUD DE ASISTENCIA DIFERENTE A SOPORTE
TÉCNICO": the portal, the API and the desk's "new case" offer every scope category of the policy
— not only what is support — and say before the case is sent what happens to one that is not."""

import html

import pytest

from tiquetera.tickets.models import ScopeCategory

from .conftest import signed_in

pytestmark = pytest.mark.django_db

SOHO_CATEGORIES = {
    "capacitacion",
    "instalacion",
    "sistema-operativo",
    "virus",
    "perifericos",
    "procesos",
    "mejoras",
    "redes",
    "auditoria",
}
JQ_CATEGORIES = {"dispositivos", "redes"}


def test_the_portal_form_offers_every_category_and_says_what_happens(soho_usr):
    page = html.unescape(signed_in(soho_usr).get("/portal/cases/new/").content.decode())
    for key in SOHO_CATEGORIES:
        assert f'<option value="{key}">' in page
    assert (
        "Capacitación</strong>: “Capacitación” lo atiende nuestra área comercial, no soporte."
        in page
    )
    assert "Por favor escriba a info@sohoapps.co." in page


def test_the_desk_new_case_page_offers_them_too(agent_client, soho_usr):
    url = f"/cases/new/?contact={soho_usr.pk}&channel=phone"
    page = html.unescape(agent_client.get(url).content.decode())
    assert '<option value="virus">' in page
    assert "“Análisis y detección de virus” no hace parte del soporte técnico." in page


def test_the_api_lists_every_category_with_its_notice(agent_client, soho_usr, jq_usr):
    mine = signed_in(soho_usr).get("/api/v1/cases/scope-categories").json()
    assert {c["key"] for c in mine} == SOHO_CATEGORIES
    training = next(c for c in mine if c["key"] == "capacitacion")
    assert training["action"] == ScopeCategory.Action.SALES
    assert "info@sohoapps.co" in training["notice"]

    organization = soho_usr.organization.pk
    agents = agent_client.get("/api/v1/cases/scope-categories", {"organization": organization})
    assert [c["key"] for c in agents.json()] == [c["key"] for c in mine]
    assert agent_client.get("/api/v1/cases/scope-categories").status_code == 422
    # JQ's contact sees its own policy's categories, never Soho's, whatever it asks for
    other = (
        signed_in(jq_usr)
        .get("/api/v1/cases/scope-categories", {"organization": organization})
        .json()
    )
    assert {c["key"] for c in other} == JQ_CATEGORIES
