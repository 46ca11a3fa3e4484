"""Billed time: minutes rounded up to the plan's fraction of an hour, at an hourly rate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiquetera.billing.money import BillingError, Money, bill_time

RATE = Money(Decimal("120000.00"), "COP")
DIVISORS_OF_60 = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60]


@pytest.mark.parametrize(
    ("minutes", "fraction", "billed", "charge"),
    [
        (61, 30, 90, "180000.00"),
        (60, 30, 60, "120000.00"),
        (1, 60, 60, "120000.00"),
        (0, 15, 0, "0.00"),
        (70, 15, 75, "150000.00"),
        (1, 20, 20, "40000.00"),
    ],
)
def test_time_is_rounded_up_to_the_fraction(minutes, fraction, billed, charge):
    assert bill_time(minutes, fraction, RATE) == (billed, Money(Decimal(charge), "COP"))


def test_a_third_of_an_hour_is_rounded_once_half_up():
    # 100.00 / 3 = 33.333... -> 33.33
    assert bill_time(20, 20, Money(Decimal(100), "USD"))[1] == Money(Decimal("33.33"), "USD")


@pytest.mark.parametrize(
    ("minutes", "fraction", "code"),
    [
        (-1, 15, "negative_minutes"),
        (10, 7, "bad_fraction"),
        (10, 0, "bad_fraction"),
        (10, 90, "bad_fraction"),
        (10, -15, "bad_fraction"),
        (10, 15.0, "bad_fraction"),
        (10.0, 15, "bad_minutes"),
        (True, 15, "bad_minutes"),
    ],
)
def test_bad_time_inputs_raise(minutes, fraction, code):
    with pytest.raises(BillingError) as error:
        bill_time(minutes, fraction, RATE)
    assert error.value.code == code


def test_negative_rate_raises():
    with pytest.raises(BillingError, match="negative"):
        bill_time(10, 15, Money(Decimal(-1), "COP"))


@given(st.integers(min_value=0, max_value=100_000), st.sampled_from(DIVISORS_OF_60))
def test_billed_is_the_smallest_multiple_of_the_fraction_not_below_minutes(minutes, fraction):
    billed, charge = bill_time(minutes, fraction, RATE)
    assert billed % fraction == 0
    assert minutes <= billed < minutes + fraction
    assert charge == Money(RATE.amount * billed / 60, "COP").quantize()
