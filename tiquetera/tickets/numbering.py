"""Readable case numbers: prefix, year and a counter per policy and year (TQ-2026-000123)."""

from django.db import IntegrityError, transaction
from django.db.models import F

from tiquetera.policy.models import Policy

from .models import DEFAULT_CASE_PREFIX, CaseNumberSequence


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:06d}"


def next_number(policy: Policy, year: int, prefix: str = DEFAULT_CASE_PREFIX) -> str:
    """The next case number of `policy` in `year`: 1 for the first case of each year.

    Call it inside the transaction that creates the case: the counter row stays locked until
    that transaction ends (so numbers are given out one at a time per policy), and a case that
    rolls back gives its number back. Correct under concurrency on PostgreSQL and SQLite.
    """
    with transaction.atomic():
        sequences = CaseNumberSequence.objects.filter(policy=policy, year=year)
        if not sequences.update(last=F("last") + 1):
            try:
                with transaction.atomic():  # a savepoint: a lost race leaves the outer block usable
                    CaseNumberSequence.objects.create(policy=policy, year=year, last=1)
                return format_number(prefix, year, 1)
            except IntegrityError:  # another transaction created the row first
                sequences.update(last=F("last") + 1)
        last = sequences.values_list("last", flat=True).get()
    return format_number(prefix, year, last)
