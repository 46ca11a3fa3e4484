"""CustomSoft (seed 001_a420c0afa0bc6e18.txt): the money rules of its pólizas in order — what is
left of the Intermedia póliza, the on-site visit a month (local clients only, viáticos apart,
foreign work quoted by its total time) and the extra services of the catalogue at the póliza's
discount — through the portal, the desk's actions, the API and the statement."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tiquetera.billing.models import Charge
from tiquetera.billing.services import charge_is_exact
from tiquetera.contracts.services import consume
from tiquetera.directory.models import Organization

from .world import client_of, open_case, signed_in, statement_lines

pytestmark = pytest.mark.django_db
MEXICO = "America/Mexico_City"


def intermedia(**organization: object):
    return client_of("customsoft", "intermedia", time_zone=MEXICO, **organization)


def test_intermedia_at_fourteen_events_shows_no_p1_left_though_its_own_cap_has_room():
    """Seed 001, "Póliza INTERMEDIA": "Hasta 14 eventos" and "Prioridad 1: 6 tickets …
    Prioridad 2: 5 … Prioridad 3: Hasta 4": both caps apply, so at 14/14 with P1 at 5/6 the
    client's portal says none is usable and why."""
    organization, usr = intermedia()
    for priority, count in (("P1", 5), ("P2", 5), ("P3", 4)):
        for n in range(count):
            consume(organization, priority, reference=f"{priority}-{n}", at=timezone.now())
    browser = signed_in(usr)
    expected = "Prioridad 1: 0 disponibles — el total del plan (14) está agotado"
    assert expected in browser.get("/portal/plan/").content.decode()
    assert expected in browser.get("/portal/cases/new/").content.decode()


def test_one_onsite_visit_a_month_is_included_the_next_is_charged(agent_client):
    """Seed 001, each póliza: "hasta 1 presencial por mes": the desk records two visits in a
    month on a local client's case; the first is free, the second is charged at the póliza's
    on-site price (an example in the preset), both on the statement."""
    organization, usr = intermedia()
    case = open_case(usr, case_type="incidente", severity="P2")
    for note in ("Primera visita", "Segunda visita"):
        response = agent_client.post(f"/cases/{case.number}/onsite/", {"note": note})
        assert response.status_code == 302, response.content.decode()[-2000:]

    lines = statement_lines(agent_client, organization)
    assert [(line["kind"], line["net"]) for line in lines] == [
        ("onsite_visit", "0.00"),
        ("onsite_visit", "1500.00"),
    ]
    assert all(charge_is_exact(Charge.objects.get(pk=line["id"])) for line in lines)


def test_a_client_out_of_town_is_quoted_by_total_time_plus_travel_expenses(agent_client):
    """Seed 001: on-site support "Aplica solo para clientes locales", visits carry "Restricciones
    de Viáticos", and "Servicios especiales foráneos deberán cotizarse de acuerdo con el tiempo
    empleado total": the desk cannot record the póliza's visit for a client out of town; the
    agent quotes it by its time, the client accepts, and the statement shows the visit and the
    viáticos as two lines."""
    organization, usr = intermedia(locality=Organization.Locality.OUT_OF_TOWN)
    case = open_case(usr, case_type="infraestructura", severity="P2")
    refused = agent_client.post(f"/cases/{case.number}/onsite/", {"note": "Visita"})
    assert refused.status_code == 422
    assert "solo para clientes locales" in refused.content.decode()
    assert not Charge.objects.filter(organization=organization).exists()

    quote = agent_client.post(
        f"/api/v1/organizations/{organization.pk}/quotes",
        {"service": "servicio-foraneo", "onsite_minutes": 200, "reference": case.number},
        content_type="application/json",
    ).json()
    # 200 minutes billed as 4 started hours at the example 900.00 an hour, no discount
    assert (quote["quantity"], quote["net"], quote["discounts"]) == ("4", "3600.00", [])
    assert quote["travel_expenses"] == "2500.00"

    client_api = signed_in(usr)
    accepted = client_api.post(
        f"/api/v1/organizations/{organization.pk}/quotes/{quote['id']}/accept"
    )
    assert accepted.status_code == 200, accepted.content
    again = client_api.post(f"/api/v1/organizations/{organization.pk}/quotes/{quote['id']}/accept")
    assert again.json() == accepted.json()  # accepted twice, billed once

    lines = statement_lines(agent_client, organization)
    assert [(line["kind"], line["net"]) for line in lines] == [
        ("onsite_visit", "3600.00"),
        ("travel_expenses", "2500.00"),
    ]


def test_an_extra_service_is_quoted_with_the_polizas_15_percent_discount(agent_client):
    """Seed 001, "Póliza INTERMEDIA": "Descuento en servicios adicionales del catálogo de
    servicios: 15%": ten hours of "Desarrollo a la medida" quoted through the API less 15 %, as
    a step, accepted by the client, and billed as an extra-service line."""
    organization, usr = intermedia()
    response = agent_client.post(
        f"/api/v1/organizations/{organization.pk}/quotes",
        {"service": "desarrollo", "quantity": "10"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    quote = response.json()
    assert (quote["gross"], quote["net"]) == ("8500.00", "7225.00")
    assert quote["discounts"] == [
        {"label": "Póliza Intermedia", "percent": "15.00", "amount": "1275.00"}
    ]
    # a client of another organization cannot see, let alone accept, it
    _other, stranger = intermedia()
    stranger_api = signed_in(stranger)
    url = f"/api/v1/organizations/{organization.pk}/quotes/{quote['id']}/accept"
    assert stranger_api.post(url).status_code == 404

    assert signed_in(usr).post(url).status_code == 200
    (line,) = statement_lines(agent_client, organization)
    assert (line["kind"], line["gross"], line["net"]) == ("extra_service", "8500.00", "7225.00")
    assert Decimal(line["discounts"][0]["amount"]) == Decimal("1275.00")
    assert charge_is_exact(Charge.objects.get(pk=line["id"]))


def test_the_basica_poliza_discounts_extra_services_10_percent(agent_client):
    """Seed 001, "Póliza básica": "Descuento en servicios adicionales del catálogo de
    servicios: 10%"."""
    organization, _usr = client_of("customsoft", "basica", time_zone=MEXICO)
    quote = agent_client.post(
        f"/api/v1/organizations/{organization.pk}/quotes",
        {"service": "capacitacion", "quantity": "2"},
        content_type="application/json",
    ).json()
    assert (quote["gross"], quote["net"]) == ("1200.00", "1080.00")


def test_the_usr_accepts_a_quoted_service_from_the_portal(agent_client):
    """Seed 001: extra services of the catalogue at the póliza's discount, which the client
    accepts before anything is billed — here from the portal's "Mi plan" page."""
    organization, usr = intermedia()
    quote = agent_client.post(
        f"/api/v1/organizations/{organization.pk}/quotes",
        {"service": "infraestructura", "quantity": "2", "reference": "Servidor nuevo"},
        content_type="application/json",
    ).json()
    assert quote["net"] == "1190.00", quote
    browser = signed_in(usr)
    page = browser.get("/portal/plan/").content.decode()
    assert "Infraestructura · Servidor nuevo" in page and "$\xa01.190,00 MXN" in page
    assert f"/portal/quotes/{quote['id']}/accept/" in page

    response = browser.post(f"/portal/quotes/{quote['id']}/accept/")
    assert response.status_code == 302
    browser.post(f"/portal/quotes/{quote['id']}/accept/")  # a second click bills nothing more
    (line,) = statement_lines(agent_client, organization)
    assert (line["kind"], line["gross"], line["net"]) == ("extra_service", "1400.00", "1190.00")
    assert "aceptado" in browser.get("/portal/plan/").content.decode()
