"""The seeds' promises as exact deadlines: clocks start at submission on the preset's calendars,
the most specific target wins, and the case stores its next deadline for the queue."""

import datetime as dt

import pytest

from tiquetera.calendars.models import Calendar
from tiquetera.sla.models import Clock, SlaSettings, SlaTarget
from tiquetera.sla.services import start_clocks
from tiquetera.testing.factories import ContactFactory, UserFactory
from tiquetera.tickets.intake.pipeline import submit, verify_case
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client, request

from .sla_world import JQ_DONE, MEXICO, bogota, clock, customsoft_case, engine, jq_case, soho_case

pytestmark = pytest.mark.django_db


def test_jq_urgency_assignment_from_saturday_evening_runs_on_the_extended_calendar():
    """seeds/002_340504d33eeb239b.txt: S3 "Asignación del caso de 0 a 60 minutos" in the
    "horario de urgencias" (Mon–Sat 08:00–20:00, no holidays). From Saturday 18 July 2026 at
    19:30: 30 minutes that evening, Sunday closed, Monday 20 July is Independence Day, so the
    last 30 minutes run on Tuesday from 08:00."""
    case = jq_case("urgencia", at=bogota(2026, 7, 18, 19, 30))
    assert (case.status, case.severity) == (Case.Status.OPEN, "S3")
    assignment = clock(case, "assignment")
    assert assignment.calendar.key == "extended"
    assert assignment.target_minutes == 60
    assert assignment.due_at == bogota(2026, 7, 21, 8, 30)
    # 80 % of an hour: 48 minutes, of which 30 on Saturday
    assert assignment.warn_at == bogota(2026, 7, 21, 8, 18)


def test_jq_urgency_resolution_is_24_business_hours_of_the_extended_calendar():
    """seeds/002: S3 "Resolución en un plazo máximo de 0 a 24 horas laborables en horario de
    urgencias": 0.5 h on Saturday, 12 h on Tuesday, 11.5 h on Wednesday."""
    case = jq_case("urgencia", at=bogota(2026, 7, 18, 19, 30))
    assert clock(case, "resolution").due_at == bogota(2026, 7, 22, 19, 30)


def test_jq_incidencia_runs_on_the_regular_calendar():
    """seeds/002: S2 "Asignación del caso de 0 a 24 horas laborables"; "Resolución en un plazo
    máximo de 0 a 7 días laborables" (7 × 7 h = 49 h). Regular hours are 09–13 and 14–17; from
    Tuesday 14 July 10:00, 24 h end on Friday 17 at 13:00; 49 h skip Monday 20 July (a holiday)
    and end on Friday 24 at 10:00."""
    case = jq_case("incidencia", at=bogota(2026, 7, 14, 10, 0))
    assert clock(case, "assignment").due_at == bogota(2026, 7, 17, 13, 0)
    resolution = clock(case, "resolution")
    assert (resolution.calendar.key, resolution.target_minutes) == ("regular", 49 * 60)
    assert resolution.due_at == bogota(2026, 7, 24, 10, 0)
    case.refresh_from_db()
    assert case.sla_due_at == bogota(2026, 7, 17, 13, 0)  # the earliest running clock


def test_soho_first_response_from_friday_afternoon_is_monday_nine():
    """seeds/004_c5168ccd74ab8109.txt: "La primera respuesta al ticket, se dará en un plazo
    máximo de 3 (TRES) horas", Monday to Friday 08:00–18:00: two hours on Friday, one on
    Monday."""
    case = soho_case(at=bogota(2026, 7, 24, 16, 0))
    first = clock(case, "first_response")
    assert first.due_at == bogota(2026, 7, 27, 9, 0)
    assert first.warn_at == bogota(2026, 7, 27, 8, 24)  # 80 % of 3 h = 2 h 24 min
    # "El tiempo de respuesta máximo serán 48 horas hábiles": 2 h on Friday, 4 days of 10 h,
    # then 6 h on the next Friday
    assert clock(case, "resolution").due_at == bogota(2026, 7, 31, 14, 0)


def test_soho_priority_case_is_answered_on_the_priority_calendar():
    """seeds/004: weekends and holidays serve only "soporte prioritario" (fallo total)."""
    case = soho_case("fallo-total", at=bogota(2026, 7, 24, 16, 0))
    first = clock(case, "first_response")
    assert (case.severity, first.calendar.key) == ("ALTA", "priority")
    assert first.due_at == bogota(2026, 7, 25, 9, 0)  # Saturday


def test_customsoft_informational_question_is_answered_in_ten_minutes():
    """seeds/001_a420c0afa0bc6e18.txt: "dudas o preguntas informativas ... el plazo para dar
    una respuesta ... es de 10 minutos" — the P3 target wins over the general 24 hours; the
    lunch break (13:00–15:00) does not count."""
    case = customsoft_case("consulta", at=dt.datetime(2026, 7, 14, 12, 55, tzinfo=MEXICO))
    first = clock(case, "first_response")
    assert first.target_minutes == 10
    assert first.due_at == dt.datetime(2026, 7, 14, 15, 5, tzinfo=MEXICO)
    assert not Clock.objects.filter(case=case, metric="resolution").exists()


def test_customsoft_incident_is_resolved_in_24_business_hours():
    """seeds/001: "CUSTOMSOFT se compromete a resolver en 24 horas hábiles (días laborales) las
    incidencias"; "Prioridad de respuesta no mayor a 24 horas"; progress updates on long
    cases. Days are 7 hours (09–13, 15–18)."""
    case = customsoft_case("incidente", at=dt.datetime(2026, 7, 14, 9, 0, tzinfo=MEXICO))
    metrics = {c.metric: c for c in Clock.objects.filter(case=case)}
    assert set(metrics) == {"first_response", "resolution", "progress_update"}
    assert {c.target_minutes for c in metrics.values()} == {24 * 60}
    # Tue, Wed, Thu: 21 h; Friday 09:00 + 3 h
    assert metrics["resolution"].due_at == dt.datetime(2026, 7, 17, 12, 0, tzinfo=MEXICO)


def test_a_plans_own_target_wins_over_the_general_one():
    case = jq_case("incidencia", at=bogota(2026, 7, 14, 10, 0))
    regular = Calendar.objects.get(policy=case.policy, key="regular")
    SlaTarget.objects.create(
        policy=case.policy,
        metric="assignment",
        severity="",
        plan="suscripcion-1",
        minutes=120,
        calendar=regular,
    )
    Clock.objects.filter(case=case).delete()
    start_clocks(case, at=bogota(2026, 7, 14, 10, 0))
    assert clock(case, "assignment").due_at == bogota(2026, 7, 14, 12, 0)
    assert clock(case, "resolution").target_minutes == 49 * 60  # no plan target: the S2 one


def test_a_policy_without_targets_starts_no_clock():
    """seeds/000 (ISYS) states no times."""
    _org, contact = client("isys", plan="soporte-actualizaciones")
    case = submit(request(contact, case_type="soporte", channel="email"))
    assert not Clock.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).sla_due_at is None


def test_an_assigned_case_gets_no_assignment_clock():
    case = jq_case("incidencia", at=bogota(2026, 7, 14, 10, 0))
    Clock.objects.filter(case=case).delete()
    case.assignee = UserFactory()
    start_clocks(case, at=bogota(2026, 7, 14, 10, 0))
    assert set(Clock.objects.filter(case=case).values_list("metric", flat=True)) == {"resolution"}


def test_starting_twice_adds_no_clock():
    case = jq_case("incidencia", at=bogota(2026, 7, 14, 10, 0))
    assert start_clocks(case, at=bogota(2026, 7, 15, 10, 0)) == []
    assert Clock.objects.filter(case=case).count() == 2


def verified_case(*, start_on_verification: bool) -> tuple[Case, dt.datetime, dt.datetime]:
    """A JQ case reported by a plain user, submitted on 14 July and verified by the USR."""
    org, usr = client("jq-systems", plan="suscripcion-1")
    SlaSettings.objects.update_or_create(
        policy=org.policy, defaults={"start_on_verification": start_on_verification}
    )
    user = ContactFactory(organization=org, role="user", email="auxiliar@hotelcliente.co")
    case = submit(
        request(
            user,
            case_type="incidencia",
            fields={"application": "JQ Nómina", "module": "Liquidación"},
            prerequisites_done=JQ_DONE,
        )
    )
    assert case.status == Case.Status.PENDING_VERIFICATION
    assert not Clock.objects.filter(case=case).exists()  # not let in yet
    submitted = bogota(2026, 7, 14, 10, 0)
    Case.objects.filter(pk=case.pk).update(created_at=submitted)
    usr.user = UserFactory()
    usr.save()
    before = dt.datetime.now(dt.UTC)
    case = verify_case(case, actor=usr.user, approve=True)
    assert case.status == Case.Status.OPEN
    return case, submitted, before


def test_clocks_count_from_submission_when_the_policy_says_so():
    case, submitted, _before = verified_case(start_on_verification=False)
    assignment = clock(case, "assignment")
    assert assignment.started_at == submitted
    assert assignment.due_at == bogota(2026, 7, 17, 13, 0)


def test_clocks_count_from_verification_when_the_policy_says_so():
    """The JQ preset: a case reported by someone other than the USR counts once verified."""
    case, _submitted, before = verified_case(start_on_verification=True)
    assignment = clock(case, "assignment")
    assert assignment.started_at >= before
    assert assignment.due_at == engine(case, "regular").add(assignment.started_at, 24 * 60)
