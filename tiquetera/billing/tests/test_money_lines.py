"""Priced lines: gross, each discount on the running amount in the order given, net; rounding at
the end of each step; a line recomputed from its inputs is the same line."""

from __future__ import annotations

from decimal import Decimal
from functools import reduce

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiquetera.billing.money import (
    MINOR_UNITS,
    BillingError,
    Discount,
    Line,
    Money,
    billing_discounts,
    price_line,
)

# Up to a trillion with cents: far beyond any invoice, well inside Decimal's 28 digits.
money = st.builds(
    Money,
    amount=st.decimals(min_value=0, max_value=10**12, places=2),
    currency=st.sampled_from(sorted(MINOR_UNITS)),
)
quantities = st.decimals(min_value=0, max_value=10_000, places=3)
discounts = st.builds(
    Discount, label=st.just("descuento"), percent=st.decimals(min_value=0, max_value=100, places=2)
)

PLAN_15 = Discount("Póliza Intermedia", Decimal(15))
CLOUD_40 = Discount("Edición WEB (nube)", Decimal(40))


def cop(text: str) -> Money:
    return Money(Decimal(text), "COP")


def test_plan_tier_then_cloud_compounds_to_49_percent_off():
    """15 % then 40 % is 1 - 0.85 x 0.60 = 49 % off, not 55 %: each discount applies to what the
    previous one left."""
    line = price_line(cop("100000"), Decimal(1), billing_discounts(PLAN_15, CLOUD_40))
    assert line.gross == cop("100000.00")
    assert [(s.discount, s.amount, s.after) for s in line.steps] == [
        (PLAN_15, cop("15000.00"), cop("85000.00")),
        (CLOUD_40, cop("34000.00"), cop("51000.00")),
    ]
    assert line.net == cop("51000.00")
    assert line.total_discount == cop("49000.00")


def test_billing_discounts_orders_plan_tier_before_cloud_edition():
    assert billing_discounts(cloud_edition=CLOUD_40, plan_tier=PLAN_15) == (PLAN_15, CLOUD_40)
    assert billing_discounts(cloud_edition=CLOUD_40) == (CLOUD_40,)
    assert billing_discounts() == ()


def test_each_step_is_rounded_half_up_where_it_is_shown():
    # gross 3 x 33.335 = 100.005 -> 100.01; 15 % of it = 15.0015 -> 15.00; net 85.01
    line = price_line(cop("33.335"), 3, [PLAN_15])
    assert line.gross == cop("100.01")
    assert line.steps[0].amount == cop("15.00")
    assert line.net == cop("85.01")


def test_fractional_quantity_and_no_discounts():
    line = price_line(Money(Decimal("80.00"), "USD"), Decimal("2.5"), [])
    assert line.gross == line.net == Money(Decimal("200.00"), "USD")
    assert line.steps == ()


def test_a_hundred_percent_discount_leaves_zero():
    line = price_line(cop("999.99"), 1, [Discount("Cortesía", Decimal(100)), CLOUD_40])
    assert line.net == cop("0")


@pytest.mark.parametrize(
    ("unit", "quantity", "code"),
    [
        (cop("-1"), Decimal(1), "negative_price"),
        (cop("1"), Decimal(-1), "negative_quantity"),
        (cop("1"), 1.5, "float_not_allowed"),
    ],
)
def test_bad_line_inputs_raise(unit, quantity, code):
    with pytest.raises(BillingError) as error:
        price_line(unit, quantity, [])
    assert error.value.code == code


@pytest.mark.parametrize("percent", [Decimal(-1), Decimal("100.01"), 15.0, Decimal("NaN")])
def test_a_discount_is_a_decimal_from_0_to_100(percent):
    with pytest.raises(BillingError):
        Discount("x", percent)


@given(money, quantities, st.lists(discounts, max_size=4))
def test_net_is_never_negative_nor_above_gross(unit: Money, quantity: Decimal, offs):
    line = price_line(unit, quantity, offs)
    assert Money.zero(unit.currency) <= line.net <= line.gross
    before = line.gross
    for step in line.steps:
        assert step.after == before - step.amount
        assert step.amount == step.amount.quantize()
        before = step.after
    assert before == line.net


@given(money, quantities, st.lists(discounts, max_size=4))
def test_recompute_from_stored_inputs_gives_the_same_line(unit: Money, quantity: Decimal, offs):
    line = price_line(unit, quantity, offs)
    stored = Line(
        unit_price=Money.parse(str(unit.amount), unit.currency),
        quantity=Decimal(str(quantity)),
        discounts=tuple(Discount(d.label, Decimal(str(d.percent))) for d in offs),
        gross=line.gross,
        steps=line.steps,
        net=line.net,
    )
    assert stored.recompute() == line
    assert line.recompute() == line


@given(money, st.lists(discounts, max_size=4))
def test_discounts_compound_as_the_product_of_one_minus_p(unit: Money, offs):
    """Net = gross x Π(1 - p), up to half a minor unit of rounding per discount step."""
    line = price_line(unit, 1, offs)
    kept = reduce(lambda acc, d: acc * (1 - d.percent / 100), offs, Decimal(1))
    assert abs(line.net.amount - line.gross.amount * kept) <= Decimal("0.005") * len(offs)
