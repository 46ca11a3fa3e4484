"""Cases recorded after the fact (the demo's three months of history): the intake with
`received_at` (the case is dated then), and the lifecycle services with `at=` (reply, status,
assignment, resolution), date what they write and run the SLA clocks at that time, not now."""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.directory.services import add_agent
from tiquetera.sla.models import Clock
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.articles import add_reply
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.lifecycle.assignment import assign
from tiquetera.tickets.lifecycle.resolution import confirm_resolution, resolve
from tiquetera.tickets.models import IntakeRule
from tiquetera.tickets.services import change_status
from tiquetera.tickets.tests.intake_world import client, request

pytestmark = pytest.mark.django_db


def _case(received_at: dt.datetime):
    _org, contact = client("soho-apps", plan="soporte")
    # Soho attends only priority calls out of hours: left out, these tests run at any hour
    IntakeRule.objects.filter(policy=contact.organization.policy, kind="out_of_hours").delete()
    complete = {
        "case_type": "inconveniente",
        "requester_phone": "+57 606 3134484",
        "fields": {
            "application": "SOHO Hotel",
            "module": "Facturación",
            "process": "Cierre de cuenta",
            "menu_path": "Facturación > Documentos > Factura",
        },
    }
    case = submit(request(contact, received_at=received_at, **complete))
    assert case.status == "open", case.intake_message
    return case


def test_a_case_is_dated_when_it_was_received():
    then = timezone.now() - dt.timedelta(days=40)
    assert _case(then).created_at == then


def test_replies_waits_and_resolutions_recorded_after_the_fact_carry_their_time():
    then = timezone.now() - dt.timedelta(days=30)
    case = _case(then)
    agent = AgentFactory()
    replied_at, waiting_at, resolved_at, closed_at = (
        then + dt.timedelta(hours=h) for h in (2, 3, 30, 80)
    )
    article = add_reply(case, body="Lo revisamos.", actor=agent, channel="portal", at=replied_at)
    change_status(case, "waiting_on_client", actor=agent, at=waiting_at)
    case.refresh_from_db()
    assert (article.created_at, case.first_response_at) == (replied_at, replied_at)
    assert case.waiting_since == waiting_at
    change_status(case, "in_progress", actor=agent, at=waiting_at + dt.timedelta(hours=1))
    resolve(case, resolution="Se corrigió la plantilla.", actor=agent, at=resolved_at)
    confirm_resolution(case, actor=agent, at=closed_at)
    case.refresh_from_db()
    assert (case.resolved_at, case.closed_at) == (resolved_at, closed_at)
    clocks = Clock.objects.filter(case=case)
    assert clocks.exists()
    assert {clock.started_at for clock in clocks} == {then}
    met = [clock.met_at for clock in clocks if clock.met_at is not None]
    assert met and max(met) <= closed_at


def test_an_assignment_recorded_after_the_fact_meets_the_assignment_clock_then():
    """JQ Systems (seed 002): a solicitud is to be assigned within 24 business hours."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    then = timezone.now() - dt.timedelta(days=20)
    solicitud = {"case_type": "solicitud", "fields": {"application": "ERP Contable"}}
    case = submit(request(usr, received_at=then, **solicitud))
    assert (case.status, case.assignee) == ("open", None), case.intake_message  # no agents yet
    agent = add_agent(AgentFactory(), [], ["Facturación"], actor=None).obj
    taken = then + dt.timedelta(hours=3)
    assign(case, agent=agent, actor=None, at=taken)
    clock = Clock.objects.get(case=case, metric="assignment")
    assert (clock.state, clock.met_at) == ("met", taken)
