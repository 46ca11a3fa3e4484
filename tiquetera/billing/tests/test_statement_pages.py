"""The statement as a page and as CSV for Spanish Excel (UTF-8 with BOM, `;`, decimal comma);
agents only."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tiquetera.billing.tests.statement_world import july_of_a_web_client

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def organization():
    return july_of_a_web_client()


def url(organization, month="2026-07", suffix="/"):
    return f"/billing/organizations/{organization.pk}/statement/{month}{suffix}"


def test_an_agent_reads_the_statement_page_in_spanish(agent_client, organization):
    response = agent_client.get(url(organization), HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("es"):
        for heading in (
            "Monthly statement",
            "Covered cases by priority",
            "Remaining allowance",
            "Charges",
            "Totals",
        ):
            assert gettext(heading) in html
    assert " · julio de 2026" in html and "· 2026-07" not in html  # the month in words
    assert "120,00 USD" in html  # gross
    assert "58,80 USD" in html  # discounts
    assert "61,20 USD" in html  # net
    assert "Plan 5 tickets 15 %: −$\xa09,00 USD" in html
    assert "WEB 40 %: −$\xa020,40 USD" in html


def test_the_csv_opens_in_spanish_excel_and_adds_up(agent_client, organization):
    response = agent_client.get(url(organization, suffix=".csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert len(header) == 10
    charges = [row for row in rows if row[2]]
    (total,) = [row for row in rows if not row[2]]

    def amount(text):
        return Decimal(text.replace(",", "."))

    assert [row[2] for row in charges] == ["C-3", "C-4"]
    assert total[5] == "USD"
    assert amount(total[6]) == sum(amount(row[6]) for row in charges) == Decimal("120.00")
    assert amount(total[8]) == sum(amount(row[8]) for row in charges) == Decimal("58.80")
    assert amount(total[9]) == sum(amount(row[9]) for row in charges) == Decimal("61.20")
    assert charges[0][7] == "Plan 5 tickets 15,00 % = 9,00 + WEB 40,00 % = 20,40"


def test_a_month_that_does_not_exist_is_not_found(agent_client, organization):
    assert agent_client.get(url(organization, "2026-13")).status_code == 404


def test_an_unknown_organization_is_not_found(agent_client, organization):
    response = agent_client.get(f"/billing/organizations/{organization.pk + 99}/statement/2026-07/")
    assert response.status_code == 404


@pytest.mark.parametrize("suffix", ["/", ".csv"])
def test_a_signed_in_non_agent_gets_403(outsider_client, organization, suffix):
    assert outsider_client.get(url(organization, suffix=suffix)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, organization):
    response = client.get(url(organization))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
