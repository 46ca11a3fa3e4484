"""Readable case numbers: prefix, year and a counter per policy and year (TQ-2026-000123)."""

from django.db import IntegrityError, connection, transaction

from .models import DEFAULT_CASE_PREFIX, CaseNumberSequence


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:06d}"


def _commit_without_waiting_for_disk() -> None:
    """On PostgreSQL, when the reservation is a transaction of its own, its commit need not wait
    for the disk: the case's own commit, later, writes it to disk too, and a crash before that
    loses both, so a number is never given twice. (Inside a caller's transaction nothing
    changes: that transaction's commit must wait, as always.)"""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def next_number(policy_id: int, year: int, prefix: str = DEFAULT_CASE_PREFIX) -> str:
    """The next case number of the policy in `year`: 1 for the first case of each year.

    Called outside any transaction (as the pipeline does on PostgreSQL), it commits at once,
    like a database sequence: the counter row is locked for this statement only, so cases are
    taken in side by side, and a case that fails afterwards leaves a gap. Inside a transaction
    (the pipeline's on SQLite) the row stays locked until that transaction ends, and a rollback
    gives the number back. Correct under concurrency on PostgreSQL and SQLite.
    """
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # one statement, its own transaction: not BEGIN, SET LOCAL, UPDATE and COMMIT
        last = _increment(policy_id, year, wait_for_disk=False)
        if last is not None:
            return format_number(prefix, year, last)
    with transaction.atomic(savepoint=False):  # inside a caller's: nothing to undo apart
        _commit_without_waiting_for_disk()
        last = _increment(policy_id, year)
        if last is None:
            try:
                with transaction.atomic():  # a savepoint: a lost race leaves the outer block usable
                    CaseNumberSequence.objects.create(policy_id=policy_id, year=year, last=1)
                return format_number(prefix, year, 1)
            except IntegrityError:  # another transaction created the row first
                last = _increment(policy_id, year)
    assert last is not None
    return format_number(prefix, year, last)


# PostgreSQL: the statement's own transaction commits without waiting for the disk, as
# `_commit_without_waiting_for_disk` says why (set_config's local value lasts until that commit)
_WITHOUT_WAITING = "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS without_waiting"


def _increment(policy_id: int, year: int, *, wait_for_disk: bool = True) -> int | None:
    """The counter after adding one, in one statement (PostgreSQL and SQLite ≥ 3.35 both have
    UPDATE … RETURNING); None when the policy has no counter for `year` yet. `wait_for_disk`
    False: a statement run in autocommit on PostgreSQL commits without waiting for the disk."""
    quote = connection.ops.quote_name
    table, last = quote(CaseNumberSequence._meta.db_table), quote("last")
    lazily = "" if wait_for_disk else f" {_WITHOUT_WAITING}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + 1{lazily} WHERE {quote('policy_id')} = %s "
            f"AND {quote('year')} = %s RETURNING {table}.{last}",
            [policy_id, year],
        )
        row = cursor.fetchone()
    return int(row[0]) if row is not None else None
