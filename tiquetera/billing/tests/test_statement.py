"""The monthly statement (issue: "covered cases by priority, remaining allowance, charges,
discounts, totals"), read by the selector: the numbers add up."""

import datetime as dt
from decimal import Decimal

import pytest

from tiquetera.billing.errors import BillingRefused
from tiquetera.billing.selectors import monthly_statement, parse_month
from tiquetera.billing.tests.statement_world import july_of_a_web_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return july_of_a_web_client()


def test_the_statement_counts_covered_cases_by_priority(organization):
    statement = monthly_statement(organization, 2026, 7, today=dt.date(2026, 8, 15))
    assert [(c.priority, c.cases) for c in statement.covered] == [("P1", 1), ("P2", 1)]
    assert statement.covered_total == 2


def test_the_statement_shows_what_was_left_at_the_months_end(organization):
    statement = monthly_statement(organization, 2026, 7, today=dt.date(2026, 8, 15))
    assert statement.allowance_on == dt.date(2026, 7, 31)
    (allowance,) = statement.allowance
    assert (allowance.total.cap, allowance.total.used, allowance.total.left) == (2, 2, 0)


def test_the_months_live_charges_add_up_per_currency(organization):
    statement = monthly_statement(organization, 2026, 7, today=dt.date(2026, 8, 15))

    assert [line.charge.description for line in statement.charges] == ["C-3", "C-4"]
    assert [line.charge.description for line in statement.credited] == ["C-5"]
    (first, _) = statement.charges
    assert [(d.label, d.percent, d.amount) for d in first.discounts] == [
        ("Plan 5 tickets", Decimal("15.00"), Decimal("9.00")),
        ("WEB", Decimal("40.00"), Decimal("20.40")),
    ]
    (usd,) = statement.totals
    assert (usd.currency, usd.gross, usd.discounts, usd.net, usd.count) == (
        "USD",
        Decimal("120.00"),
        Decimal("58.80"),
        Decimal("61.20"),
        2,
    )
    assert usd.gross - usd.discounts == usd.net == sum(c.charge.net for c in statement.charges)


def test_the_statement_takes_a_fixed_number_of_queries(organization, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        statement = monthly_statement(organization, 2026, 7, today=dt.date(2026, 7, 20))
    assert statement.allowance_on == dt.date(2026, 7, 20)


@pytest.mark.parametrize("text", ["2026-7", "2026-13", "julio", "", "2026-07-01"])
def test_a_month_is_written_yyyy_mm(text):
    with pytest.raises(BillingRefused) as refused:
        parse_month(text)
    assert refused.value.code == "bad_month"


def test_parse_month_reads_yyyy_mm():
    assert parse_month("2026-07") == (2026, 7)
