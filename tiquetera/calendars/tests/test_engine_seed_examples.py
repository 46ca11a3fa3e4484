"""The seed policies' targets as exact deadlines, worked out by hand on a 2026 calendar.

Each docstring cites its seed file under /work/shared/seeds/ and shows the count. Holidays
(CO, MX) come from the `holidays` package with Spanish names.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tiquetera.calendars.engine import BusinessCalendar

BOGOTA = ZoneInfo("America/Bogota")
MEXICO = ZoneInfo("America/Mexico_City")
MON_FRI = range(5)


def hours(weekdays: range, *intervals: tuple[str, str]) -> dict[int, tuple[tuple[str, str], ...]]:
    """The same working intervals on each of `weekdays` (Monday 0)."""
    return dict.fromkeys(weekdays, intervals)


JQ_REGULAR = BusinessCalendar(
    "America/Bogota", hours(MON_FRI, ("09:00", "13:00"), ("14:00", "17:00")), "CO"
)
JQ_EXTENDED = BusinessCalendar("America/Bogota", hours(range(6), ("08:00", "20:00")), "CO")
CUSTOMSOFT = BusinessCalendar(
    "America/Mexico_City", hours(MON_FRI, ("09:00", "13:00"), ("15:00", "18:00")), "MX"
)
SOHO = BusinessCalendar("America/Bogota", hours(MON_FRI, ("08:00", "18:00")), "CO")
ISYS = BusinessCalendar("America/Bogota", hours(MON_FRI, ("08:00", "17:00")), "CO")


def bogota(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BOGOTA)


def mexico(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=MEXICO)


def test_jq_s2_assignment_from_friday_afternoon_skips_san_jose() -> None:
    """Seed 002 (/work/shared/seeds/002_340504d33eeb239b.txt), S2 INCIDENCIA: "Asignación del
    caso de 0 a 24 horas laborables", regular calendar Mon-Fri 09-13 + 14-17.

    Opened Fri 20 Mar 2026 16:30: Fri 0.5 h; Sat, Sun off; Mon 23 is San José (observed);
    Tue, Wed, Thu 7 h each (21.5 h); Fri 27 needs 2.5 h: 09:00-11:30.
    """
    opened = bogota(2026, 3, 20, 16, 30)
    assert JQ_REGULAR.add(opened, 24 * 60) == bogota(2026, 3, 27, 11, 30)

    why = JQ_REGULAR.explain(opened, 24 * 60)
    assert [(d.date, d.kind) for d in why.closed_days] == [
        (dt.date(2026, 3, 21), "day_off"),
        (dt.date(2026, 3, 22), "day_off"),
        (dt.date(2026, 3, 23), "holiday"),
    ]
    assert why.closed_days[-1].name == "Día de San José (trasladado)"


def test_jq_s2_assignment_opened_at_lunch_ends_at_closing_time() -> None:
    """Seed 002 (/work/shared/seeds/002_340504d33eeb239b.txt), S2: 24 business hours, regular
    calendar. Opened Wed 25 Mar 2026 13:20, during the 13-14 break: counts from 14:00.

    Wed 3 h, Thu 7 h, Fri 7 h (17 h), Mon 30 Mar 7 h: due Mon 17:00 exactly, not Tue 09:00.
    """
    assert JQ_REGULAR.add(bogota(2026, 3, 25, 13, 20), 24 * 60) == bogota(2026, 3, 30, 17, 0)


def test_jq_s3_assignment_on_saturday_evening_uses_the_extended_calendar() -> None:
    """Seed 002 (/work/shared/seeds/002_340504d33eeb239b.txt), S3 URGENCIA: "Asignación del
    caso de 0 a 60 minutos", urgencies on the extended calendar Mon-Sat 08:00-20:00.

    Opened Sat 21 Mar 2026 19:30: Sat 30 min; Sunday off; Mon 23 San José; Tue 24 08:00 + 30 min.
    """
    assert JQ_EXTENDED.add(bogota(2026, 3, 21, 19, 30), 60) == bogota(2026, 3, 24, 8, 30)


def test_jq_s3_resolution_24_hours_on_the_extended_calendar() -> None:
    """Seed 002 (/work/shared/seeds/002_340504d33eeb239b.txt), S3: "Resolución en un plazo
    máximo de 0 a 24 horas laborables en horario de urgencias".

    Opened Sat 21 Mar 2026 19:30: Sat 0.5 h; Tue 24 12 h (12.5 h); Wed 25 08:00 + 11.5 h = 19:30.
    """
    assert JQ_EXTENDED.add(bogota(2026, 3, 21, 19, 30), 24 * 60) == bogota(2026, 3, 25, 19, 30)


def test_customsoft_incident_24_business_hours_across_benito_juarez() -> None:
    """Seed 001 (/work/shared/seeds/001_a420c0afa0bc6e18.txt): "resolver en 24 horas hábiles
    (días laborales) las incidencias", hours 9:00-13:00 and 15:00-18:00 (7 h a day), Mexico City.

    Opened Fri 13 Mar 2026 16:00: Fri 2 h; Mon 16 is Natalicio de Benito Juárez; Tue, Wed, Thu
    7 h each (23 h); Fri 20 09:00 + 1 h.
    """
    opened = mexico(2026, 3, 13, 16, 0)
    assert CUSTOMSOFT.add(opened, 24 * 60) == mexico(2026, 3, 20, 10, 0)
    holiday = CUSTOMSOFT.explain(opened, 24 * 60).closed_days[-1]
    assert (holiday.date, holiday.name) == (dt.date(2026, 3, 16), "Natalicio de Benito Juárez")


def test_customsoft_informational_question_10_minutes_across_lunch() -> None:
    """Seed 001 (/work/shared/seeds/001_a420c0afa0bc6e18.txt): "dudas o preguntas informativas
    ... 10 minutos". Asked Fri 13 Mar 2026 12:55: 5 min before lunch, 5 min after 15:00.
    """
    assert CUSTOMSOFT.add(mexico(2026, 3, 13, 12, 55), 10) == mexico(2026, 3, 13, 15, 5)


def test_soho_first_response_3_hours_over_a_holiday_weekend() -> None:
    """Seed 004 (/work/shared/seeds/004_c5168ccd74ab8109.txt): "La primera respuesta al ticket,
    se dará en un plazo máximo de 3 (TRES) horas", Mon-Fri 08:00-18:00 continuous.

    Opened Fri 20 Mar 2026 17:00: Fri 1 h; weekend; Mon 23 San José; Tue 24 08:00 + 2 h.
    """
    assert SOHO.add(bogota(2026, 3, 20, 17, 0), 3 * 60) == bogota(2026, 3, 24, 10, 0)


def test_soho_answer_48_business_hours_across_christmas_and_new_year() -> None:
    """Seed 004 (/work/shared/seeds/004_c5168ccd74ab8109.txt): "El tiempo de respuesta máximo
    serán 48 horas hábiles", 10 h a day.

    Opened Thu 24 Dec 2026 15:00: Thu 3 h; Fri 25 Navidad; Mon 28 to Thu 31 40 h (43 h);
    Fri 1 Jan 2027 Año Nuevo; Mon 4 Jan 2027 08:00 + 5 h.
    """
    opened = bogota(2026, 12, 24, 15, 0)
    assert SOHO.add(opened, 48 * 60) == bogota(2027, 1, 4, 13, 0)
    holidays = [d.name for d in SOHO.explain(opened, 48 * 60).closed_days if d.kind == "holiday"]
    assert holidays == ["Navidad", "Año Nuevo"]


def test_soho_two_business_days_without_reply_over_holy_week() -> None:
    """Seed 004 (/work/shared/seeds/004_c5168ccd74ab8109.txt): tickets are closed "pasados 2
    días hábiles" without contact; 2 days of 10 h = 20 business hours.

    Waiting from Wed 1 Apr 2026 11:00: Wed 7 h; Jueves and Viernes Santo; weekend; Mon 6 10 h
    (17 h); Tue 7 08:00 + 3 h.
    """
    assert SOHO.add(bogota(2026, 4, 1, 11, 0), 20 * 60) == bogota(2026, 4, 7, 11, 0)


def test_isys_case_opened_on_saturday_counts_from_monday_opening() -> None:
    """Seed 000 (/work/shared/seeds/000_5eab8bc32e3debb2.txt): "cobertura 5 x 8 ... Lunes a
    Viernes excluyendo los festivos. En horario de 8:00 a.m. - 5:00 p.m."

    Opened Sat 8 Aug 2026 10:00 (the day after Batalla de Boyacá): 4 h from Mon 10 Aug 08:00.
    """
    opened = bogota(2026, 8, 8, 10, 0)
    why = ISYS.explain(opened, 4 * 60)
    assert why.deadline == bogota(2026, 8, 10, 12, 0)
    assert why.counted_from == bogota(2026, 8, 10, 8, 0)
    assert why.started_outside_hours


def test_isys_one_business_day_of_nine_hours_over_boyaca() -> None:
    """Seed 000 (/work/shared/seeds/000_5eab8bc32e3debb2.txt): 08:00-17:00 is 9 h a day.

    Opened Thu 6 Aug 2026 14:00: Thu 3 h; Fri 7 Batalla de Boyacá; weekend; Mon 10 08:00 + 6 h.
    """
    assert ISYS.add(bogota(2026, 8, 6, 14, 0), 9 * 60) == bogota(2026, 8, 10, 14, 0)
