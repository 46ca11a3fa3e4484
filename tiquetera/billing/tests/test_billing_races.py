"""Two workers never bill twice: the daily plan-fee task run by several workers at once makes one
fee per contract and period (the unique constraint), and a quote accepted by several clicks at
once is billed once (its row is locked). Threads on their own connections, on whichever database
the suite runs on (the shared-database fixture of contracts' race test)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from tiquetera.billing.fees import bill_plan_fees
from tiquetera.billing.models import Charge, ExtraService, Quote
from tiquetera.billing.quotes import accept_quote, quote_extra_service
from tiquetera.contracts.services import start_contract
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory
from tiquetera.contracts.tests.test_consume_race import shared_database  # noqa: F401 (fixture)
from tiquetera.testing.factories import AgentFactory, OrganizationFactory

THREADS = 8


def at_once(work):
    barrier = threading.Barrier(THREADS)
    errors = []

    def run():
        try:
            barrier.wait()
            work()
        except Exception as error:  # every failure counts, whatever it is
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_workers_billing_fees_at_once_make_one_fee_per_contract(shared_database):  # noqa: F811
    for _ in range(3):
        plan = PlanFactory(price=Decimal("100.00"), currency="USD")
        start_contract(OrganizationFactory(policy=plan.policy), plan, start=JULY_1, actor=None)

    errors = at_once(lambda: bill_plan_fees(JULY_1))

    assert errors == []
    assert Charge.objects.filter(kind=Charge.Kind.PLAN_FEE).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_quote_accepted_by_several_clicks_at_once_is_billed_once(shared_database):  # noqa: F811
    plan = PlanFactory(extra_services_discount=Decimal("15"))
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, actor=None)
    ExtraService.objects.create(
        policy=plan.policy, key="dev", name="Desarrollo", price=Decimal("850.00"), currency="MXN"
    )
    agent = AgentFactory()
    quote = quote_extra_service(organization, "dev", 2, actor=agent)

    errors = at_once(lambda: accept_quote(Quote.objects.get(pk=quote.pk), actor=agent))

    assert errors == []
    assert Charge.objects.filter(quote=quote).count() == 1
