"""A mistake in [plans.KEY] is reported with the file, the line and the field path, in plain
words, before anything is loaded."""

import pytest

from tiquetera.policy.schema import parse_policy

from .conftest import problems
from .test_plans_load import EXAMPLE_WITH_PLANS

pytestmark = pytest.mark.usefixtures("english")


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_the_example_with_plans_checks():
    assert set(parse_policy(EXAMPLE_WITH_PLANS, "acme.toml").plans) == {"oro", "horas"}


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        (
            'price = "2450.00"',
            "price = 2450.00",
            "plans.oro.price",
            'Write the amount in quotes, such as "2450.00", so it is kept exactly',
        ),
        (
            'price = "2450.00"',
            "price = 2450",
            "plans.oro.price",
            'Write the amount in quotes, such as "2450.00"',
        ),
        (
            'price = "2450.00"',
            'price = "2.450,00"',
            "plans.oro.price",
            "“2.450,00” is not an amount such as 2450.00",
        ),
        (
            'extra_ticket_price = "300.50"',
            'extra_ticket_price = "-300.50"',
            "plans.oro.extra_ticket_price",
            "not negative",
        ),
        (
            "P2 = 5",
            "P2 = -1",
            "plans.oro.quotas.P2",
            "The cap of “quotas.P2” cannot be negative (-1).",
        ),
        (
            "total_cap = 14",
            "total_cap = -14",
            "plans.oro.total_cap",
            "The cap of “total_cap” cannot be negative (-14).",
        ),
        (
            "billing_fraction_minutes = 15",
            "billing_fraction_minutes = 20",
            "plans.horas.billing_fraction_minutes",
            "20 is not a billing fraction: time is billed per 60, 30 or 15 minutes.",
        ),
        (
            'currency = "COP"',
            'currency = "EUR"',
            "plans.oro.currency",
            "“EUR” is not a supported currency: write an ISO 4217 code among COP, MXN, PAB, USD.",
        ),
        (
            "onsite_visits_per_month = 1",
            "onsite_visit_per_month = 1",
            "plans.oro.onsite_visit_per_month",
            "Unknown key “onsite_visit_per_month”; did you mean “onsite_visits_per_month”?",
        ),
        (
            'service_type = "contractual_hourly"',
            'service_type = "hourly"',
            "plans.horas.service_type",
            "“hourly” is not one of subscription, contractual_hourly, per_event.",
        ),
        (
            'extra_services_discount = "12.5"',
            "extra_services_discount = 12.5",
            "plans.oro.extra_services_discount",
            'Write a percentage with decimals in quotes, such as "12.5"',
        ),
        (
            "cloud_discount = 40",
            "cloud_discount = 140",
            "plans.oro.cloud_discount",
            "“140” is not a percentage from 0 to 100",
        ),
        (
            'billing_period = "annual"',
            'billing_period = "monthly"\nquota_period = "annual"',
            "plans.oro.quota_period",
            "The quota period (annual) cannot be longer than the billing period.",
        ),
        (
            "P3 = 4",
            "p3 = 4",
            "plans.oro.quotas.p3",
            "“p3” is not a priority or severity code such as P1 or S3",
        ),
    ],
)
def test_errors_name_the_file_the_line_and_the_path(old, new, path, words):
    text = EXAMPLE_WITH_PLANS.replace(old, new, 1)
    assert text != EXAMPLE_WITH_PLANS
    [problem] = problems(text)
    line = line_of(EXAMPLE_WITH_PLANS, old) + new.count("\n")  # the last line of the replacement
    assert problem.startswith(f"acme.toml:{line}: {path}: ")
    assert words in problem


def test_a_contractual_plan_without_its_rate_is_refused_at_its_table():
    text = EXAMPLE_WITH_PLANS.replace('hourly_rate = "90000"\n', "")
    assert problems(text) == [
        f"acme.toml:{line_of(text, '[plans.horas]')}: plans.horas.hourly_rate: "
        "A contractual (hourly) plan needs its hourly rate."
    ]


def test_extra_tickets_need_their_price():
    text = EXAMPLE_WITH_PLANS.replace('extra_ticket_price = "300.50"\n', "")
    assert problems(text) == [
        f"acme.toml:{line_of(text, '[plans.oro]')}: plans.oro.extra_ticket_price: "
        "Give the price of an extra ticket, or choose another rule for when nothing is left."
    ]


def test_a_cloud_discount_needs_its_edition():
    text = EXAMPLE_WITH_PLANS.replace('cloud_edition = "WEB"\n', "")
    [problem] = problems(text)
    assert problem.endswith(
        "plans.oro.cloud_edition: Name the cloud edition the cloud discount is for."
    )


def test_the_currency_is_required():
    text = EXAMPLE_WITH_PLANS.replace('currency = "COP"\n', "", 1)
    [problem] = problems(text)
    assert problem.endswith("plans.oro.currency: This key is required.")
