"""A case that arrives on the day an automatic renewal falls due, before the nightly sweep has
made it, is taken on the renewed contract: the renewal is made before the rules look for an
active plan (seed 003, Sisnova: "La renovación de nuestras suscripciones ... es automática")."""

import datetime as dt

import pytest

from tiquetera.contracts.models import Contract
from tiquetera.contracts.services.lifecycle import start_contract
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case

from .intake_world import NOW, client
from .test_intake_jq_systems import incidencia

pytestmark = pytest.mark.django_db


def test_a_case_on_the_renewal_day_is_accepted_on_the_renewed_contract():
    org, usr = client("jq-systems", plan=None)
    contract = start_contract(
        org, "suscripcion-1", start=dt.date(2026, 6, 14), end=NOW.date(), actor=None
    )
    case = submit(incidencia(usr))
    assert (case.status, case.intake) == (Case.Status.OPEN, Case.Intake.ACCEPTED)
    assert case.consumption.contract_id == contract.pk
    contract.refresh_from_db()
    assert contract.end == dt.date(2026, 8, 14)


def test_a_contract_that_ended_without_renewal_gives_no_plan():
    org, usr = client("jq-systems", plan=None)
    start_contract(
        org,
        "suscripcion-1",
        start=dt.date(2026, 6, 14),
        end=NOW.date(),
        auto_renew=False,
        actor=None,
    )
    case = submit(incidencia(usr))
    assert (case.intake, case.intake_reason) == (Case.Intake.REFUSED, "no_active_plan")
    assert Contract.objects.get(organization=org).end == NOW.date()
