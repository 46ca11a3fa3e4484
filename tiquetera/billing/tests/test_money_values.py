"""Money values: one currency per operation, no floats, canonical parsing, ROUND_HALF_UP."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiquetera.billing.money import MINOR_UNITS, BillingError, Money

currencies = st.sampled_from(sorted(MINOR_UNITS))
# Up to a trillion with cents: far beyond any invoice, well inside Decimal's 28 digits.
amounts = st.decimals(min_value=0, max_value=10**12, places=2)
signed_amounts = st.decimals(min_value=-(10**12), max_value=10**12, places=6)


def money(amount: st.SearchStrategy[Decimal] = amounts) -> st.SearchStrategy[Money]:
    return st.builds(Money, amount=amount, currency=currencies)


def cop(text: str) -> Money:
    return Money(Decimal(text), "COP")


def test_same_currency_adds_subtracts_and_compares():
    assert cop("10.50") + cop("0.25") == cop("10.75")
    assert cop("10.50") - cop("0.25") == cop("10.25")
    assert -cop("1") == cop("-1")
    assert cop("1") < cop("2") <= cop("2") and cop("3") > cop("2") >= cop("2")
    assert sum([cop("1"), cop("2")], Money.zero("COP")) == cop("3")


@pytest.mark.parametrize(
    "combine",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a < b,
        lambda a, b: a >= b,
    ],
)
def test_currency_mismatch_raises(combine):
    with pytest.raises(BillingError) as error:
        combine(cop("1"), Money(Decimal(1), "MXN"))
    assert error.value.code == "currency_mismatch"


@given(money(), money())
def test_currency_mismatch_raises_for_any_amounts(a: Money, b: Money):
    if a.currency == b.currency:
        assert (a + b).currency == a.currency
    else:
        with pytest.raises(BillingError, match="cannot combine"):
            a + b


def test_money_equality_ignores_trailing_zeros_but_not_currency():
    assert cop("1.0") == cop("1.00")
    assert hash(cop("1.0")) == hash(cop("1.00"))
    assert cop("1") != Money(Decimal(1), "USD")


def test_multiplies_by_decimal_and_int_on_either_side():
    assert cop("10.00") * Decimal("1.5") == cop("15")
    assert 3 * cop("10.00") == cop("30")


@given(money(), st.floats(allow_nan=False))
def test_floats_are_rejected_everywhere(price: Money, factor: float):
    with pytest.raises(BillingError) as error:
        price * factor  # type: ignore[operator]
    assert error.value.code == "float_not_allowed"
    with pytest.raises(BillingError, match="not a float"):
        Money(factor, price.currency)  # type: ignore[arg-type]


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity"), "12", True])
def test_amount_must_be_a_finite_decimal(amount):
    with pytest.raises(BillingError) as error:
        Money(amount, "COP")
    assert error.value.code == "not_a_decimal"


def test_int_amounts_become_decimals():
    assert Money(5, "USD").amount == Decimal(5)  # type: ignore[arg-type]
    assert isinstance(Money(5, "USD").amount, Decimal)  # type: ignore[arg-type]


@pytest.mark.parametrize("currency", ["EUR", "cop", "", "PESOS"])
def test_unknown_currency_raises(currency):
    with pytest.raises(BillingError) as error:
        Money(Decimal(1), currency)
    assert error.value.code == "unknown_currency"


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        ("0.005", "0.01"),
        ("0.004999", "0.00"),
        ("2.675", "2.68"),  # the float-famous case: exact in Decimal, rounds up
        ("-0.005", "-0.01"),  # half away from zero on credits too
        ("1234567.895", "1234567.90"),
    ],
)
def test_quantize_rounds_half_up_to_the_minor_unit(amount, rounded):
    assert cop(amount).quantize().amount.as_tuple() == Decimal(rounded).as_tuple()


@given(money(signed_amounts))
def test_rounding_is_idempotent(value: Money):
    once = value.quantize()
    assert once.quantize() == once
    assert abs(once.amount - value.amount) <= Decimal("0.005")


def test_str_shows_the_rounded_amount_and_currency():
    assert str(cop("1234567.8")) == "1234567.80 COP"
    assert str(Money(Decimal("-3.005"), "PAB")) == "-3.01 PAB"
    assert str(cop("-0.001")) == "0.00 COP"


@given(money(signed_amounts))
def test_str_parses_back_to_the_rounded_amount(value: Money):
    text, currency = str(value).split(" ")
    assert Money.parse(text, currency) == value.quantize()


@pytest.mark.parametrize("text", ["1234567.89", "0", "-12.5", "007.10"])
def test_parse_accepts_canonical_amounts(text):
    assert Money.parse(text, "COP").amount == Decimal(text)


@pytest.mark.parametrize(
    "text",
    [
        "1.234.567,89",  # Colombian/Spanish display format: refused, not guessed
        "1,234,567.89",
        "1234567,89",
        "1.234",  # more digits than COP's minor unit: likely a thousands separator
        "1e3",
        "١٢",  # non-ASCII digits
        "+5",
        " 5",
        "$5",
        "5.",
        ".5",
        "NaN",
        "",
    ],
)
def test_parse_refuses_anything_but_canonical(text):
    with pytest.raises(BillingError) as error:
        Money.parse(text, "COP")
    assert error.value.code == "bad_amount"


def test_parse_names_an_unknown_currency_first():
    with pytest.raises(BillingError) as error:
        Money.parse("1.234", "EUR")
    assert error.value.code == "unknown_currency"


@given(currencies)
def test_zero_is_neutral(currency: str):
    assert Money.zero(currency) + Money(Decimal("7.25"), currency) == Money(
        Decimal("7.25"), currency
    )
