"""A search looks inside case numbers only for what can be part of one: a NIT or an email would
make PostgreSQL walk every number to find none (370 ms at a million cases, bench_search)."""

import pytest

from tiquetera.tickets.search import conditions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["JQ-2026-001234", "2026-0012", "001234", "jq-2026"])
def test_a_piece_of_a_case_number_is_looked_for_in_the_numbers(text):
    assert any("number LIKE" in str(c.sql) for c in conditions(text, notes=True))


@pytest.mark.parametrize("text", ["900123456-8", "900.123.456", "carlos.1@cliente.co", "E-501"])
def test_a_nit_an_email_or_an_error_code_is_not(text):
    assert not any("number LIKE" in str(c.sql) for c in conditions(text, notes=True))
