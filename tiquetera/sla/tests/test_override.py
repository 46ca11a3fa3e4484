"""seeds/002_340504d33eeb239b.txt: "Resolución en un plazo de 0 a 30 días, o según lo acordado
con el cliente" — an agent with the right agrees another target on one case, with a reason,
recorded in the audit trail."""

import pytest
from django.contrib.auth.models import Permission

from tiquetera.audit.models import AuditEvent
from tiquetera.sla.models import Clock
from tiquetera.sla.services import SlaError, meet, override_target, pause_clocks, resume_clocks
from tiquetera.testing.factories import AgentFactory, AgentProfileFactory, UserFactory

from .sla_world import bogota, clock, engine, jq_case

pytestmark = pytest.mark.django_db

RECEIVED = bogota(2026, 7, 14, 10, 0)


def lead():
    user = AgentFactory()
    user.user_permissions.add(Permission.objects.get(codename="change_clock"))
    return user


def test_an_agreed_target_moves_the_deadline_and_is_recorded():
    case = jq_case("solicitud", at=RECEIVED)
    assert clock(case, "resolution").target_minutes == 210 * 60
    agent = lead()

    override_target(
        case, "resolution", minutes=14 * 60, reason="Acordado con el USR: dos días.", actor=agent
    )

    stored = clock(case, "resolution")
    assert stored.target_minutes == 14 * 60
    assert stored.due_at == engine(case, "regular").add(RECEIVED, 14 * 60)
    assert stored.due_at == bogota(2026, 7, 16, 10, 0)
    assert (stored.overridden_by, stored.override_reason) == (
        agent,
        "Acordado con el USR: dos días.",
    )
    event = AuditEvent.objects.get(verb="case.sla_overridden")
    assert (event.actor_id, event.object_id) == (agent.pk, str(case.pk))
    assert event.before["target_minutes"] == 210 * 60
    assert event.after["target_minutes"] == 14 * 60
    assert event.note == "Acordado con el USR: dos días."
    case.refresh_from_db()
    assert case.sla_due_at == min(stored.due_at, clock(case, "assignment").due_at)


def test_the_time_already_used_still_counts():
    case = jq_case("solicitud", at=RECEIVED)
    pause_clocks(case, at=bogota(2026, 7, 14, 12, 0))  # 2 hours used
    resume_clocks(case, at=bogota(2026, 7, 15, 9, 0))
    override_target(case, "resolution", minutes=5 * 60, reason="Acordado.", actor=lead())
    # 3 hours left from Wednesday 09:00
    assert clock(case, "resolution").due_at == bogota(2026, 7, 15, 12, 0)


def test_a_vendor_administrator_may_agree_a_target():
    case = jq_case("solicitud", at=RECEIVED)
    admin = AgentProfileFactory(is_vendor_admin=True).user
    override_target(case, "resolution", minutes=60, reason="Acordado.", actor=admin)
    assert clock(case, "resolution").target_minutes == 60


@pytest.mark.parametrize(
    ("actor", "reason", "minutes", "code"),
    [
        (AgentFactory, "Acordado.", 60, "not_allowed"),  # an agent without the right
        (UserFactory, "Acordado.", 60, "not_allowed"),
        (lead, "  ", 60, "reason_required"),
        (lead, "Acordado.", 0, "bad_minutes"),
    ],
)
def test_a_refused_override_writes_nothing(actor, reason, minutes, code):
    case = jq_case("solicitud", at=RECEIVED)
    with pytest.raises(SlaError) as refused:
        override_target(case, "resolution", minutes=minutes, reason=reason, actor=actor())
    assert refused.value.code == code
    assert clock(case, "resolution").target_minutes == 210 * 60
    assert not AuditEvent.objects.filter(verb="case.sla_overridden").exists()


def test_a_met_target_cannot_be_changed():
    case = jq_case("solicitud", at=RECEIVED)
    meet(case, "assignment", at=bogota(2026, 7, 14, 11, 0))
    with pytest.raises(SlaError) as refused:
        override_target(case, "assignment", minutes=60, reason="Acordado.", actor=lead())
    assert refused.value.code == "no_clock"
    assert clock(case, "assignment").state == Clock.State.MET
