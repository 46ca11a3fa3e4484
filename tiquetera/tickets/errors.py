"""Refusals of the tickets app: a code for programs and a translated message."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiquetera.core.errors import DomainError

MESSAGES: dict[str, Promise] = {
    "illegal_transition": _("A case cannot go from “%(source)s” to “%(target)s”."),
    "unknown_status": _("“%(value)s” is not a case status."),
}


class TicketsError(DomainError):
    """A change the tickets app refuses: `code` says why."""

    messages = MESSAGES
