"""SLA compliance per metric and group, and business times to first response and resolution."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tiquetera.reports.selectors import Period, compliance, response_times
from tiquetera.sla.models import Clock
from tiquetera.testing.factories import AgentFactory, CalendarFactory, OrganizationFactory
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture
def world():
    org = OrganizationFactory()
    calendar = CalendarFactory(policy=org.policy, key="regular", is_default=True)
    return org, calendar


def clock(case, calendar, metric, state, *, breached=False):
    now = timezone.now()
    return Clock.objects.create(
        case=case,
        metric=metric,
        calendar=calendar,
        target_minutes=60,
        state=state,
        started_at=now,
        breached_at=now if breached else None,
        met_at=now if state == "met" else None,
    )


def this_month():
    today = timezone.localdate()
    return Period(today - dt.timedelta(days=1), today + dt.timedelta(days=1))


def test_compliance_counts_met_breached_and_running_per_severity(world):
    org, calendar = world
    s1, s3 = CaseFactory(organization=org, severity="S1"), CaseFactory(organization=org)
    clock(s1, calendar, "first_response", "met")
    clock(s1, calendar, "resolution", "met", breached=True)  # late
    clock(s3, calendar, "first_response", "met")
    clock(s3, calendar, "resolution", "running", breached=True)  # overdue
    clock(CaseFactory(organization=org), calendar, "resolution", "running")
    clock(CaseFactory(organization=org), calendar, "resolution", "cancelled")  # not counted

    rows = {(r.metric, r.group): r for r in compliance(org.policy, this_month())}

    assert (rows["first_response", "S1"].met, rows["first_response", "S3"].met) == (1, 1)
    resolution = rows["resolution", "S3"]
    assert (resolution.met, resolution.breached, resolution.running) == (0, 1, 1)
    assert resolution.total == 2
    assert resolution.rate == 0.0
    assert rows["resolution", "S1"].rate == 0.0
    assert rows["first_response", "S1"].rate == 1.0


def test_compliance_by_agent_and_outside_the_period(world):
    org, calendar = world
    ana = AgentFactory(username="ana")
    clock(CaseFactory(organization=org, assignee=ana), calendar, "resolution", "met")
    rows = compliance(org.policy, this_month(), by="agent")
    assert [(r.group, r.met) for r in rows] == [("ana", 1)]
    earlier = Period(dt.date(2020, 1, 1), dt.date(2020, 2, 1))
    assert compliance(org.policy, earlier) == []


def test_times_are_business_minutes_with_median_and_90th_percentile(world):
    """On JQ's regular hours (09–13, 14–17): a case at Friday 16:30 answered Monday 09:30 took
    60 business minutes, not 65 hours."""
    org, _calendar = world
    friday = dt.datetime(2026, 11, 20, 16, 30, tzinfo=BOGOTA)
    # business minutes: 10, 20, 30, 30 (17:10 is after closing) and 60 (Monday 09:30)
    for minutes_later in (10, 20, 30, 40, 60 * 65):
        case = CaseFactory(organization=org, severity="S2")
        Case.objects.filter(pk=case.pk).update(
            created_at=friday, first_response_at=friday + dt.timedelta(minutes=minutes_later)
        )
    period = Period(dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    (row,) = response_times(org.policy, period)
    assert (row.measure, row.severity, row.count) == ("first_response", "S2", 5)
    assert row.median_minutes == 30.0
    assert row.p90_minutes == pytest.approx(48.0)  # 60% of the way from 30 to 60


def test_the_csv_and_the_api_give_the_report_to_agents_only(world, agent_client, client):
    org, calendar = world
    clock(CaseFactory(organization=org), calendar, "resolution", "met")
    today = timezone.localdate()
    query = f"start={today - dt.timedelta(days=1)}&end={today + dt.timedelta(days=1)}"
    csv = agent_client.get(f"/reports/{org.policy.slug}/sla.csv?{query}")
    assert csv.status_code == 200
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("métrica,severidad,")
    assert lines[1] == "solución,S3,1,0,0,1,100.0"
    api = agent_client.get(f"/api/v1/reports/sla?policy={org.policy.slug}&{query}")
    assert api.status_code == 200
    assert api.json()["compliance"][0]["rate"] == 1.0
    assert client.get(f"/api/v1/reports/sla?policy={org.policy.slug}&{query}").status_code == 401
    assert agent_client.get(f"/reports/{org.policy.slug}/sla.csv?start=x").status_code == 404
