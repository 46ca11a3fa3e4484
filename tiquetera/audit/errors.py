"""Refusals of the audit log: a code for programs and a translated message."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "append_only": _("Audit events are append-only: they are never changed or deleted."),
    "outside_transaction": _(
        "An audit event is recorded inside the transaction of the change it describes."
    ),
    "bad_verb": _("“%(value)s” is not an audit verb such as contract.started."),
}


class AuditError(Exception):
    """A write the audit log refuses: `code` says why."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        """The message in the active language."""
        return str(MESSAGES[self.code]) % self.params
