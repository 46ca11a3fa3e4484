"""One month of a Sisnova WEB client, for the statement tests: two covered cases (P1, P2), two
extra tickets (one credited back), an on-site visit, and a case of August that stays out."""

import datetime as dt

from tiquetera.billing.services import charge_consumption, credit_charge_of
from tiquetera.billing.tests.factories import sisnova_web_client
from tiquetera.contracts.services import consume, credit_back
from tiquetera.contracts.tests.factories import JULY_1, at
from tiquetera.directory.models import Organization


def july_of_a_web_client() -> Organization:
    organization = sisnova_web_client(total_cap=2)
    consume(organization, "P1", reference="C-1", at=at(JULY_1))
    consume(organization, "P2", reference="C-2", at=at(JULY_1, 11))
    for n in (3, 4):
        result = consume(organization, "P1", reference=f"C-{n}", at=at(dt.date(2026, 7, 10)))
        charge_consumption(result.consumption)
    duplicate = consume(organization, "P1", reference="C-5", at=at(dt.date(2026, 7, 12)))
    charge_consumption(duplicate.consumption)
    credit_back(duplicate.consumption, reason="duplicate")
    credit_charge_of(duplicate.consumption)
    august = consume(organization, "P1", reference="C-6", at=at(dt.date(2026, 8, 3)))
    charge_consumption(august.consumption)
    return organization
