"""The intake holds the database's write lock only for its writes (issue 18): on SQLite the
case's transaction (BEGIN IMMEDIATE) stops every other writer, so what only reads or computes
— the rules, the assignee, the clocks, the requester's email — is worked out before it, and the
outbox row is still written inside it, with the case (docs/cases.md)."""

import re

import pytest
from django.db import connection
from django.test.signals import template_rendered

from tiquetera.contracts.models import EntitlementPeriod
from tiquetera.notifications.models import Notification
from tiquetera.testing.factories import AgentProfileFactory
from tiquetera.tickets.intake.pipeline import PENDING_NUMBER, submit
from tiquetera.tickets.models import Case

from .intake_world import client, request

pytestmark = pytest.mark.django_db
WRITES = re.compile(r'(?:INSERT INTO|UPDATE) "(\w+)"')  # the tables a statement writes

DONE = [
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
]


def incidencia(contact):
    return request(
        contact,
        case_type="incidencia",
        fields={"application": "JQ Nómina", "module": "Liquidación"},
        prerequisites_done=DONE,
    )


@pytest.fixture
def renders():
    """The depth of open transactions at each template the intake renders."""
    depths: list[tuple[str, int]] = []

    def note(sender, template, context, **kwargs):
        depths.append((template.name, len(connection.atomic_blocks)))

    template_rendered.connect(note)
    yield depths
    template_rendered.disconnect(note)


def test_the_requester_email_is_rendered_before_the_case_transaction(renders):
    _org, usr = client("jq-systems", plan="suscripcion-1")
    AgentProfileFactory(skills=["Liquidación"])
    outside = len(connection.atomic_blocks)  # the test's own transaction

    case = submit(incidencia(usr))

    assert case.status == Case.Status.OPEN
    names = {name for name, _depth in renders}
    assert "notifications/case_received/body.txt" in names
    assert {depth for _name, depth in renders} == {outside}, renders
    mail = Notification.objects.get(kind="case_received")
    assert mail.to == usr.email
    assert case.number in mail.subject and case.number in mail.text_body
    assert f"/portal/cases/{case.number}/" in mail.html_body
    assert PENDING_NUMBER not in mail.subject + mail.text_body + mail.html_body
    if case.assignee is not None:  # an agent on shift took it: the email names them
        assert str(case.assignee.agent) in mail.text_body


def test_a_case_that_turns_out_billable_gets_no_prepared_opening(renders):
    """Its ticket cannot be taken (the plan's quota is spent): the opening worked out before the
    transaction (an assignee, a deadline, a "received" email) is dropped, as if never made."""
    org, usr = client("jq-systems", plan="suscripcion-1")
    AgentProfileFactory(skills=["Liquidación"])
    submit(incidencia(usr))  # opens the period
    EntitlementPeriod.objects.filter(contract__organization=org).update(total_cap=1)

    case = submit(incidencia(usr))

    assert (case.status, case.intake_reason) == (Case.Status.REJECTED, "quota_exhausted")
    assert (case.team, case.assignee, case.sla_due_at, case.sla_warn_at) == (None,) * 4
    assert not case.clocks.exists()
    assert Notification.objects.filter(kind="case_received").count() == 1  # the first case's


@pytest.fixture
def inside():
    """Each statement run inside a transaction the intake opened (deeper than the test's own),
    with the depth it ran at."""
    statements: list[str] = []
    outside = len(connection.atomic_blocks)

    def note(execute, sql, params, many, context):
        if len(connection.atomic_blocks) > outside:
            statements.append(sql.lstrip())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        yield statements


def test_inside_the_case_transaction_only_writes_one_statement_a_table(inside):
    """The ticket's period and counters are read before the transaction, the ticket is taken by
    an UPDATE that returns the new count, and the new case's first email is threaded without
    reading its thread: inside, the ticket's UPDATE and one INSERT a table, nothing read."""
    org, usr = client("jq-systems", plan="suscripcion-1")
    AgentProfileFactory(skills=["Liquidación"])
    submit(incidencia(usr))  # opens the period (a write of its own, before the transaction)
    inside.clear()

    case = submit(incidencia(usr))

    assert case.status == Case.Status.OPEN and case.consumption.outcome == "covered"
    in_case = [sql for sql in inside if not sql.startswith(("SAVEPOINT", "RELEASE"))]
    reads = [sql for sql in in_case if sql.upper().startswith("SELECT")]
    assert reads == [], reads
    writing = [sql for sql in in_case if sql.upper().startswith(("INSERT", "UPDATE", "WITH"))]
    written = [table for sql in writing for table in WRITES.findall(sql)]
    assert sorted(written) == sorted(set(written)), written  # one INSERT a table
    assert {"tickets_case", "contracts_consumption", "contracts_entitlementperiod"} <= set(written)
    assert "tickets_intakecheck" in written  # the nine checks: one INSERT (`insert_rows`)
    assert "notifications_notification" in written and "notifications_threadmessage" in written
    if connection.vendor == "postgresql":  # what nothing reads back: one statement
        [held] = [sql for sql in writing if sql.startswith("WITH")]
        assert set(WRITES.findall(held)) == {
            "sla_clock",
            "tickets_intakecheck",
            "audit_auditevent",
            "notifications_threadmessage",
            "notifications_notification",
        }
    period = EntitlementPeriod.objects.get(contract__organization=org)
    assert period.total_used == 2  # both tickets counted, by the conditional UPDATE
    mail = Notification.objects.get(kind="case_received", text_body__contains=case.number)
    assert "In-Reply-To" not in mail.headers  # the thread's first email
