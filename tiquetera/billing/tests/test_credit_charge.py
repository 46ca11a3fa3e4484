"""A case credited back (invalid, out of scope, duplicate) is taken off the bill, once."""

import pytest

from tiquetera.billing.selectors import monthly_statement
from tiquetera.billing.services import charge_consumption, credit_charge, credit_charge_of
from tiquetera.billing.tests.factories import sisnova_web_client
from tiquetera.contracts.services import consume, credit_back
from tiquetera.contracts.tests.factories import JULY_1, at

pytestmark = pytest.mark.django_db


def test_crediting_a_consumption_back_credits_its_charge_once():
    organization = sisnova_web_client(total_cap=0)
    result = consume(organization, "P1", reference="C-1", at=at(JULY_1))
    charge = result.consumption.charge  # consume put the extra ticket on the ledger
    assert charge_consumption(result.consumption) == charge  # idempotent

    assert credit_back(result.consumption, reason="duplicate")  # credits the charge too
    assert credit_charge_of(result.consumption) is False
    assert credit_charge(charge) is False

    charge.refresh_from_db()
    assert charge.credited
    statement = monthly_statement(organization, 2026, 7, today=JULY_1)
    assert statement.charges == []
    assert [c.charge for c in statement.credited] == [charge]
    assert statement.totals == []


def test_a_credited_consumption_is_not_charged_again():
    organization = sisnova_web_client(total_cap=0)
    result = consume(organization, "P1", reference="C-1", at=at(JULY_1))
    credit_back(result.consumption, reason="invalid")
    assert result.consumption.charge.credited
    assert charge_consumption(result.consumption).credited
