"""Soho Apps (seed 004_c5168ccd74ab8109.txt), service levels: a bug R&D holds does not breach its
48-hour answer while it waits for the fix date R&D committed to; the requester is told the date,
the desk shows it, and the date itself is a deadline that can breach — through the desk, the
API and the sweep."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tiquetera.notifications.models import Notification
from tiquetera.sla.sweep import sweep
from tiquetera.tickets.statuses import Status

from .world import client_of, open_case

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
SOHO_FIELDS = {
    "application": "SOHO Hotel",
    "module": "Facturación",
    "process": "Cierre de cuenta",
    "menu_path": "Facturación > Documentos > Factura",
}


def clocks(agent_client, number: str) -> dict[str, dict]:
    response = agent_client.get(f"/api/v1/cases/{number}")
    assert response.status_code == 200
    return {clock["metric"]: clock for clock in response.json()["clocks"]}


def test_a_bug_waiting_on_rd_does_not_breach_until_its_fix_date(agent_client):
    """Seed 004, "Bug del software": "el área de Investigación y desarrollo procederá determinar
    el tiempo máximo que tarda la solución la cual será notificada al solicitante"; "El tiempo
    de respuesta máximo serán 48 horas hábiles" stops while R&D holds the bug."""
    _org, contact = client_of("soho-apps", "soporte")
    case = open_case(
        contact, case_type="inconveniente", fields=SOHO_FIELDS, requester_phone="+57 606 3134484"
    )
    assert case.status == Status.OPEN
    fix = timezone.localdate(timezone=BOGOTA) + dt.timedelta(days=14)

    response = agent_client.post(
        f"/cases/{case.number}/escalate/",
        {"fix_due_on": fix.isoformat(), "note": "Error al redondear el IVA"},
    )
    assert response.status_code == 302, response.content.decode()[-800:]

    # the requester is told the date
    told = Notification.objects.get(kind="case_escalated")
    assert told.to == contact.email
    assert str(fix.day) in told.text_body and str(fix.year) in told.text_body
    # the desk shows the committed date as a deadline of the case
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert "fecha comprometida de corrección" in page.lower()

    found = clocks(agent_client, case.number)
    assert found["resolution"]["state"] == "paused"
    assert found["fix_date"]["state"] == "running"
    end_of_fix_day = dt.datetime.combine(fix + dt.timedelta(days=1), dt.time(0), tzinfo=BOGOTA)
    assert dt.datetime.fromisoformat(found["fix_date"]["due_at"]) == end_of_fix_day

    # the evening of the fix date: 14 days after, far beyond 48 business hours, nothing breached
    sweep(end_of_fix_day - dt.timedelta(hours=1))
    found = clocks(agent_client, case.number)
    assert found["resolution"]["breached_at"] is None
    assert found["fix_date"]["breached_at"] is None

    # the next morning the committed date has passed: that deadline breaches, the answer does not
    next_morning = end_of_fix_day + dt.timedelta(hours=9)
    sweep(next_morning)
    found = clocks(agent_client, case.number)
    assert dt.datetime.fromisoformat(found["fix_date"]["breached_at"]) == next_morning
    assert (found["resolution"]["state"], found["resolution"]["breached_at"]) == ("paused", None)
