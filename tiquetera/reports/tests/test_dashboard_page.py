"""/reports/dashboard/: agents only, a chart per selector drawn from JSON (no inline script),
a CSV per chart with the selector's numbers, and a query count that does not grow with cases."""

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation

from tiquetera.contracts.models import EntitlementPeriod
from tiquetera.contracts.tests.factories import ContractFactory, PlanFactory
from tiquetera.portal.models import Satisfaction
from tiquetera.reports import dashboards
from tiquetera.reports.charts import CHARTS
from tiquetera.reports.dashboards import Month
from tiquetera.testing.factories import PolicyFactory

pytestmark = pytest.mark.django_db
URL = "/reports/dashboard/"


def age(i: int) -> dt.timedelta:
    """How old the i-th case `fill` makes is."""
    return dt.timedelta(days=i % 9)


def fill(desk, ana, n: int) -> None:
    """n open cases of each kind the charts count: aged, assigned, breached, rated."""
    for i in range(n):
        case = desk.case(status="open", assignee=ana, age=age(i), sla_breached=i % 2 == 0)
        desk.clock(case, "first_response", "met")
        desk.clock(case, "resolution", "running", breached_at=desk.now if i % 2 == 0 else None)
        Satisfaction.objects.create(case=desk.case(status="resolved"), score=i % 5 + 1)
    contract = ContractFactory(plan=PlanFactory(policy=desk.policy), organization=desk.clinic)
    today = desk.now.astimezone(ZoneInfo(desk.policy.time_zone)).date()
    EntitlementPeriod.objects.create(
        contract=contract,
        starts=today,
        ends=today + dt.timedelta(days=30),
        total_cap=8,
        total_used=n,
    )


def test_clients_get_403_and_anonymous_visitors_the_sign_in(desk, outsider_client, client):
    assert outsider_client.get(URL).status_code == 403
    assert outsider_client.get(URL + "agents.csv").status_code == 403
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get(URL + "agents.csv").status_code == 302


def test_the_page_draws_every_chart_from_json_without_inline_script(desk, ana, agent_client):
    fill(desk, ana, 4)
    html = agent_client.get(URL).content.decode()
    for key in CHARTS:
        assert f'data-chart="chart-data-{key}"' in html
        assert f'<script id="chart-data-{key}" type="application/json">' in html
        assert f"/reports/dashboard/{key}.csv?policy={desk.policy.slug}&amp;month=" in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers either
    assert "vendor/chartjs/chart.umd.min.js" in html and "reports/dashboard.js" in html


def test_numbers_in_spanish_by_default(desk, agent_client):
    for score in (5, 4, 4):
        Satisfaction.objects.create(case=desk.case(status="resolved"), score=score)
    html = agent_client.get(URL).content.decode()
    assert "4,33" in html and "4.33" not in html


def test_the_query_count_does_not_grow_with_the_cases(
    desk, ana, agent_client, django_assert_max_num_queries, django_assert_num_queries
):
    fill(desk, ana, 2)
    with django_assert_max_num_queries(14) as few:  # 2 of them: the header asks may_configure
        assert agent_client.get(URL).status_code == 200
    fill(desk, ana, 30)
    with django_assert_num_queries(len(few.captured_queries)):
        assert agent_client.get(URL).status_code == 200


@pytest.mark.parametrize("key", list(CHARTS))
def test_each_csv_gives_the_selectors_numbers(desk, ana, agent_client, key):
    fill(desk, ana, 5)
    month = Month.holding(desk.now, desk.policy.time_zone)
    response = agent_client.get(f"{URL}{key}.csv?policy={desk.policy.slug}&month={month}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    (header, *rows) = list(csv.reader(io.StringIO(response.content.decode())))
    chart = CHARTS[key](desk.policy, month, desk.now)
    assert header == chart.header
    assert rows == [["" if cell is None else str(cell) for cell in row] for row in chart.rows]


def test_csv_numbers_match_the_selectors(desk, ana, agent_client):
    fill(desk, ana, 5)
    tz = desk.policy.time_zone
    month = Month.holding(desk.now, tz)
    query = f"?policy={desk.policy.slug}&month={month}"

    def rows(key):
        content = agent_client.get(f"{URL}{key}.csv{query}").content.decode()
        return list(csv.reader(io.StringIO(content)))[1:]

    load = dashboards.agent_load(desk.policy)
    assert rows("agents") == [["ana", str(load[0].on_time), str(load[0].breached), "5"]]
    ages = dashboards.open_cases_by_age(desk.policy, desk.now)
    assert rows("open-cases")[0][1:] == [
        str(n)
        for n in (ages[0].under_1, ages[0].from_1_to_3, ages[0].from_3_to_7, ages[0].over_7, 5)
    ]
    assert rows("breaches") == [["solución", "3"]]
    # compliance counts the cases opened this month: early in a month some of the older ones
    # were opened in the month before
    opened = [i for i in range(5) if Month.holding(desk.now - age(i), tz) == month]
    late = len([i for i in opened if i % 2 == 0])
    n = len(opened)
    assert rows("compliance") == [
        ["primera respuesta", str(n), "0", "0", str(n), "100.0"],
        ["solución", "0", str(late), str(n - late), str(n), "0.0"],
    ]
    assert rows("satisfaction") == [["1", "1"], ["2", "1"], ["3", "1"], ["4", "1"], ["5", "1"]]


def test_policy_and_month_are_chosen_and_checked(desk, agent_client):
    second = PolicyFactory(name="Zeta Soporte")
    page = agent_client.get(URL).content.decode()
    assert f'<option value="{second.slug}">Zeta Soporte</option>' in page
    assert agent_client.get(f"{URL}?policy={second.slug}").status_code == 200
    assert agent_client.get(f"{URL}?policy=nobody").status_code == 404
    assert agent_client.get(f"{URL}?month=2026-13").status_code == 404
    assert agent_client.get(f"{URL}nothing.csv?policy={desk.policy.slug}").status_code == 404


def test_without_a_policy_the_page_says_so(agent_client):
    response = agent_client.get(URL)
    assert response.status_code == 200
    assert "tiquetera policy load" in response.content.decode()
    assert "<canvas" not in response.content.decode()


def test_chart_js_is_vendored_and_found_by_the_staticfiles_finders():
    found = finders.find("vendor/chartjs/chart.umd.min.js")
    assert found
    with open(found, encoding="utf-8") as vendored:
        assert "Chart.js v4" in vendored.read(200)
    assert finders.find("vendor/chartjs/LICENSE.md")
    assert finders.find("reports/dashboard.js")


def test_a_breach_reads_at_the_policys_hour_not_utcs(desk, ana, agent_client):
    """The latest breaches read "9:36 p. m." (UTC) for a breach at 4:36 p. m. in Bogotá, under
    a page that says its hours are Bogotá's."""
    from tiquetera.core.dates import clock

    fill(desk, ana, 1)
    html = agent_client.get(URL).content.decode()
    table = html.split("Últimos incumplimientos", 1)[1].split("</table>", 1)[0]
    bogota = desk.now.astimezone(ZoneInfo(desk.policy.time_zone))
    utc = desk.now.astimezone(dt.UTC)
    with translation.override("es"):
        assert f"<td>{clock(bogota)}</td>" in table
        assert f"<td>{clock(utc)}</td>" not in table
