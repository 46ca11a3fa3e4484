"""What is left of the plan this period, per priority and in total, as contracts count it
(CustomSoft's póliza Básica, seed 001: "Prioridad 1: 5 tickets. Prioridad 2: Hasta 2 tickets.
Prioridad 3: Hasta 1 ticket", up to 8 events)."""

import re

import pytest

from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.tests.intake_world import client, request

from .conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def basica():
    _org, usr = client("customsoft", plan="basica")
    return usr


def p1_case(contact):
    values = {"case_type": "incidente", "severity": "P1", "received_at": None}
    return submit(request(contact, **values))


def allowance_on(contact, page="/portal/") -> str:
    return signed_in(contact, language="en").get(page).content.decode()


def test_the_portal_shows_each_prioritys_tickets_left_this_month(basica):
    page = allowance_on(basica)
    assert "Póliza Básica" in page
    assert "Prioridad 1: 5 of 5 left this month" in page
    assert "Prioridad 2: 2 of 2 left this month" in page
    assert "Prioridad 3: 1 of 1 left this month" in page
    assert "All priorities: 8 of 8 left this month" in page


def test_each_case_takes_one_ticket_off_its_priority_and_the_total(basica):
    for _ in range(3):
        assert p1_case(basica).consumption.outcome == "covered"
    page = allowance_on(basica)
    assert "Prioridad 1: 2 of 5 left this month" in page
    assert "All priorities: 5 of 8 left this month" in page

    response = signed_in(basica).post(
        "/portal/cases/new/",
        {
            "case_type": "incidente",
            "shown_type": "incidente",
            "severity": "P1",
            "subject": "La operación está detenida",
            "description": "No abre el sistema en ninguna caja.",
        },
    )
    assert response.status_code == 302
    page = allowance_on(basica, "/portal/cases/new/")
    assert "Prioridad 1: 1 of 5 left this month" in page
    assert "Prioridad 2: 2 of 2 left this month" in page
    assert "All priorities: 4 of 8 left this month" in page


def test_the_spanish_page_shows_the_same_figures(basica):
    p1_case(basica)
    page = signed_in(basica).get("/portal/").content.decode()
    assert re.search(r"Prioridad 1: 4 (de|of) 5", page)  # "de 5 disponibles este mes"


def test_without_a_plan_in_force_the_portal_says_so_and_what_the_client_can_still_do():
    """ISYS serves a client without a plan per event (seed 000): the box said only "Su
    organización no tiene hoy un plan de soporte vigente", as if nothing could be opened."""
    _org, usr = client("isys", plan=None)
    page = signed_in(usr).get("/portal/").content.decode().replace("\xa0", " ")
    box = page.split("Su organización no tiene hoy un plan de soporte vigente.", 1)[1]
    assert box.split("</p>", 1)[0].strip() == (
        "Igual puede abrir casos. Cada caso es un servicio por evento de $ 180.000,00 COP: lo "
        "atendemos en cuanto recibimos su orden de compra, firmada por una persona autorizada "
        "para solicitar servicios."
    )
    assert submit(request(usr, case_type="soporte")).status == "pending_purchase_order"


def test_without_a_plan_where_the_policy_refuses_such_cases_the_portal_says_to_contract_one():
    _org, usr = client("jq-systems", plan=None)
    page = signed_in(usr).get("/portal/cases/new/").content.decode()
    assert (
        "Su organización no tiene hoy un plan de soporte vigente. Para que atendamos sus casos, "
        "contrate un plan de soporte o renueve el suyo: nuestra área comercial puede ayudarle."
    ) in page


def test_a_per_event_plan_says_what_a_case_costs_and_waits_for():
    """ISYS's "Soporte por evento" (seed 000) includes nothing: its box said "Todas las
    prioridades: no incluida en su plan", as if the client could not open a case at all."""
    _org, usr = client("isys", plan="por-evento")
    page = signed_in(usr).get("/portal/plan/").content.decode().replace("\xa0", " ")
    box = page.split('class="allowance"', 1)[1].split("</section>", 1)[0]
    assert (
        "Cada caso es un servicio por evento de $ 180.000,00 COP: lo atendemos en cuanto "
        "recibimos su orden de compra, firmada por una persona autorizada para solicitar "
        "servicios."
    ) in box
    assert "no incluida en su plan" not in box
