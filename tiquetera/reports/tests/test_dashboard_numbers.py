"""The dashboard's selectors on a hand-made desk: exact counts, the policy's own cases only."""

import datetime as dt

import pytest

from tiquetera.contracts.models import Contract, EntitlementPeriod
from tiquetera.contracts.tests.factories import ContractFactory, PlanFactory
from tiquetera.portal.models import Satisfaction
from tiquetera.reports import dashboards
from tiquetera.reports.dashboards import Month, day_bounds

pytestmark = pytest.mark.django_db
HOUR, DAY = dt.timedelta(hours=1), dt.timedelta(days=1)


def test_open_cases_by_severity_and_age_most_urgent_first(desk):
    for age in (HOUR, 2 * DAY, 5 * DAY, 10 * DAY, 10 * DAY):
        desk.case(severity="S3", severity_rank=3, age=age, status="open")
    desk.case(severity="S1", severity_rank=1, age=HOUR, status="waiting_on_client")
    desk.case(severity="S1", severity_rank=1, age=2 * DAY, status="pending_verification")
    desk.case(severity="S1", severity_rank=1, age=HOUR, status="resolved")  # not open
    desk.case(severity="S3", severity_rank=3, age=HOUR, status="closed")  # not open
    desk.case(organization=desk.elsewhere, severity="S3", status="open")  # another policy

    rows = dashboards.open_cases_by_age(desk.policy, desk.now)

    assert [(r.severity, r.under_1, r.from_1_to_3, r.from_3_to_7, r.over_7) for r in rows] == [
        ("S1", 1, 1, 0, 0),
        ("S3", 1, 1, 1, 2),
    ]
    assert [r.total for r in rows] == [2, 5]


def test_compliance_this_month_per_target_metric(desk):
    opened = desk.case(status="open")
    month = Month.holding(opened.created_at, desk.policy.time_zone)
    desk.clock(opened, "first_response", "met")
    desk.clock(opened, "resolution", "running", breached_at=desk.now)
    other = desk.case(organization=desk.clinic, status="open")
    desk.clock(other, "first_response", "met", breached_at=desk.now)  # met late
    desk.clock(other, "resolution", "running")
    desk.clock(desk.case(status="open"), "resolution", "cancelled")  # not counted
    old = desk.case(status="open", age=60 * DAY)  # opened in an earlier month
    desk.clock(old, "resolution", "met")

    rows = dashboards.compliance_by_metric(desk.policy, month)

    assert [(r.metric, r.met, r.breached, r.running, r.total) for r in rows] == [
        ("first_response", 1, 1, 0, 2),
        ("resolution", 0, 1, 1, 2),
    ]
    assert rows[0].rate == 0.5


def test_breaches_today_counts_per_metric_and_lists_the_latest(desk, ana):
    start, _end = day_bounds(desk.now, desk.policy.time_zone)
    now = desk.now = start + dt.timedelta(hours=12)  # not minutes after midnight
    first = desk.case(status="open", assignee=ana)
    desk.clock(first, "first_response", "running", breached_at=now - dt.timedelta(minutes=5))
    desk.clock(first, "resolution", "running", breached_at=now)
    second = desk.case(organization=desk.clinic, status="open", severity="S1")
    desk.clock(second, "resolution", "met", breached_at=now - dt.timedelta(minutes=1))
    yesterday = desk.case(status="open")
    desk.clock(yesterday, "resolution", "running", breached_at=start - dt.timedelta(minutes=1))
    elsewhere = desk.case(organization=desk.elsewhere, status="open")
    desk.clock(elsewhere, "resolution", "running", breached_at=now)

    found = dashboards.breaches_today(desk.policy, now)

    assert found.by_metric == [("first_response", 1), ("resolution", 2)]
    assert found.count == 3
    assert [(b.number, b.metric) for b in found.latest] == [
        (first.number, "resolution"),
        (second.number, "resolution"),
        (first.number, "first_response"),
    ]
    assert (found.latest[0].assignee, found.latest[1].organization) == (
        "ana",
        "Clínica Norte S.A.S.",
    )


def test_breaches_today_lists_at_most_twenty(desk):
    for _ in range(dashboards.TOP + 3):
        case = desk.case(status="open")
        desk.clock(case, "resolution", "running", breached_at=desk.now)
    found = dashboards.breaches_today(desk.policy, desk.now)
    assert (found.count, len(found.latest)) == (23, 20)


def period(contract, today, *, cap, used, **fields):
    return EntitlementPeriod.objects.create(
        contract=contract,
        starts=fields.get("starts", today - dt.timedelta(days=5)),
        ends=fields.get("ends", today + dt.timedelta(days=25)),
        total_cap=cap,
        total_used=used,
    )


def test_quota_use_of_the_current_periods_most_used_first(desk):
    today = desk.now.astimezone(dashboards.ZoneInfo(desk.policy.time_zone)).date()
    plan = PlanFactory(policy=desk.policy)
    start = dt.date(2026, 1, 1)
    hotel = ContractFactory(plan=plan, organization=desk.hotel, start=start, end=None)
    period(hotel, today, cap=14, used=9)
    period(hotel, today, cap=14, used=14, starts=today - 65 * DAY, ends=today - 35 * DAY)  # past
    clinic = ContractFactory(plan=plan, organization=desk.clinic, start=start, end=None)
    period(clinic, today, cap=5, used=2)
    second = ContractFactory(plan=PlanFactory(policy=desk.policy), organization=desk.clinic)
    Contract.objects.filter(pk=second.pk).update(start=start, end=None)
    period(second, today, cap=None, used=10)  # uncapped: the clinic has no cap in all
    cancelled = ContractFactory(plan=plan, organization=desk.hotel, start=start, end=None)
    Contract.objects.filter(pk=cancelled.pk).update(status=Contract.Status.CANCELLED)
    period(cancelled, today, cap=20, used=20)

    rows = dashboards.quota_use(desk.policy, desk.now)

    assert [(r.organization, r.used, r.cap) for r in rows] == [
        ("Clínica Norte S.A.S.", 12, None),
        ("Hotel Andino S.A.S.", 9, 14),
    ]
    assert rows[1].share == pytest.approx(9 / 14)


def test_agent_load_counts_open_cases_per_assignee(desk, ana, beto):
    desk.case(status="open", assignee=ana)
    desk.case(status="in_progress", assignee=ana, sla_breached=True)
    desk.case(status="waiting_on_client", assignee=ana)
    desk.case(status="resolved", assignee=ana)  # not open
    desk.case(status="open", assignee=beto)
    desk.case(status="new")
    desk.case(organization=desk.elsewhere, status="open", assignee=beto)  # another policy

    rows = dashboards.agent_load(desk.policy)

    assert [(r.agent, r.open, r.breached, r.on_time) for r in rows] == [
        ("ana", 3, 1, 2),
        ("", 1, 0, 1),
        ("beto", 1, 0, 1),
    ]


def test_satisfaction_this_month_average_and_distribution(desk):
    month = Month.holding(desk.now, desk.policy.time_zone)
    for score in (5, 5, 4, 2):
        Satisfaction.objects.create(case=desk.case(status="resolved"), score=score)
    last_month = Satisfaction.objects.create(case=desk.case(status="closed"), score=1)
    Satisfaction.objects.filter(pk=last_month.pk).update(created=desk.now - 40 * DAY)
    Satisfaction.objects.create(case=desk.case(organization=desk.elsewhere), score=1)

    found = dashboards.satisfaction(desk.policy, month)

    assert found.average == 4.0
    assert found.counts == [(1, 0), (2, 1), (3, 0), (4, 1), (5, 2)]
    assert found.answers == 4
    empty = dashboards.satisfaction(desk.policy, Month(2020, 1))
    assert (empty.average, empty.answers) == (None, 0)


def test_months_in_the_policy_time_zone():
    assert str(Month.parse("2026-12")) == "2026-12"
    assert Month(2026, 12).period.end == dt.date(2027, 1, 1)
    utc_new_year = dt.datetime(2027, 1, 1, 3, tzinfo=dt.UTC)  # still December 31 in Bogotá
    assert Month.holding(utc_new_year, "America/Bogota") == Month(2026, 12)
    with pytest.raises(ValueError):
        Month.parse("2026-13")
