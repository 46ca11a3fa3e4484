"""The out_of_hours intake rule: a case received while the policy's calendar is closed is
flagged, and handled as the policy says — Soho Apps attends only priority cases by phone on
weekends and holidays (seeds/004_c5168ccd74ab8109.txt), ISYS bills out-of-coverage support per
event (seeds/000_5eab8bc32e3debb2.txt)."""

from decimal import Decimal

import pytest
from django.utils import translation

from tiquetera.notifications.models import Notification
from tiquetera.sla.tests.sla_world import bogota
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case, IntakeCheck

from .intake_world import client, request

pytestmark = pytest.mark.django_db

SOHO_FIELDS = {
    "application": "SOHO Hotel",
    "module": "Facturación",
    "process": "Cierre de cuenta",
    "menu_path": "Facturación > Documentos > Factura",
}
SATURDAY = bogota(2026, 7, 25, 10, 0)
INDEPENDENCE_DAY = bogota(2026, 7, 20, 11, 0)  # a Monday, a Colombian holiday
TUESDAY_EVENING = bogota(2026, 7, 14, 19, 0)
TUESDAY_MORNING = bogota(2026, 7, 14, 10, 0)


def soho(at, *, case_type="inconveniente", channel="portal", language="es") -> Case:
    _org, ana = client("soho-apps", plan="soporte")
    return submit(
        request(
            ana,
            case_type=case_type,
            channel=channel,
            fields=SOHO_FIELDS,
            requester_phone="+57 606 3134484",
            received_at=at,
            language=language,
        )
    )


def isys(at, *, language="es") -> Case:
    _org, ana = client("isys", plan="soporte-actualizaciones")
    return submit(
        request(ana, channel="email", case_type="soporte", received_at=at, language=language)
    )


def check(case: Case) -> IntakeCheck:
    return case.intake_checks.get(rule="out_of_hours")


def test_soho_case_by_email_on_a_saturday_is_refused_until_monday_at_eight():
    """ "Los fines de semana y festivos: Solo se atenderán requerimientos vía llamada telefónica
    y para solicitudes de soporte prioritario"."""
    case = soho(SATURDAY, channel="email")

    assert (case.status, case.intake, case.intake_reason) == (
        Case.Status.REJECTED,
        Case.Intake.REFUSED,
        "out_of_hours",
    )
    assert "lunes 27 de julio de 2026" in case.intake_message
    assert "08:00" in case.intake_message
    assert case.consumption is None  # no ticket taken for a case not attended
    refused = Notification.objects.get(kind="case_refused")
    assert "08:00" in refused.text_body


def test_the_refusal_says_which_cases_are_attended_and_when_service_opens():
    with translation.override("en"):
        case = soho(SATURDAY, channel="email", language="en")

    assert case.intake_message == (
        "This case arrived out of service hours, when we only attend cases of severity ALTA "
        "received by phone. Service opens again on Monday July 27, 2026 at 08:00: please open "
        "the case again then."
    )


def test_soho_priority_case_by_phone_on_a_holiday_is_attended():
    case = soho(INDEPENDENCE_DAY, case_type="fallo-total", channel="phone")

    assert case.status == Case.Status.OPEN
    assert "out_of_hours" in case.flags
    assert check(case).outcome == IntakeCheck.Outcome.FLAG


@pytest.mark.parametrize(
    ("case_type", "channel"),
    [("inconveniente", "phone"), ("fallo-total", "portal")],
    ids=["not priority", "not by phone"],
)
def test_soho_holiday_cases_need_both_priority_and_the_phone(case_type, channel):
    case = soho(INDEPENDENCE_DAY, case_type=case_type, channel=channel)

    assert (case.status, case.intake_reason) == (Case.Status.REJECTED, "out_of_hours")
    assert "21 de julio" in case.intake_message  # Tuesday: the holiday Monday stays closed


def test_soho_case_on_a_weekday_evening_is_only_flagged():
    case = soho(TUESDAY_EVENING)

    assert case.status == Case.Status.OPEN
    assert "out_of_hours" in case.flags


def test_soho_case_in_hours_is_not_flagged():
    case = soho(TUESDAY_MORNING)

    assert case.status == Case.Status.OPEN
    assert "out_of_hours" not in case.flags
    assert check(case).outcome == IntakeCheck.Outcome.PASS


def test_isys_case_at_seven_in_the_evening_is_attended_per_event():
    """ "servicios de soporte por evento en horario extra-laboral (fuera de cobertura del
    servicio estándar) los cuales generan sus respectivos cobros adicionales"."""
    with translation.override("en"):
        case = isys(TUESDAY_EVENING, language="en")

    assert case.status == Case.Status.PENDING_PURCHASE_ORDER
    assert {"out_of_hours", "billable_per_event"} <= set(case.flags)
    message = check(case).message
    assert "per-event service" in message
    assert "Wednesday July 15, 2026 at 08:00" in message
    # no ticket of the plan: a per-event service at the "por-evento" price, awaiting its order
    assert (case.consumption.outcome, case.consumption.reason) == ("awaiting_po", "out_of_hours")
    assert case.consumption.price == Decimal("180000.00")
    assert "outside the hours your plan covers" in case.intake_message
    assert "purchase order signed by a person authorized" in case.intake_message


def test_isys_case_in_hours_is_not_flagged():
    case = isys(TUESDAY_MORNING)

    assert case.flags == []
    assert check(case).outcome == IntakeCheck.Outcome.PASS
