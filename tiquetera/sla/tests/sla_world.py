"""Cases of the preset policies with their SLA clocks, received at fixed times."""

import datetime as dt
from zoneinfo import ZoneInfo

from tiquetera.calendars.engine import BusinessCalendar
from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.sla.models import Clock
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client, request

BOGOTA = ZoneInfo("America/Bogota")
MEXICO = ZoneInfo("America/Mexico_City")

JQ_DONE = [
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
]
SOHO_FIELDS = {
    "application": "SOHO Hotel",
    "module": "Facturación",
    "process": "Cierre de cuenta",
    "menu_path": "Facturación > Documentos > Factura",
}


def bogota(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=BOGOTA)


def jq_case(case_type: str = "incidencia", *, at: dt.datetime, role: str = "usr") -> Case:
    """A JQ Systems case of `case_type` (incidencia S2, urgencia S3, solicitud S1) under
    suscripcion-1, received at `at`."""
    _org, contact = client("jq-systems", plan="suscripcion-1", role=role)
    return submit(
        request(
            contact,
            case_type=case_type,
            fields={"application": "JQ Nómina", "module": "Liquidación"},
            prerequisites_done=JQ_DONE,
            received_at=at,
        )
    )


def soho_case(case_type: str = "inconveniente", *, at: dt.datetime) -> Case:
    _org, contact = client("soho-apps", plan="soporte")
    return submit(
        request(
            contact,
            case_type=case_type,
            fields=SOHO_FIELDS,
            requester_phone="+57 606 3134484",
            received_at=at,
        )
    )


def customsoft_case(case_type: str, *, at: dt.datetime) -> Case:
    _org, contact = client("customsoft", plan="basica")
    return submit(request(contact, case_type=case_type, received_at=at))


def clock(case: Case, metric: str) -> Clock:
    return Clock.objects.select_related("calendar").get(case=case, metric=metric)


def engine(case: Case, key: str) -> BusinessCalendar:
    return engine_for(Calendar.objects.get(policy_id=case.policy_id, key=key))
