"""The queue's countdowns (`countdowns_for`: each calendar's clocks in one batch of the engine)
are the case page's (`countdown`, one clock at a time), to the microsecond: many clocks with
due times down to the microsecond, on calendars with breaks, holidays, daylight saving time
and round-the-clock hours, looked at from moments open, closed, at a break and on a holiday."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiquetera.calendars.models import Calendar
from tiquetera.sla.countdown import Countdown, countdown, countdowns_for
from tiquetera.sla.models import Clock
from tiquetera.testing.factories import CalendarFactory, PolicyFactory
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
BOGOTA, MADRID = ZoneInfo("America/Bogota"), ZoneInfo("Europe/Madrid")


def scalar(case_ids: list[int], now: dt.datetime) -> dict[int, Countdown]:
    """The queue before the batch: each clock's `countdown`, the nearest that has one."""
    found: dict[int, Countdown] = {}
    clocks = (
        Clock.objects.filter(case_id__in=case_ids, state=Clock.State.RUNNING)
        .exclude(due_at=None)
        .select_related("calendar")
        .order_by("case_id", "due_at")
    )
    for clock in clocks:
        if clock.case_id not in found and (shown := countdown(clock, now)) is not None:
            found[clock.case_id] = shown
    return found


@pytest.fixture
def calendars() -> list[Calendar]:
    policy = PolicyFactory()
    return [
        CalendarFactory(policy=policy),  # Bogotá, 09-13 and 14-17, Colombian holidays
        CalendarFactory(
            policy=policy,
            time_zone="Europe/Madrid",
            country="ES",
            week={str(day): ["08:00-14:00", "15:30-19:00"] for day in range(6)},
        ),
        CalendarFactory(
            policy=policy,
            country="",
            week={str(day): ["00:00-24:00"] for day in range(7)},
        ),
    ]


def clocks_for(calendars: list[Calendar], count: int, seed: int) -> list[int]:
    """`count` cases, each with one to three clocks due around 2026 (some paused, or undated)."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    cases = []
    for _ in range(count):
        case = CaseFactory(status="open")
        for metric in rng.sample(["response", "resolution", "verification"], rng.randint(1, 3)):
            due = start + dt.timedelta(seconds=rng.uniform(0, 360 * 86_400))
            Clock.objects.create(
                case=case,
                metric=metric,
                calendar=rng.choice(calendars),
                target_minutes=480,
                state=rng.choice([Clock.State.RUNNING] * 5 + [Clock.State.PAUSED]),
                started_at=start,
                due_at=None
                if rng.random() < 0.05
                else due.replace(microsecond=rng.randrange(10**6)),
            )
        cases.append(case.pk)
    return cases


MOMENTS = [
    dt.datetime(2026, 7, 14, 10, 0, 0, 1, tzinfo=BOGOTA),  # open in Bogotá
    dt.datetime(2026, 7, 14, 13, 30, tzinfo=BOGOTA),  # Bogotá's lunch break
    dt.datetime(2026, 7, 20, 11, 15, 7, 999_999, tzinfo=BOGOTA),  # Independence Day
    dt.datetime(2026, 7, 18, 22, 0, tzinfo=BOGOTA),  # a Saturday night
    dt.datetime(2026, 3, 29, 3, 30, tzinfo=MADRID),  # the morning Madrid's clocks go forward
    dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=MADRID),  # the repeated hour, second time
    dt.datetime(2026, 12, 31, 23, 59, 59, 500_000, tzinfo=dt.UTC),
]


def test_the_batch_equals_one_clock_at_a_time_to_the_microsecond(calendars):
    case_ids = clocks_for(calendars, 120, seed=18)
    rng = random.Random(7)
    moments = MOMENTS + [
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=rng.uniform(0, 3.6e7))
        for _ in range(13)
    ]
    compared = 0
    for now in moments:
        batch, one_by_one = countdowns_for(case_ids, now), scalar(case_ids, now)
        assert batch == one_by_one, now
        compared += len(batch)
    assert compared > 100 * len(moments)  # nearly every case has a running, dated clock
    spans = [shown.left or shown.late for shown in one_by_one.values()]
    assert any(span.microseconds for span in spans)  # fractions of a second were compared


def test_a_clock_whose_calendar_cannot_be_computed_yields_to_the_next(calendars):
    """As one clock at a time: the nearest clock's calendar is broken, the next one shows."""
    case = CaseFactory(status="open")
    broken = CalendarFactory(policy=calendars[0].policy)
    Calendar.objects.filter(pk=broken.pk).update(week={"0": ["17:00-09:00"]})  # ends before
    now = dt.datetime(2026, 7, 14, 10, tzinfo=BOGOTA)
    for calendar, hours in ((broken, 2), (calendars[0], 30)):
        Clock.objects.create(
            case=case,
            metric="response" if calendar == broken else "resolution",
            calendar=calendar,
            target_minutes=60,
            state=Clock.State.RUNNING,
            started_at=now,
            due_at=now + dt.timedelta(hours=hours),
        )
    shown = countdowns_for([case.pk], now)
    assert shown == scalar([case.pk], now)
    assert shown[case.pk].due_at == now + dt.timedelta(hours=30)


def test_a_changed_calendar_is_seen_at_once_and_otherwise_not_read_again(calendars):
    case_ids = clocks_for(calendars[:1], 5, seed=3)
    now = dt.datetime(2026, 7, 14, 10, tzinfo=BOGOTA)
    before = countdowns_for(case_ids, now)
    with CaptureQueriesContext(connection) as queries:
        assert countdowns_for(case_ids, now) == before
    assert len(queries) == 1  # the clocks; the calendar's engine and working day are kept
    calendar = calendars[0]
    calendar.week = {str(day): ["07:00-19:00"] for day in range(5)}
    calendar.save()
    after = countdowns_for(case_ids, now)
    assert after == scalar(case_ids, now) != before
    assert {shown.day_minutes for shown in after.values()} == {720}
