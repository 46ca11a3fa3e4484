"""Period arithmetic: months counted from the contract's start day, clamped to short months."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiquetera.contracts.periods import add_months, local_date, period_containing

D = dt.date


def test_calendar_months_for_a_contract_starting_on_the_first():
    assert period_containing(D(2026, 7, 1), 1, D(2026, 7, 31)) == (D(2026, 7, 1), D(2026, 8, 1))
    assert period_containing(D(2026, 7, 1), 1, D(2026, 8, 1)) == (D(2026, 8, 1), D(2026, 9, 1))


def test_a_start_on_the_31st_is_clamped_without_drifting():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert period_containing(D(2026, 1, 31), 1, D(2026, 3, 15)) == (D(2026, 2, 28), D(2026, 3, 31))


def test_annual_periods():
    assert period_containing(D(2026, 7, 1), 12, D(2027, 6, 30)) == (D(2026, 7, 1), D(2027, 7, 1))


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        local_date(dt.datetime(2026, 7, 1, 10), "America/Bogota")


@given(
    anchor=st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 1, 1)),
    offset=st.integers(min_value=0, max_value=3000),
    months=st.sampled_from([1, 12]),
)
def test_the_period_holds_the_day_and_touches_its_neighbours(anchor, offset, months):
    day = anchor + dt.timedelta(days=offset)
    starts, ends = period_containing(anchor, months, day)
    assert starts <= day < ends
    if starts > anchor:
        assert period_containing(anchor, months, starts - dt.timedelta(days=1))[1] == starts
    assert period_containing(anchor, months, ends)[0] == ends
