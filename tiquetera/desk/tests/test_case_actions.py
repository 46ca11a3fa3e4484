"""The case page's actions (`desk/case_actions.py`): each calls its service and writes its audit
event; bad input shows the service's Spanish message beside the form (never a 500); only agents
may act; CSRF is enforced."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.billing.models import TimeEntry
from tiquetera.directory.models import Agent
from tiquetera.sla.models import Clock
from tiquetera.testing.factories import (
    AgentProfileFactory,
    ContactFactory,
    TeamFactory,
    UserFactory,
)
from tiquetera.tickets.models import Article, Case, ContactAttempt, DeskRules, ModalityStep
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

from .world import open_case

pytestmark = pytest.mark.django_db


def post(some_client: Client, case: Case, action: str, data: dict, **headers):
    return some_client.post(f"/cases/{case.number}/{action}/", data, **headers)


def verbs(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(case.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def refused(response, message: str) -> None:
    assert response.status_code == 422
    assert message in response.content.decode()


def test_reply_writes_a_public_reply_and_its_event(agent_client, usr):
    case = open_case(usr)
    response = post(agent_client, case, "reply", {"body": "Ya revisamos la factura."})
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.number}/"
    article = Article.objects.get(case=case, kind="reply")
    assert "Ya revisamos la factura." in article.body_text
    assert "case.replied" in verbs(case)


def test_an_empty_reply_is_refused_beside_its_form(agent_client, usr):
    case = open_case(usr)
    response = post(agent_client, case, "reply", {"body": ""})
    assert response.status_code == 422
    assert 'id="action-reply"' in response.content.decode()
    assert not Article.objects.filter(case=case, kind="reply").exists()


def test_note_is_written_as_an_internal_note(agent_client, usr):
    case = open_case(usr)
    assert post(agent_client, case, "note", {"body": "Llamar al USR."}).status_code == 302
    assert Article.objects.get(case=case, kind="note").body_text == "Llamar al USR."
    assert "case.noted" in verbs(case)


def test_assign_to_an_agent_and_a_team(agent_client, usr):
    case = open_case(usr)
    team = TeamFactory(name="Nivel 2")
    profile = AgentProfileFactory()
    profile.teams.add(team)
    response = post(agent_client, case, "assign", {"team": team.pk, "agent": profile.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.team, case.assignee) == (team, profile.user)
    assert "case.assigned" in verbs(case)


def test_assign_an_agent_outside_the_team_is_refused_in_spanish(agent_client, usr):
    case = open_case(usr)
    team = TeamFactory(name="Nivel 2")
    profile = AgentProfileFactory()
    response = post(agent_client, case, "assign", {"team": team.pk, "agent": profile.pk})
    refused(response, "no pertenece al equipo “Nivel 2”")


def test_change_status_along_the_table(agent_client, usr):
    case = open_case(usr)
    assert case.status == Status.OPEN
    response = post(agent_client, case, "status", {"status": "in_progress", "reason": "Empiezo"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert "case.status_changed" in verbs(case)


def test_an_illegal_transition_is_refused_with_the_tables_message(agent_client, usr):
    case = open_case(usr)
    response = post(agent_client, case, "status", {"status": "new"})
    refused(response, "Un caso no puede pasar de")
    case.refresh_from_db()
    assert case.status == Status.OPEN


def test_the_status_select_offers_only_the_allowed_moves(agent_client, usr):
    case = open_case(usr)
    form = agent_client.get(f"/cases/{case.number}/forms/status/").content.decode()
    form = form.split('id="action-status"', 1)[1].split("</form>", 1)[0]
    assert 'value="in_progress"' in form
    assert 'value="new"' not in form
    assert 'value="resolved"' not in form  # resolving has its own form


def test_resolve_needs_the_resolution(agent_client, usr):
    case = open_case(usr)
    refused(
        post(agent_client, case, "resolve", {"resolution": "   "}),
        "Escriba la solución antes de marcar el caso como resuelto.",
    )
    response = post(agent_client, case, "resolve", {"resolution": "Se reinstaló el certificado."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert case.resolution == "Se reinstaló el certificado."


def test_contact_attempt_is_logged(agent_client, usr):
    case = open_case(usr)
    data = {"channel": "phone", "outcome": "no_answer", "note": "Timbra y nadie contesta"}
    assert post(agent_client, case, "contact", data).status_code == 302
    attempt = ContactAttempt.objects.get(case=case)
    assert (attempt.channel, attempt.outcome) == ("phone", "no_answer")
    assert "case.contact_attempt_logged" in verbs(case)


def test_remote_session_needs_an_allowed_tool_and_the_session_id(agent_client):
    case = CaseFactory(status=Status.IN_PROGRESS)
    DeskRules.objects.create(policy=case.policy, modality_ladder=[], remote_tools=["AnyDesk"])
    refused(
        post(agent_client, case, "remote", {"tool": "TeamViewer", "session_id": "1"}),
        "no con “TeamViewer”",
    )
    refused(
        post(agent_client, case, "remote", {"tool": "anydesk"}),
        "necesita su identificador de sesión",
    )
    response = post(agent_client, case, "remote", {"tool": "anydesk", "session_id": "123 456"})
    assert response.status_code == 302
    step = ModalityStep.objects.get(case=case)
    assert (step.modality, step.tool, step.session_id) == ("remote", "AnyDesk", "123 456")
    assert "case.modality_step_recorded" in verbs(case)


def test_onsite_visit_skipping_rungs_needs_a_reason(agent_client):
    case = CaseFactory(status=Status.IN_PROGRESS)
    DeskRules.objects.create(
        policy=case.policy, modality_ladder=["written", "call", "remote", "onsite"]
    )
    refused(post(agent_client, case, "onsite", {"note": "Martes 9:00"}), "indique por qué")
    assert not ModalityStep.objects.exists()


def test_split_opens_a_new_case_linked_to_this_one(agent_client, usr):
    case = open_case(usr)
    data = {"subject": "También falla la nómina", "description": "Otro requerimiento."}
    assert post(agent_client, case, "split", data).status_code == 302
    new = Case.objects.get(split_from=case)
    assert new.subject == "También falla la nómina"
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert f'href="/cases/{new.number}/"' in page


def test_split_without_a_subject_is_refused(agent_client, usr):
    case = open_case(usr)
    refused(post(agent_client, case, "split", {"subject": ""}), "El nuevo caso necesita un asunto")


def test_merge_into_itself_is_refused(agent_client, usr):
    case = open_case(usr)
    refused(post(agent_client, case, "merge", {"into": case.number}), "duplicado de sí mismo")


def test_merge_into_an_unknown_number_is_refused(agent_client, usr):
    case = open_case(usr)
    refused(post(agent_client, case, "merge", {"into": "JQ-2026-999999"}), "JQ-2026-999999")


def test_merge_closes_the_duplicate(agent_client, usr):
    original = open_case(usr)
    duplicate = open_case(usr, subject="Otra vez la factura")
    duplicate_page = f"/cases/{duplicate.number}/"
    response = post(agent_client, duplicate, "status", {"status": "waiting_on_client"})
    assert response.status_code == 302
    response = post(agent_client, duplicate, "merge", {"into": original.number})
    assert response.status_code == 302, response.content.decode()[:3000]
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of) == (Status.CLOSED, original)
    page = agent_client.get(duplicate_page).content.decode()
    assert f'href="/cases/{original.number}/"' in page


def test_escalate_to_rd_with_a_fix_date(agent_client, usr):
    case = open_case(usr)
    fix = timezone.localdate() + dt.timedelta(days=10)
    response = post(agent_client, case, "escalate", {"fix_due_on": fix.isoformat()})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.fix_due_on) == (Status.ESCALATED_RD, fix)


def test_escalate_with_a_past_date_is_refused(agent_client, usr):
    case = open_case(usr)
    response = post(agent_client, case, "escalate", {"fix_due_on": "2020-01-01"})
    refused(response, "la solución, 1 ene 2020, ya pasó")  # a date as people write it, not ISO


def test_time_is_logged_on_the_case_and_listed_in_its_time_entries(agent_client, agent, usr):
    """The agent logs time from the case page; time the plan covers is logged not billable
    (a JQ subscription has no hourly rate)."""
    case = open_case(usr)
    data = {
        "minutes": "45",
        "worked_on": timezone.localdate().isoformat(),
        "description": "Revisión de la fórmula con el cliente.",
    }  # "billable" left unchecked
    response = post(agent_client, case, "time", data)
    assert response.status_code == 302
    entry = TimeEntry.objects.get(reference=case.number)
    assert (entry.minutes, entry.agent, entry.billable) == (45, agent, False)
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert "Tiempo registrado." in page
    assert "Revisión de la fórmula con el cliente." in page.split('id="time-entries"', 1)[1]


def test_billable_time_without_an_hourly_rate_is_refused_with_a_readable_date(agent_client, usr):
    case = open_case(usr)
    day = dt.date(2026, 12, 7)
    data = {
        "minutes": "30",
        "worked_on": day.isoformat(),
        "description": "Llamada.",
        "billable": "on",
    }
    response = post(agent_client, case, "time", data)
    refused(response, "vigente el 7 dic 2026 tiene tarifa por hora")
    assert "2026-12-07 tiene" not in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_override_needs_the_right_and_a_reason(agent_client, agent, usr):
    case = open_case(usr)
    clock = Clock.objects.filter(case=case, state="running").first()
    assert clock is not None
    data = {"metric": clock.metric, "minutes": 600, "reason": "Acordado con el USR"}
    refused(post(agent_client, case, "override", data), "Solo un agente con permiso para modificar")
    Agent.objects.create(user=agent, is_vendor_admin=True)
    refused(
        post(agent_client, case, "override", {**data, "reason": ""}),
        "Indique qué se acordó con el cliente",
    )
    assert post(agent_client, case, "override", data).status_code == 302
    clock.refresh_from_db()
    assert (clock.target_minutes, clock.override_reason) == (600, "Acordado con el USR")
    assert "case.sla_overridden" in verbs(case)


def test_override_form_shows_only_to_who_may_override(agent_client, agent, usr):
    case = open_case(usr)
    fragment = f"/cases/{case.number}/forms/override/"
    assert fragment not in agent_client.get(f"/cases/{case.number}/").content.decode()
    assert agent_client.get(fragment).status_code == 404
    Agent.objects.create(user=agent, is_vendor_admin=True)
    assert fragment in agent_client.get(f"/cases/{case.number}/").content.decode()
    assert 'id="action-override"' in agent_client.get(fragment).content.decode()


def test_htmx_refusal_swaps_only_the_form(agent_client, usr):
    case = open_case(usr)
    response = post(agent_client, case, "status", {"status": "new"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#action-status"
    assert response["HX-Reselect"] == "#action-status"
    assert "Un caso no puede pasar de" in response.content.decode()


def test_unknown_action_is_404(agent_client, usr):
    case = open_case(usr)
    assert post(agent_client, case, "delete", {}).status_code == 404


def test_a_clients_user_is_refused_and_nothing_is_written(usr):
    case = open_case(usr)
    user = UserFactory(username="ana.cliente")
    ContactFactory(organization=usr.organization, user=user, email="otra@hotelcliente.co")
    contact_client = Client()
    contact_client.force_login(user)
    assert post(contact_client, case, "note", {"body": "hola"}).status_code == 403
    assert not Article.objects.filter(case=case).exists()


def test_anonymous_is_sent_to_sign_in(usr):
    case = open_case(usr)
    response = post(Client(), case, "note", {"body": "hola"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_csrf_is_enforced(agent, usr):
    case = open_case(usr)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(agent)
    assert post(strict, case, "note", {"body": "sin token"}).status_code == 403
    page = strict.get(f"/cases/{case.number}/")
    token = page.cookies["csrftoken"].value
    response = post(strict, case, "note", {"body": "con token", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Article.objects.filter(case=case, kind="note").count() == 1


def test_change_severity_with_a_reason(agent_client, usr):
    case = open_case(usr)
    other = "S3" if case.severity != "S3" else "S1"

    response = post(agent_client, case, "severity", {"severity": other, "reason": "Se detuvo todo"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.severity == other
    assert "case.severity_changed" in verbs(case)


def test_a_severity_change_without_a_reason_is_refused_beside_the_form(agent_client, usr):
    case = open_case(usr)
    other = "S3" if case.severity != "S3" else "S1"

    refused(post(agent_client, case, "severity", {"severity": other}), "Indique la razón.")
    case.refresh_from_db()
    assert case.severity != other
