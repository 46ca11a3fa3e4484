"""Generated months of cases for the simulator's tests: cases received in the past through the
one intake pipeline, with a life after arrival (agents' replies, waiting on the client, the
resolution), each dated when it happened."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tiquetera.audit.services import backdated
from tiquetera.contracts.models import Consumption
from tiquetera.contracts.services.consuming import credit_back
from tiquetera.directory.models import Contact, Organization
from tiquetera.directory.services import set_payment_standing
from tiquetera.policy.schema import PRESETS_DIR
from tiquetera.testing.factories import AgentProfileFactory
from tiquetera.tickets.articles import add_reply
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case
from tiquetera.tickets.services import change_status
from tiquetera.tickets.tests.intake_world import client, request

MEXICO = ZoneInfo("America/Mexico_City")
BOGOTA = ZoneInfo("America/Bogota")
JQ_DONE = [
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
]


def preset_text(name: str) -> str:
    return (PRESETS_DIR / f"{name}.toml").read_text(encoding="utf-8")


def _agent():  # type: ignore[no-untyped-def]
    return AgentProfileFactory(user__username="agente", skills=[]).user


def customsoft_july() -> tuple[Contact, list[Case]]:
    """A CustomSoft client on Intermedia (14 events: P1 6, P2 5, P3 4) with 15 incidents in July
    2026, one every weekday at 10:00 from the 1st: 6 P1, then 5 P2, then 4 P3 — the 15th is a
    per-event service. Each covered case is answered an hour later and resolved the next day."""
    _org, contact = client(
        "customsoft", plan="intermedia", country="MX", time_zone="America/Mexico_City"
    )
    agent = _agent()
    days = [
        d for d in (dt.date(2026, 7, 1) + dt.timedelta(n) for n in range(31)) if d.weekday() < 5
    ]
    severities = ["P1"] * 6 + ["P2"] * 5 + ["P3"] * 4
    cases = []
    for day, severity in zip(days, severities, strict=False):
        at = dt.datetime.combine(day, dt.time(10, 0), tzinfo=MEXICO)
        case = submit(request(contact, case_type="incidente", severity=severity, received_at=at))
        if case.status == Case.Status.OPEN:
            add_reply(
                case,
                body="Lo revisamos.",
                actor=agent,
                channel="portal",
                at=at + dt.timedelta(hours=1),
            )
            change_status(case, "resolved", actor=agent, at=at + dt.timedelta(days=1))
        cases.append(case)
    return contact, cases


def customsoft_updates_july() -> tuple[Contact, list[Case]]:
    """A CustomSoft client on Intermedia with three P2 incidents received on 1, 2 and 3 July 2026
    at 10:00, each answered by an agent three times (after 1 hour, 1 day and 2 days: each reply
    restarts the preset's 24-hour progress update); the first two are resolved on the 8th, the
    third is left open."""
    _org, contact = client(
        "customsoft", plan="intermedia", country="MX", time_zone="America/Mexico_City"
    )
    agent = _agent()
    cases = []
    for day in (1, 2, 3):
        at = dt.datetime(2026, 7, day, 10, 0, tzinfo=MEXICO)
        case = submit(request(contact, case_type="incidente", severity="P2", received_at=at))
        assert case.status == Case.Status.OPEN, case.intake_message
        for after in (dt.timedelta(hours=1), dt.timedelta(days=1), dt.timedelta(days=2)):
            add_reply(case, body="Seguimos.", actor=agent, channel="portal", at=at + after)
        if day < 3:
            resolved = dt.datetime(2026, 7, 8, 10, 0, tzinfo=MEXICO)
            change_status(case, "resolved", actor=agent, at=resolved)
        cases.append(case)
    return contact, cases


def customsoft_credit_july() -> tuple[Contact, list[Case]]:
    """A CustomSoft client on Intermedia (6 P1 tickets) with seven P1 incidents received on the
    weekdays from 1 July 2026 at 10:00. The second, closed as a duplicate of the first on Friday
    3 July at 12:00, gives its ticket back; so the seventh, on Thursday 9 July, is covered
    (without the credit it would wait for the client to accept a per-event price)."""
    _org, contact = client(
        "customsoft", plan="intermedia", country="MX", time_zone="America/Mexico_City"
    )
    agent = _agent()
    days = [d for d in range(1, 10) if dt.date(2026, 7, d).weekday() < 5]
    cases = []
    for day in days:
        at = dt.datetime.combine(dt.date(2026, 7, day), dt.time(10, 0), tzinfo=MEXICO)
        case = submit(request(contact, case_type="incidente", severity="P1", received_at=at))
        cases.append(case)
        if day == 3:
            found_out = dt.datetime(2026, 7, 3, 12, 0, tzinfo=MEXICO)
            change_status(cases[1], "closed", actor=agent, reason="Duplicado.", at=found_out)
            credit_back(cases[1].consumption, reason="duplicate", actor=agent)
            # given back then (`credit_back` stamps the moment it runs)
            Consumption.objects.filter(pk=cases[1].consumption_id).update(credited_at=found_out)
    assert [c.consumption.outcome for c in cases] == ["covered"] * 7
    return contact, cases


def jq_s2_july() -> tuple[Contact, list[Case]]:
    """A JQ Systems client (subscription level 1) with S2 incidents received on Mondays of July
    2026 at 09:00, resolved after 3, 5 days and an hour (13 and 20 July are holidays) and 7
    working days (the last one after waiting on the client for a working day, which does not
    count) — all within the preset's 7 working days."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    agent = _agent()
    cases = []
    fields = {"application": "JQ Nómina", "module": "Liquidación"}
    plan = [  # (received, waits on the client (from, to), resolved)
        (dt.datetime(2026, 7, 6, 9, 0, tzinfo=BOGOTA), None, dt.datetime(2026, 7, 9, 9, 0)),
        (dt.datetime(2026, 7, 13, 9, 0, tzinfo=BOGOTA), None, dt.datetime(2026, 7, 22, 10, 0)),
        (
            dt.datetime(2026, 7, 27, 9, 0, tzinfo=BOGOTA),
            (dt.datetime(2026, 7, 28, 9, 0), dt.datetime(2026, 7, 29, 9, 0)),
            dt.datetime(2026, 8, 6, 9, 0),
        ),
    ]
    for received, waits, resolved in plan:
        case = submit(
            request(
                usr,
                case_type="incidencia",
                fields=fields,
                prerequisites_done=JQ_DONE,
                received_at=received,
            )
        )
        assert case.status == Case.Status.OPEN, case.intake_message
        add_reply(
            case,
            body="Recibido.",
            actor=agent,
            channel="portal",
            at=received + dt.timedelta(minutes=30),
        )
        if waits is not None:
            change_status(
                case, "waiting_on_client", actor=agent, at=waits[0].replace(tzinfo=BOGOTA)
            )
            change_status(case, "in_progress", actor=agent, at=waits[1].replace(tzinfo=BOGOTA))
        change_status(case, "resolved", actor=agent, at=resolved.replace(tzinfo=BOGOTA))
        cases.append(case)
    return usr, cases


def jq_behind_july() -> tuple[Contact, list[Case]]:
    """A JQ Systems client (subscription level 1) that an agent marks behind on its payments on
    Wednesday 15 July 2026 at 12:00: its S2 incidents of Mondays 6 and 13 July are taken in,
    answered and resolved two days later; those of 20 and 27 July are invalid (seed 002: a case
    may be invalidated while the client is behind on its obligations)."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    agent = _agent()
    fields = {"application": "JQ Nómina", "module": "Liquidación"}
    behind_at = dt.datetime(2026, 7, 15, 12, 0, tzinfo=BOGOTA)
    cases = []
    for day in (6, 13, 20, 27):
        received = dt.datetime(2026, 7, day, 9, 0, tzinfo=BOGOTA)
        if received > behind_at and usr.organization.standing != Organization.Standing.BEHIND:
            with backdated(behind_at):
                set_payment_standing(usr.organization, Organization.Standing.BEHIND, actor=agent)
        case = submit(
            request(
                usr,
                case_type="incidencia",
                fields=fields,
                prerequisites_done=JQ_DONE,
                received_at=received,
            )
        )
        if case.status == Case.Status.OPEN:
            at = received + dt.timedelta(minutes=30)
            add_reply(case, body="Recibido.", actor=agent, channel="portal", at=at)
            change_status(case, "resolved", actor=agent, at=received + dt.timedelta(days=2))
        cases.append(case)
    assert [c.intake_reason for c in cases] == ["", "", "behind_on_payments", "behind_on_payments"]
    return usr, cases


def soho_july() -> tuple[Contact, list[Case]]:
    """A Soho Apps client with three complete "licencia" tickets received on weekdays of July 2026
    at 10:00 (in office hours); the second is about the reception's fiscal printer."""
    _org, usr = client("soho-apps", plan="soporte", email="ana.perez@hotelsoho.co")
    usr.phone = "+57 606 3134484"
    usr.save(update_fields=["phone"])
    subjects = [
        "No abre el módulo de licencias",
        "La impresora fiscal de la recepción no imprime las facturas",
        "Aviso de vencimiento de la licencia sin fecha",
    ]
    cases = []
    for day, subject in zip((6, 7, 8), subjects, strict=True):
        case = submit(
            request(
                usr,
                subject=subject,
                description=f"{subject}. Menú Licencias > Estado, error E-501; adjunto captura.",
                case_type="licencia",
                severity="NORMAL",
                fields={"application": "SOHO Hotel"},
                requester_phone="+57 606 3134484",
                received_at=dt.datetime(2026, 7, day, 10, 0, tzinfo=BOGOTA),
            )
        )
        assert case.status == Case.Status.OPEN, case.intake_message
        cases.append(case)
    return usr, cases


def customsoft_queue_july() -> tuple[Contact, list[Case]]:
    """A CustomSoft client on Intermedia with three cases nobody has answered yet, in the queue
    (calendar: weekdays 9-13 and 15-18, 7 business hours a day): a P2 incident of Monday 6 July
    2026 at 10:00 (its 24-hour first response, resolution and progress update all due on
    Thursday 9 July at 13:00), a P2 question of Tuesday 7 July at 10:00 (first response in 10
    minutes: due at 10:10) and a P1 incident of Wednesday 8 July at 10:00."""
    _org, contact = client(
        "customsoft", plan="intermedia", country="MX", time_zone="America/Mexico_City"
    )
    arrivals = [("incidente", "P2", 6), ("consulta", "P2", 7), ("incidente", "P1", 8)]
    cases = []
    for case_type, severity, day in arrivals:
        at = dt.datetime(2026, 7, day, 10, 0, tzinfo=MEXICO)
        case = submit(request(contact, case_type=case_type, severity=severity, received_at=at))
        assert case.status == Case.Status.OPEN, case.intake_message
        cases.append(case)
    return contact, cases
