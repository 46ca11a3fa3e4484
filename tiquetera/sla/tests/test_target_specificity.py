"""Targets per case type and per plan (or no plan), not only per severity: the most specific
target wins — type and plan, then type, then plan, then severity, then the general one."""

import datetime as dt

import pytest

from tiquetera.calendars.models import Calendar
from tiquetera.sla.models import NO_PLAN, Clock, SlaTarget
from tiquetera.sla.services import targets_for
from tiquetera.tickets.models import Case

from .sla_world import MEXICO, customsoft_case

pytestmark = pytest.mark.django_db

TUESDAY_NINE = dt.datetime(2026, 7, 14, 9, 0, tzinfo=MEXICO)


def metrics(case: Case) -> dict[str, int]:
    return dict(Clock.objects.filter(case=case).values_list("metric", "target_minutes"))


def test_customsoft_question_of_a_poliza_client_gets_the_ten_minutes_of_its_type():
    """seeds/001_a420c0afa0bc6e18.txt, "Tiempos de respuesta" 01: questions in 10 minutes; the
    24-hour response of the póliza (line 12) is less specific than the question type."""
    case = customsoft_case("consulta", at=TUESDAY_NINE)
    assert metrics(case) == {"first_response": 10}


def test_customsoft_incident_gets_the_poliza_response_its_resolution_and_updates():
    """seeds/001, line 12 (24 h with a póliza), "Tiempos de respuesta" 02 (incidents resolved in
    24 business hours) and 04 (progress on long cases; the interval is the preset's example)."""
    case = customsoft_case("incidente", at=TUESDAY_NINE)
    assert metrics(case) == {"first_response": 1440, "resolution": 1440, "progress_update": 1440}


def test_customsoft_development_support_is_no_incident_it_has_no_24_hour_resolution():
    """seeds/001, 02 speaks of "las incidencias": a development request of the same priority
    (P2) gets the póliza's response and progress updates, no resolution deadline."""
    case = customsoft_case("desarrollo", at=TUESDAY_NINE)
    assert case.severity == "P2"
    assert metrics(case) == {"first_response": 1440, "progress_update": 1440}


def target(case: Case, **scope: str) -> SlaTarget:
    calendar = Calendar.objects.get(policy=case.policy, key="regular")
    values = {"case_type": "", "severity": "", "plan": "", **scope}
    return SlaTarget.objects.create(
        policy=case.policy,
        metric="assignment",
        minutes=1 + len(SlaTarget.objects.all()),
        calendar=calendar,
        **values,
    )


def test_type_and_plan_then_type_then_plan_then_severity_then_any():
    case = customsoft_case("incidente", at=TUESDAY_NINE)  # P2, póliza básica
    found = [
        target(case),
        target(case, severity="P2"),
        target(case, plan="basica"),
        target(case, case_type="incidente"),
        target(case, case_type="incidente", plan="basica"),
    ]
    target(case, case_type="incidente", plan="avanzada")  # another plan: never
    target(case, case_type="consulta")  # another type: never
    while found:
        assert targets_for(case, plan="basica")["assignment"] == found[-1]
        found.pop().delete()
    assert "assignment" not in targets_for(case, plan="basica")


def test_a_no_plan_target_applies_only_to_cases_that_took_no_plans_ticket():
    case = customsoft_case("incidente", at=TUESDAY_NINE)
    none = target(case, plan=NO_PLAN)
    assert targets_for(case, plan="")["assignment"] == none
    assert "assignment" not in targets_for(case, plan="basica")
