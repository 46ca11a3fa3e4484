"""Refusals of the audit log: a code for programs and a translated message."""

from django.utils.translation import gettext_lazy as _

from tiquetera.core.errors import DomainError

MESSAGES = {
    "append_only": _("Audit events are append-only: they are never changed or deleted."),
    "outside_transaction": _(
        "An audit event is recorded inside the transaction of the change it describes."
    ),
    "bad_verb": _("“%(value)s” is not an audit verb such as contract.started."),
}


class AuditError(DomainError):
    """A write the audit log refuses: `code` says why."""

    messages = MESSAGES
