"""An agent reclassifies a case's severity."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.sla.models import Clock
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.lifecycle.severity import change_severity
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client
from tiquetera.tickets.tests.test_intake_jq_systems import incidencia

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    _org, usr = client("jq-systems", plan="suscripcion-1")
    return submit(incidencia(usr, severity="S2"))


def test_an_incident_reclassified_as_an_urgency_moves_up_the_queue(case):
    agent, rank, priority = AgentFactory(), case.severity_rank, case.priority

    change_severity(case, "S3", actor=agent, reason="Toda la facturación está detenida")

    stored = Case.objects.get(pk=case.pk)
    assert stored.severity == "S3" and stored.severity_rank < rank
    assert stored.priority == priority  # the quota it was taken from
    event = AuditEvent.objects.filter(verb="case.severity_changed").get()
    assert (event.before["severity"], event.after["severity"]) == ("S2", "S3")
    assert event.note.startswith("Toda la facturación está detenida\n")


def test_a_new_severity_brings_its_own_sla_targets_told_in_the_same_event(case):
    """Seed 002: an S2 (assignment 24 h, resolution 49 h of the regular calendar) found to be an
    S3 (assignment 60 minutes, resolution 24 h of the extended calendar)."""
    events = AuditEvent.objects.count()
    change_severity(case, "S3", actor=AgentFactory(), reason="Toda la facturación está detenida")

    assert AuditEvent.objects.count() == events + 1  # the one "case.severity_changed"
    clocks = {c.metric: c for c in Clock.objects.filter(case=case).select_related("calendar")}
    assert {m: c.target_minutes for m, c in clocks.items()} == {
        "assignment": 60,
        "resolution": 24 * 60,
    }
    assert {c.calendar.key for c in clocks.values()} == {"extended"}
    event = AuditEvent.objects.get(verb="case.severity_changed")
    assert event.before["sla_targets"] == {"assignment": 24 * 60, "resolution": 49 * 60}
    assert event.after["sla_targets"] == {"assignment": 60, "resolution": 24 * 60}
    assert "asignación: 3 días hábiles y 3 h (24 h) → 1 h" in event.note


@pytest.mark.parametrize(
    ("code", "reason", "error"),
    [("S9", "x", "unknown_severity"), ("S2", "x", "same_severity"), ("S3", " ", "reason_required")],
)
def test_refusals_write_nothing(case, code, reason, error):
    with pytest.raises(TicketsError) as refused:
        change_severity(case, code, actor=AgentFactory(), reason=reason)

    assert refused.value.code == error
    assert Case.objects.get(pk=case.pk).severity == "S2"
    assert not AuditEvent.objects.filter(verb="case.severity_changed").exists()
