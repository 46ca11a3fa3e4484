"""Seed 000 (ISYS): "4. Soporte presencial … se trasladara personal de soporte técnico a las
oficinas de EL CLIENTE", the last of the four resources used in order. With the preset's
example on-site price, the rung can be recorded: the visit is charged (no visit is included)."""

import datetime as dt
from decimal import Decimal

import pytest

from tiquetera.billing.services import charge_is_exact
from tiquetera.contracts.services.lifecycle import start_contract
from tiquetera.testing.factories import AgentFactory, OrganizationFactory
from tiquetera.tickets.lifecycle.modality import record_modality_step
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory
from tiquetera.tickets.tests.intake_world import preset

pytestmark = pytest.mark.django_db


def test_isys_records_the_onsite_rung_and_charges_the_visit():
    policy = preset("isys")
    organization = OrganizationFactory(policy=policy)
    start_contract(organization, "soporte-actualizaciones", start=dt.date(2026, 1, 1), actor=None)
    case = CaseFactory(organization=organization, policy=policy, status=Status.IN_PROGRESS)
    agent = AgentFactory()
    for rung in ("written", "call"):
        record_modality_step(case, modality=rung, actor=agent)
    record_modality_step(case, modality="remote", actor=agent, tool="AnyDesk", session_id="1 234")

    step = record_modality_step(case, modality="onsite", actor=agent, note="No se resolvió remoto")

    assert (step.charge.kind, step.charge.net, step.charge.currency) == (
        "onsite_visit",
        Decimal("180000.00"),
        "COP",
    )
    assert charge_is_exact(step.charge)
