"""A case waiting for money opens once, however many answers arrive at once (seeds 000, 001):
threads, each on its own database connection, send purchase orders for one ISYS case, or accept
one CustomSoft quote — exactly one succeeds, the others are refused with the reason, one charge,
one opening. Runs on SQLite (a WAL file database) and PostgreSQL, as the consumption race does."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from tiquetera.audit.models import AuditEvent
from tiquetera.billing.models import Charge
from tiquetera.contracts.models import PurchaseOrder
from tiquetera.contracts.tests.factories import SignerFactory
from tiquetera.contracts.tests.test_consume_race import shared_database  # noqa: F401
from tiquetera.core.errors import DomainError
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.lifecycle import billable
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client, request

THREADS = 8


def at_once(work):
    """Run `work(n)` in THREADS threads released together; (successes, refusals, errors)."""
    barrier = threading.Barrier(THREADS)
    done, refused, errors = [], [], []

    def run(n):
        try:
            barrier.wait()
            done.append(work(n))
        except DomainError as error:
            refused.append(error.code)
        except Exception as error:  # counted: the test fails on any
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done, refused, errors


def opened(case):
    return AuditEvent.objects.filter(
        verb="case.status_changed", object_id=str(case.pk), after__status="open"
    ).count()


@pytest.mark.usefixtures("shared_database")
def test_purchase_orders_sent_at_once_open_the_case_once():
    organization, ana = client("isys", plan=None)
    signer = SignerFactory(organization=organization)
    agent = AgentFactory()  # recording the orders the client sent by email
    case = submit(request(ana, channel="email", case_type="soporte"))
    assert case.status == Case.Status.PENDING_PURCHASE_ORDER

    done, refused, errors = at_once(
        lambda n: billable.attach_purchase_order(
            case, number=f"OC-{n}", amount=Decimal("180000"), signer=signer, actor=agent
        )
    )

    assert errors == []
    assert (len(done), sorted(set(refused))) == (1, ["not_waiting"])
    assert PurchaseOrder.objects.count() == 1 and Charge.objects.count() == 1
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN and opened(case) == 1


@pytest.mark.usefixtures("shared_database")
def test_a_quote_accepted_at_once_is_billed_once():
    _org, ana = client(
        "customsoft",
        plan=None,
        email="ti@clinica.mx",
        country="MX",
        time_zone="America/Mexico_City",
    )
    case = submit(request(ana, case_type="incidente"))
    assert case.status == Case.Status.PENDING_ACCEPTANCE
    agent = AgentFactory()  # recording the client's answer, given by phone to several agents

    done, refused, errors = at_once(lambda n: billable.accept_price(case, actor=agent))

    assert errors == []
    assert (len(done), sorted(set(refused))) == (1, ["not_waiting"])
    assert Charge.objects.count() == 1
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN and opened(case) == 1
