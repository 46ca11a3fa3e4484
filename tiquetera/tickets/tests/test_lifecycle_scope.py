"""An accepted case an agent finds out of scope (seed 004: "No son inconvenientes: Solicitudes de
capacitación ..." and "deberá ser solicitada al correo electrónico: info@sohoapps.co"; seed 002:
"será remitida al proveedor aliado ... bajo el consentimiento previo del cliente"): refused, sent
to sales or referred with consent, with a reason; the requester told, the ticket credited back."""

import pytest
from django.test import Client

from tiquetera.audit.models import AuditEvent
from tiquetera.contracts.models import Consumption, EntitlementPeriod
from tiquetera.notifications.models import Notification
from tiquetera.portal.tests.conftest import signed_in
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.lifecycle.inbound import client_wrote
from tiquetera.tickets.lifecycle.scope import mark_out_of_scope
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import Status

from .intake_world import client, request

pytestmark = pytest.mark.django_db

COMPLETE = {
    "application": "SOHO Hotel",
    "module": "Reservas",
    "process": "Check-in",
    "menu_path": "Reservas > Check-in",
}


def soho_case():
    """An accepted Soho ticket that, read by the agent, asks for training in other words."""
    _org, ana = client("soho-apps", plan="soporte")
    case = submit(
        request(
            ana,
            case_type="inconveniente",
            fields=COMPLETE,
            requester_phone="+57 606 3134484",
            subject="Ayuda con el check-in de grupos",
            description="La nueva recepcionista no sabe hacer el check-in de un grupo.",
        )
    )
    assert case.status == Status.OPEN and case.consumption is not None
    return case


def tickets_used(case) -> int:
    return EntitlementPeriod.objects.get(pk=case.consumption.period_id).total_used


def test_sent_to_sales_the_requester_is_told_and_the_ticket_given_back(agent):
    case = soho_case()
    assert tickets_used(case) == 1
    seen = AuditEvent.objects.order_by("pk").last().pk

    mark_out_of_scope(
        case,
        action="sales",
        category="capacitacion",
        reason="Es una capacitación de recepción, no un fallo del software.",
        actor=agent,
    )

    case.refresh_from_db()
    assert (case.status, case.intake, case.intake_reason) == (
        Status.REJECTED,
        Case.Intake.REFUSED,
        "routed_to_sales",
    )
    assert "info@sohoapps.co" in case.intake_message
    assert "Es una capacitación de recepción" in case.intake_message
    assert tickets_used(case) == 0
    consumption = Consumption.objects.get(pk=case.consumption_id)
    assert consumption.credit_reason == Consumption.CreditReason.OUT_OF_SCOPE
    told = Notification.objects.filter(kind="case_refused").latest("pk")
    assert "info@sohoapps.co" in told.text_body and told.to == case.requester_email
    # exactly one event, saying the credit too (issue 16: "one audit event")
    new = AuditEvent.objects.filter(pk__gt=seen)
    assert [(e.verb, e.after["status"]) for e in new] == [("case.status_changed", "rejected")]
    assert new.get().after["credited_back"] == "out_of_scope"


def test_referred_with_consent_waits_for_the_clients_yes(agent):
    case = soho_case()
    seen = AuditEvent.objects.order_by("pk").last().pk
    mark_out_of_scope(case, action="refer", reason="Lo atiende el aliado.", actor=agent)
    assert Case.objects.get(pk=case.pk).status == Status.PENDING_CONSENT
    assert tickets_used(case) == 0
    assert AuditEvent.objects.filter(pk__gt=seen).count() == 1

    seen = AuditEvent.objects.order_by("pk").last().pk
    client_wrote(case, body="Sí", contact=case.requester, channel="email")
    assert Case.objects.get(pk=case.pk).status == Status.REFERRED
    # the consent: one status change carrying the intake outcome (besides the client's reply)
    changes = AuditEvent.objects.filter(pk__gt=seen, verb="case.status_changed")
    assert [(e.after["status"], e.after["intake"]) for e in changes] == [("referred", "accepted")]


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"action": "reject", "reason": "  "}, "reason_required"),
        ({"action": "close", "reason": "No."}, "unknown_scope_action"),
        ({"action": "reject", "reason": "No.", "category": "nope"}, "unknown_scope_category"),
    ],
)
def test_bad_input_is_refused_with_nothing_written(agent, values, code):
    case = soho_case()
    with pytest.raises(TicketsError) as refused:
        mark_out_of_scope(case, actor=agent, **values)
    assert refused.value.code == code
    assert Case.objects.get(pk=case.pk).status == Status.OPEN
    assert tickets_used(case) == 1


def test_a_resolved_case_cannot_be_marked_and_the_status_form_cannot_refuse(agent_client):
    case = soho_case()
    case.status = Status.RESOLVED
    case.save(update_fields=["status"])
    with pytest.raises(TicketsError) as refused:
        mark_out_of_scope(case, action="reject", reason="No es soporte.", actor=None)
    assert refused.value.code == "not_out_of_scope_now"

    open_case = soho_case()
    moved = agent_client.post(
        f"/cases/{open_case.number}/status/", {"status": "rejected", "reason": "x"}
    )
    assert moved.status_code == 422  # only marking out of scope refuses an accepted case
    assert Case.objects.get(pk=open_case.pk).status == Status.OPEN


def test_the_desk_form_marks_it(agent_client: Client):
    case = soho_case()
    form = f"/cases/{case.number}/forms/out_of_scope/"  # fetched when opened (issue 18)
    assert f'hx-get="{form}"' in agent_client.get(f"/cases/{case.number}/").content.decode()
    assert 'id="action-out_of_scope"' in agent_client.get(form).content.decode()
    response = agent_client.post(
        f"/cases/{case.number}/out_of_scope/",
        {"action": "reject", "category": "virus", "reason": "Es un análisis de virus."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.category, case.intake_reason) == (
        Status.REJECTED,
        "virus",
        "out_of_scope",
    )
    assert form not in agent_client.get(f"/cases/{case.number}/").content.decode()
    assert agent_client.get(form).status_code == 404


def test_the_api_marks_it_for_agents_only(agent_client: Client):
    case = soho_case()
    url = f"/api/v1/cases/{case.number}/out-of-scope"
    body = {"action": "sales", "category": "mejoras", "reason": "Es una personalización."}
    mine = signed_in(case.requester).post(url, body, content_type="application/json")
    assert mine.status_code == 403
    done = agent_client.post(url, body, content_type="application/json")
    assert (done.status_code, done.json()["status"]) == (200, "rejected")
    assert tickets_used(case) == 0
