"""The support-modality ladder, as seed 000 (ISYS) states it: "se usaran los cuatro recursos en el
orden secuencial antes mencionado" — e-mail/WhatsApp, call or video, remote access with AnyDesk
("solo … con la herramienta en la versión que se entrega"), then on-site support "cuando se
presenten eventos que no puedan ser solucionados por acceso remoto"."""

import datetime as dt
from decimal import Decimal

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.billing.errors import BillingRefused
from tiquetera.billing.models import Charge
from tiquetera.contracts.tests.factories import ContractFactory, PlanFactory
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.lifecycle.modality import record_modality_step
from tiquetera.tickets.models import DeskRules, ModalityStep
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

ISYS_LADDER = ["written", "call", "remote", "onsite"]


def isys_case(**rules):
    case = CaseFactory(status=Status.IN_PROGRESS)
    DeskRules.objects.create(
        policy=case.policy,
        modality_ladder=ISYS_LADDER,
        remote_tools=["AnyDesk"],
        **rules,
    )
    return case


def test_climbing_the_ladder_rung_by_rung_needs_no_reason():
    """Seed 000: the four resources in their sequential order."""
    agent, case = AgentFactory(), isys_case()

    record_modality_step(case, modality="written", actor=agent)
    record_modality_step(case, modality="call", actor=agent, note="Videollamada por Meet")
    step = record_modality_step(
        case, modality="remote", actor=agent, tool="AnyDesk", session_id="123 456 789"
    )

    assert list(case.modality_steps.values_list("modality", flat=True)) == ISYS_LADDER[:3]
    assert (step.tool, step.session_id, step.agent) == ("AnyDesk", "123 456 789", agent)
    assert AuditEvent.objects.filter(verb="case.modality_step_recorded").count() == 3
    assert AuditEvent.objects.count() == 3


def test_skipping_a_rung_without_a_reason_is_refused_and_nothing_is_written():
    """Seed 000: the resources are used "en el orden secuencial"."""
    agent, case = AgentFactory(), isys_case()
    record_modality_step(case, modality="written", actor=agent)

    with pytest.raises(TicketsError) as refused:
        record_modality_step(case, modality="remote", actor=agent, tool="AnyDesk", session_id="1")

    assert refused.value.code == "skip_reason_required"
    assert "“call”" in refused.value.message
    assert case.modality_steps.count() == 1
    assert AuditEvent.objects.count() == 1


def test_starting_above_the_first_rung_is_a_skip_too():
    case = isys_case()

    with pytest.raises(TicketsError) as refused:
        record_modality_step(case, modality="call", actor=None)

    assert refused.value.code == "skip_reason_required"
    assert not ModalityStep.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_skip_with_its_reason_is_recorded_with_the_reason():
    case = isys_case()

    step = record_modality_step(
        case, modality="call", actor=None, skip_reason="El cliente llamó directamente"
    )

    assert step.skip_reason == "El cliente llamó directamente"
    event = AuditEvent.objects.get()
    assert event.after["modality"] == "call"
    assert event.after["skip_reason"] == "El cliente llamó directamente"


def test_going_back_down_the_ladder_is_free():
    case = isys_case()
    record_modality_step(case, modality="written", actor=None)
    record_modality_step(case, modality="call", actor=None)

    record_modality_step(case, modality="written", actor=None)
    record_modality_step(case, modality="remote", actor=None, tool="anydesk", session_id="9")

    assert case.modality_steps.count() == 4


def test_a_policy_may_let_steps_be_skipped_without_a_reason():
    case = isys_case(skip_needs_reason=False)

    record_modality_step(case, modality="remote", actor=None, tool="AnyDesk", session_id="1")

    assert case.modality_steps.get().skip_reason == ""


def test_a_modality_off_the_ladder_is_refused():
    case = isys_case()

    with pytest.raises(TicketsError) as refused:
        record_modality_step(case, modality="telepathy", actor=None)

    assert refused.value.code == "unknown_modality"
    assert not AuditEvent.objects.exists()


def test_a_remote_session_uses_the_policys_tool_as_the_policy_spells_it():
    """Seed 000: remote support "solo … con la herramienta en la versión que se entrega"."""
    case = isys_case(skip_needs_reason=False)

    step = record_modality_step(case, modality="remote", actor=None, tool="anydesk", session_id="7")

    assert step.tool == "AnyDesk"


@pytest.mark.parametrize(
    ("tool", "session_id", "code"),
    [
        ("", "123", "remote_tool_required"),
        ("TeamViewer", "123", "remote_tool_not_allowed"),
        ("AnyDesk", " ", "remote_session_required"),
    ],
)
def test_a_remote_session_needs_an_allowed_tool_and_its_session_id(tool, session_id, code):
    case = isys_case(skip_needs_reason=False)

    with pytest.raises(TicketsError) as refused:
        record_modality_step(case, modality="remote", actor=None, tool=tool, session_id=session_id)

    assert refused.value.code == code
    assert not ModalityStep.objects.exists()
    assert not AuditEvent.objects.exists()


def test_without_desk_rules_any_modality_in_any_order():
    case = CaseFactory(status=Status.OPEN)

    record_modality_step(case, modality="remote", actor=None, tool="RustDesk", session_id="5")
    record_modality_step(case, modality="written", actor=None)

    assert case.modality_steps.count() == 2


def onsite_ready_case(visits_per_month=1):
    case = isys_case(skip_needs_reason=False)
    plan = PlanFactory(
        policy=case.policy,
        onsite_visits_per_month=visits_per_month,
        onsite_price=Decimal("900.00"),
        currency="COP",
    )
    ContractFactory(plan=plan, organization=case.organization, start=dt.date(2026, 1, 1), end=None)
    return case


def test_an_onsite_visit_takes_the_monthly_allowance_then_is_charged():
    """Seed 000: the on-site rung is the last resort; the plan's visits a month are free, the
    next one is charged at the plan's on-site price (billing.charge_onsite_visit)."""
    agent, case = AgentFactory(), onsite_ready_case(visits_per_month=1)

    free = record_modality_step(case, modality="onsite", actor=agent, note="Servidor caído")
    charged = record_modality_step(case, modality="onsite", actor=agent)

    assert (free.charge.kind, free.charge.net) == (Charge.Kind.ONSITE_VISIT, Decimal("0.00"))
    assert charged.charge.net == Decimal("900.00")
    assert free.charge.description == case.number
    events = list(AuditEvent.objects.filter(verb="case.modality_step_recorded"))
    assert [event.after["charge_net"] for event in events] == ["0.00", "900.00"]
    assert events[0].after["charge"] == free.charge.pk
    assert AuditEvent.objects.count() == 2


def test_an_onsite_visit_billing_refuses_writes_nothing():
    case = isys_case(skip_needs_reason=False)  # no contract in force

    with pytest.raises(BillingRefused) as refused:
        record_modality_step(case, modality="onsite", actor=AgentFactory())

    assert refused.value.code == "no_active_contract"
    assert not ModalityStep.objects.exists()
    assert not Charge.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_closed_case_takes_no_more_steps():
    case = CaseFactory(status=Status.CLOSED)

    with pytest.raises(TicketsError) as refused:
        record_modality_step(case, modality="written", actor=None)

    assert refused.value.code == "case_final"
