"""A case's statuses and the transitions between them, in one table.

`TRANSITIONS[a]` is the set of statuses a case in status `a` may move to; anything not listed is
refused by `services.change_status`. A status with no way out (closed, invalid, rejected,
referred) is final.
"""

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("new")
    PENDING_VERIFICATION = "pending_verification", _("pending verification")
    PENDING_INFORMATION = "pending_information", _("pending information")
    PENDING_CONSENT = "pending_consent", _("pending consent")
    PENDING_PURCHASE_ORDER = "pending_purchase_order", _("pending purchase order")
    PENDING_ACCEPTANCE = "pending_acceptance", _("pending the client's acceptance of a price")
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    WAITING_ON_CLIENT = "waiting_on_client", _("waiting on client")
    ESCALATED_RD = "escalated_rd", _("escalated to R&D")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")
    INVALID = "invalid", _("invalid")
    REJECTED = "rejected", _("rejected")
    REFERRED = "referred", _("referred")


S = Status
PENDING = frozenset(
    {
        S.PENDING_VERIFICATION,
        S.PENDING_INFORMATION,
        S.PENDING_CONSENT,
        S.PENDING_PURCHASE_ORDER,
        S.PENDING_ACCEPTANCE,
    }
)
# Leaving intake: a parked case is let in, turned away, or closed when the client never answers.
_FROM_PENDING = frozenset({S.OPEN, S.INVALID, S.REJECTED, S.REFERRED, S.CLOSED})

TRANSITIONS: dict[Status, frozenset[Status]] = {
    # intake: let in, park (verification, information, consent, purchase order, a price to
    # accept) or turn away;
    # closed: a policy that closes cases lacking information rather than parking them
    S.NEW: PENDING | {S.OPEN, S.INVALID, S.REJECTED, S.REFERRED, S.CLOSED},
    # a parked case may be parked again for the next intake rule (verified, now needs a PO)
    **{pending: _FROM_PENDING | (PENDING - {pending}) for pending in PENDING},
    # closed straight from open or in progress: merged into another case as its duplicate
    S.OPEN: frozenset(
        {S.IN_PROGRESS, S.WAITING_ON_CLIENT, S.ESCALATED_RD, S.RESOLVED, S.REFERRED, S.CLOSED}
    ),
    S.IN_PROGRESS: frozenset(
        {S.WAITING_ON_CLIENT, S.ESCALATED_RD, S.RESOLVED, S.REFERRED, S.CLOSED}
    ),
    # the client answered, the answer solved it, or auto-close after the client's silence
    S.WAITING_ON_CLIENT: frozenset({S.IN_PROGRESS, S.RESOLVED, S.CLOSED}),
    S.ESCALATED_RD: frozenset({S.IN_PROGRESS, S.RESOLVED}),
    # confirmed (or auto-closed), or reopened
    S.RESOLVED: frozenset({S.CLOSED, S.IN_PROGRESS}),
    S.CLOSED: frozenset(),
    S.INVALID: frozenset(),
    S.REJECTED: frozenset(),
    S.REFERRED: frozenset(),
}

# An accepted case an agent finds out of scope afterwards (issue 16, seeds 002 and 004): refused,
# or waiting for the client's consent to a referral. Only `lifecycle.scope.mark_out_of_scope`
# makes these moves, since it also credits back the ticket: the status form and the API's
# transitions keep to TRANSITIONS.
OUT_OF_SCOPE_MOVES: dict[Status, frozenset[Status]] = {
    source: frozenset({S.REJECTED, S.PENDING_CONSENT})
    for source in (S.OPEN, S.IN_PROGRESS, S.WAITING_ON_CLIENT)
}

# What the agents' queue lists: cases someone has to act on.
QUEUE_STATUSES = ("new", "open", "in_progress", "escalated_rd")

FINAL = frozenset(status for status, targets in TRANSITIONS.items() if not targets)

# Cases still to be finished: neither resolved nor final (parked ones included) — what the
# dashboards count as open; a partial index has exactly this condition.
UNFINISHED = tuple(sorted(s.value for s in Status if s not in FINAL and s != Status.RESOLVED))


def allowed(source: str, target: str) -> bool:
    """Whether a case in status `source` may move to `target`."""
    return Status(target) in TRANSITIONS[Status(source)]


class StatusIn(models.Expression):
    """`status IN ('new', 'open', …)` with the statuses written into the SQL, not bound: SQLite
    uses a partial index only when the query's WHERE holds the index's condition term for term
    (the queue's `case_queue_order`, `case_waiting_order` and `case_tab_counts`, the
    dashboard's `case_open_age`…), and a bound parameter never matches it;
    PostgreSQL, whose prepared statements are planned once for any parameters, matches it
    either way. The statuses are our own constants (checked to be plain words), never user
    input."""

    output_field = models.BooleanField()

    def __init__(self, statuses: Sequence[str]) -> None:
        super().__init__()
        assert statuses and all(status.isidentifier() for status in statuses)
        self.statuses = tuple(str(status) for status in statuses)
        self.column: Any = models.F("status")

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.column)
        values = ", ".join(f"'{status}'" for status in self.statuses)
        if len(self.statuses) == 1:
            return f"{column} = {values}", tuple(params)
        return f"{column} IN ({values})", tuple(params)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        # Without ANALYZE's statistics SQLite guesses an IN on an indexed column picks few rows
        # and reads them by the (status, created_at) index, then sorts them all; saying the
        # condition holds for most rows makes it walk `case_queue_order` in order instead.
        sql, params = self.as_sql(compiler, connection)
        return f"likelihood({sql}, 0.9)", params
