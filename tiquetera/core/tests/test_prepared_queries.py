"""`Prepared` reads and `insert_rows` (core/queries.py), compiled once per connection, read and
write what the ORM does: the same rows, the same fields converted, the same related objects —
on SQLite and PostgreSQL."""

import datetime as dt
import threading
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tiquetera.api.models import ApiToken
from tiquetera.api.tokens import _BY_DIGEST, digest_of, issue_token
from tiquetera.contracts.models import Contract
from tiquetera.contracts.services import start_contract
from tiquetera.contracts.services.consuming import contracts_in_force, ticket_source
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory
from tiquetera.core.queries import Prepared, PreparedIn, insert_rows
from tiquetera.directory.models import Contact
from tiquetera.testing.factories import (
    AgentFactory,
    CalendarFactory,
    ContactFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)  # a second thread reads too

TOKEN = _BY_DIGEST  # the API token's read, with its user, contact and organization
IN_FORCE = Prepared(
    lambda organization_id, day: (
        Contract.objects.filter(organization_id=organization_id, start__lte=day)
        .select_related("plan")
        .order_by("plan__tier_rank", "pk")
    ),
    int,
    dt.date,
)


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_a_read_with_its_related_rows_is_what_the_orm_reads():
    organization = OrganizationFactory()
    contact = ContactFactory(organization=organization, user=UserFactory())
    client_token = issue_token(contact.user, name="erp", actor=contact.user)[1]
    agent = AgentFactory()
    agent_token = issue_token(agent, name="ci", actor=agent)[1]

    for token in (client_token, agent_token, client_token):  # compiled once, run again
        digest = digest_of(token)
        with CaptureQueriesContext(connection) as captured:
            row = TOKEN.first(digest)
        assert len(captured) == 1
        orm = ApiToken.objects.select_related("user", "user__contact__organization").get(
            digest=digest
        )
        assert _fields(row) == _fields(orm) and _fields(row.user) == _fields(orm.user)
        assert row.expires_at == orm.expires_at and row._state.adding is False
        with CaptureQueriesContext(connection) as captured:  # the related rows came with it
            related = getattr(row.user, "contact", None)
            organization_read = related.organization if related is not None else None
        assert len(captured) == 0
        if token == client_token:
            assert _fields(related) == _fields(contact) and organization_read == organization
        else:
            assert related is None and not Contact.objects.filter(user=agent).exists()

    assert TOKEN.first(digest_of("tq_unknown")) is None


def test_dates_are_bound_as_the_orm_binds_them_and_rows_keep_its_order():
    silver = PlanFactory(key="plata", tier_rank=2)
    gold = PlanFactory(policy=silver.policy, key="oro", tier_rank=1)
    organization = OrganizationFactory(policy=silver.policy)
    start_contract(organization, silver, start=JULY_1, actor=None)
    start_contract(organization, gold, start=JULY_1 + dt.timedelta(days=10), actor=None)

    for day, plans in (
        (JULY_1 - dt.timedelta(days=1), []),
        (JULY_1, ["plata"]),
        (JULY_1 + dt.timedelta(days=10), ["oro", "plata"]),
    ):
        rows = IN_FORCE.all(organization.pk, day)
        assert [c.plan.key for c in rows] == plans
        orm = Contract.objects.filter(organization=organization, start__lte=day)
        assert [_fields(c) for c in rows] == [
            _fields(c) for c in orm.order_by("plan__tier_rank", "pk")
        ]
        assert [c.plan.key for c in contracts_in_force(organization, day)] == plans
    assert IN_FORCE.all(OrganizationFactory().pk, JULY_1) == []

    best = contracts_in_force(organization, JULY_1 + dt.timedelta(days=12))[0]
    source = ticket_source(best, JULY_1 + dt.timedelta(days=12))
    assert source.period.contract_id == best.pk
    assert sorted(source.counters) == sorted(c.priority for c in source.period.counters.all())


def test_each_thread_runs_the_read_on_its_own_connection():
    agent = AgentFactory()
    token = issue_token(agent, name="ci", actor=agent)[1]
    assert TOKEN.first(digest_of(token)).user == agent  # compiled on this thread's connection
    ours = connections[DEFAULT_DB_ALIAS]
    found = []

    def other() -> None:
        theirs = connections[DEFAULT_DB_ALIAS]
        try:
            found.append((TOKEN.first(digest_of(token)).user, theirs is not ours))
            assert TOKEN in theirs.__dict__["_tiquetera_prepared"]  # compiled there too
        finally:
            theirs.close()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert found == [(agent, True)]


def test_a_value_that_is_not_a_parameter_of_the_sql_is_refused():
    ignores_it = Prepared(lambda _digest: ApiToken.objects.filter(revoked_at__isnull=True), str)
    with pytest.raises(ValueError, match="not a parameter"):
        ignores_it.all("x")
    with pytest.raises(TypeError):
        Prepared(lambda flag: ApiToken.objects.filter(pk=flag), float).all(1.5)


def test_rows_inserted_in_one_statement_read_back_as_the_orm_wrote_them():
    from tiquetera.tickets.models import IntakeCheck
    from tiquetera.tickets.tests.factories import CaseFactory

    case = CaseFactory()
    at = timezone.now()
    fields = ["case", "position", "rule", "outcome", "code", "message", "checked_at"]
    rows = [
        (case.pk, 1, "scope", IntakeCheck.Outcome.PASS, "", "", at),
        (case.pk, 2, "hours", IntakeCheck.Outcome.PARK, "after_hours", "Fuera de horario ñ", at),
    ]
    with CaptureQueriesContext(connection) as captured:
        insert_rows(IntakeCheck, fields, rows)
        insert_rows(IntakeCheck, fields, [])  # nothing to write: no statement
    assert len(captured) == 1
    stored = list(IntakeCheck.objects.filter(case=case).order_by("position"))
    assert [(c.position, c.rule, c.outcome, c.code, c.message) for c in stored] == [
        (1, "scope", "pass", "", ""),
        (2, "hours", "park", "after_hours", "Fuera de horario ñ"),
    ]
    assert all(c.checked_at == at for c in stored)
    with pytest.raises(ValueError, match="values a row"):
        insert_rows(IntakeCheck, fields, [(case.pk, 3)])


def test_a_values_list_read_gives_its_values_converted():
    from tiquetera.policy.cache import _REVISION
    from tiquetera.policy.models import Policy
    from tiquetera.testing.factories import PolicyFactory

    policy = PolicyFactory()
    Policy.bump_revision(policy.pk)
    stored = Policy.objects.values_list("revision", flat=True).get(pk=policy.pk)
    assert _REVISION.first(policy.pk) == (stored,) and isinstance(stored, uuid.UUID)
    assert _REVISION.first(policy.pk + 1000) is None


# a value in two places of the SQL (the contracts in force on a day: started by it, not ended)
IN_FORCE_ON = PreparedIn(
    lambda day, *organizations: (
        Contract.objects.active_on(day)
        .filter(organization_id__in=organizations)
        .order_by("organization_id", "pk")
    ),
    dt.date,
)


def test_a_read_with_a_list_of_ids_is_the_orm_read_for_each_number_of_ids():
    silver = PlanFactory(key="plata", tier_rank=2)
    organizations = [OrganizationFactory(policy=silver.policy) for _ in range(3)]
    contracts = [start_contract(o, silver, start=JULY_1, actor=None) for o in organizations]
    Contract.objects.filter(pk=contracts[1].pk).update(end=JULY_1 + dt.timedelta(days=5))
    ids = [o.pk for o in organizations]

    for day in (JULY_1 - dt.timedelta(days=1), JULY_1, JULY_1 + dt.timedelta(days=5)):
        for chosen in (ids, ids[:2], ids[1:2], [ids[0], 10**9], ids[:2]):  # compiled once a size
            with CaptureQueriesContext(connection) as captured:
                rows = IN_FORCE_ON.all(day, ids=chosen)
            assert len(captured) == 1
            orm = Contract.objects.active_on(day).filter(organization_id__in=chosen)
            assert [_fields(c) for c in rows] == [
                _fields(c) for c in orm.order_by("organization_id", "pk")
            ]
    assert [c.organization_id for c in IN_FORCE_ON.all(JULY_1, ids=ids)] == ids
    assert [c.organization_id for c in IN_FORCE_ON.all(JULY_1 + dt.timedelta(days=5), ids=ids)] == [
        ids[0],
        ids[2],
    ]
    assert sorted(IN_FORCE_ON.by_count) == [1, 2, 3]
    with CaptureQueriesContext(connection) as captured:
        assert IN_FORCE_ON.all(JULY_1, ids=[]) == []  # no ids: no statement
    assert len(captured) == 0


def test_an_annotated_read_sets_its_annotations_as_the_orm_does():
    from tiquetera.contracts.selectors import _ALLOWANCE_ROWS, _allowance_rows

    plan = PlanFactory(key="plata", tier_rank=2, quotas={"P1": 6, "P2": 5})
    organization = OrganizationFactory(policy=plan.policy)
    contract = start_contract(organization, plan, start=JULY_1, actor=None)
    day = JULY_1 + dt.timedelta(days=3)
    ticket_source(contract, day)  # opens the period: a row per counter
    annotated = ["period_id", "period_total_cap", "counter_priority", "counter_used"]

    rows = _ALLOWANCE_ROWS.all(organization.pk, day, day, day, day)
    orm = list(_allowance_rows(organization.pk, day, day, day, day))
    assert len(rows) == len(orm) > 1
    assert [[getattr(r, name) for name in annotated] for r in rows] == [
        [getattr(r, name) for name in annotated] for r in orm
    ]
    assert rows[0].period_id is not None and rows[0].plan.key == "plata"
    before = JULY_1 - dt.timedelta(days=1)  # before the contract: no row
    assert _ALLOWANCE_ROWS.all(organization.pk, before, before, before, before) == []


def test_held_rows_are_written_together_in_one_statement_on_postgresql():
    from tiquetera.audit.models import AuditEvent
    from tiquetera.audit.services import Entry, record_many
    from tiquetera.core.queries import held_inserts, insert_models
    from tiquetera.sla.models import Clock, Metric
    from tiquetera.tickets.models import IntakeCheck
    from tiquetera.tickets.tests.factories import CaseFactory

    case = CaseFactory()
    at = timezone.now()
    calendar = CalendarFactory()

    def clock(case):  # its used minutes and override reason left to their defaults
        return Clock(
            case=case,
            metric=Metric.RESOLUTION,
            calendar=calendar,
            state=Clock.State.RUNNING,
            target_minutes=480,
            started_at=at,
        )

    ContentType.objects.get_for_model(case)  # the audit's read of it, made (and kept) now
    with CaptureQueriesContext(connection) as captured, transaction.atomic(), held_inserts():
        insert_models([clock(case)])  # its defaults filled as the ORM fills them
        fields = ["case", "position", "rule", "outcome", "code", "message", "checked_at"]
        insert_rows(IntakeCheck, fields, [(case.pk, 1, "scope", "pass", "", "", at)])
        record_many([Entry(None, "case.created", case, after={"at": at})], read_back=False)
        assert not _writes(captured)  # nothing written yet
    assert len(_writes(captured)) == (1 if connection.vendor == "postgresql" else 3)

    stored = Clock.objects.get(case=case)
    assert _fields(stored) | {"id": None} == _fields(clock(case)) | {"id": None}
    assert IntakeCheck.objects.get(case=case).rule == "scope"
    event = AuditEvent.objects.get(object_id=str(case.pk), verb="case.created")
    assert event.after == {"at": at.isoformat()}  # made JSON-safe as `record` makes it

    other = CaseFactory()
    with held_inserts():
        insert_models([clock(other)])
        assert other.clocks.exists()  # another statement: what is held is written first
    with pytest.raises(ZeroDivisionError), held_inserts():  # an error: nothing is written
        insert_models([clock(other)])
        1 / 0  # noqa: B018
    assert other.clocks.count() == 1


def _writes(captured):
    return [q["sql"] for q in captured.captured_queries if "INSERT" in q["sql"]]
