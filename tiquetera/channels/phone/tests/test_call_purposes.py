"""Seed 004 (Soho Apps): "La atención telefónica estará limitada a indicarle al solicitante el
estado de su ticket, salvo en contadas excepciones, tales como fallo total o parcial del
sistema" — on the regular calendar's working days a call opens only a failure case; the
channel rule's `calls = "status_or_failure"` says so, and other policies are not limited."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tiquetera.channels.phone.services import (
    CallError,
    open_case_from_call,
    record_call_on_case,
    types_a_call_may_open,
)
from tiquetera.tickets.models import Case

from .conftest import a_call

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
WEDNESDAY = dt.datetime(2026, 7, 15, 10, 0, tzinfo=BOGOTA)
SATURDAY = dt.datetime(2026, 7, 18, 10, 0, tzinfo=BOGOTA)
LICENCE = {"case_type": "licencia", "subject": "Licencia", "fields": {"application": "SOHO"}}


def test_on_a_weekday_a_soho_call_may_open_only_a_failure(agent, soho_usr):
    call = a_call(soho_usr, agent, started_at=WEDNESDAY)
    assert types_a_call_may_open(call) == ["fallo-total", "inconveniente"]

    with pytest.raises(CallError) as refused:
        open_case_from_call(call, actor=agent, **LICENCE)

    assert refused.value.code == "status_only"
    assert "Fallo total o imposibilidad para facturar" in refused.value.message
    assert not Case.objects.exists()


def test_on_a_weekday_a_soho_call_gives_a_tickets_status(agent, soho_usr):
    ticket = open_case_from_call(
        a_call(soho_usr, agent, started_at=WEDNESDAY),
        actor=agent,
        case_type="fallo-total",
        subject="Caído",
        fields={"application": "SOHO"},
    )
    status_call = a_call(soho_usr, agent, started_at=WEDNESDAY + dt.timedelta(hours=2))

    record_call_on_case(status_call, ticket, actor=agent)

    status_call.refresh_from_db()
    assert status_call.case == ticket and Case.objects.count() == 1


def test_on_a_saturday_the_weekday_limit_does_not_apply(agent, soho_usr):
    call = a_call(soho_usr, agent, started_at=SATURDAY)
    assert types_a_call_may_open(call) is None
    assert open_case_from_call(call, actor=agent, **LICENCE).case_type == "licencia"


def test_jq_calls_are_not_limited(agent, jq_usr):
    assert types_a_call_may_open(a_call(jq_usr, agent, started_at=WEDNESDAY)) is None
