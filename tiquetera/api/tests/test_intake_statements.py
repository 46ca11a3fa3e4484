"""What one case taken in through the REST API costs in statements (issue 18): the token's read
is one statement compiled once (`core.queries.Prepared`), as are the contracts in force and the
quota period's reads, and the nine intake checks are one INSERT (`insert_rows`). Counted on a
client's second incidencia (the first opens the period and touches the token)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tiquetera.api.tokens import issue_token
from tiquetera.testing.factories import AgentProfileFactory, UserFactory
from tiquetera.tickets.models import Case, IntakeCheck
from tiquetera.tickets.tests.intake_world import client
from tiquetera.tickets.tests.test_intake_write_lock import DONE

pytestmark = pytest.mark.django_db

CASE = {
    "subject": "La nómina no liquida las horas extra",
    "description": "Desde el lunes la liquidación omite las horas extra nocturnas.",
    "case_type": "incidencia",
    "fields": {"application": "JQ Nómina", "module": "Liquidación"},
    "prerequisites_done": DONE,
    "channel_justification": "Nuestro ERP abre los casos",
}
# reads and writes (not SAVEPOINT/RELEASE, which the test's own transaction turns BEGIN into)
# SELECT: the token, the policy's revision, the contracts in force, the quota period, its counters;
# INSERT: raw payload, consumption, case, clocks, intake checks, audit, thread, outbox — on
# PostgreSQL the last five in one statement (WITH …, `core.queries.held_inserts`);
# UPDATE: the case number, the ticket
EXPECTED = {
    "sqlite": {"SELECT": 5, "INSERT": 8, "UPDATE": 2, "WITH": 0},
    "postgresql": {"SELECT": 5, "INSERT": 3, "UPDATE": 2, "WITH": 1},
}


def test_an_api_intake_reads_and_writes_a_known_number_of_statements():
    _org, usr = client("jq-systems", plan="suscripcion-1")
    usr.user = UserFactory()
    usr.save()
    AgentProfileFactory(skills=["Liquidación"])
    token = issue_token(usr.user, name="ERP", actor=usr.user)[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.post("/api/v1/cases", CASE, content_type="application/json").status_code == 201

    with CaptureQueriesContext(connection) as captured:
        answer = api.post("/api/v1/cases", CASE, content_type="application/json")

    assert answer.status_code == 201, answer.content
    case = Case.objects.get(number=answer.json()["number"])
    assert case.status == Case.Status.OPEN and case.consumption.outcome == "covered"
    statements = [q["sql"].lstrip() for q in captured.captured_queries]
    kinds = {
        kind: sum(1 for sql in statements if sql.upper().startswith(kind))
        for kind in ("SELECT", "INSERT", "UPDATE", "WITH")
    }
    assert kinds == EXPECTED[connection.vendor], statements
    token_reads = [sql for sql in statements if 'FROM "api_apitoken"' in sql]
    assert len(token_reads) == 1  # with its user, contact and organization
    checks = [sql for sql in statements if 'INSERT INTO "tickets_intakecheck"' in sql]
    assert (
        len(checks) == 1
        and case.intake_checks.count() == IntakeCheck.objects.filter(case=case).count() > 1
    )
