"""Refusals of the billing app: a code for programs, a translated message for people."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiquetera.core.errors import DomainError

MESSAGES: dict[str, Promise] = {
    "not_an_agent": _("Only an agent may record billable work."),
    "no_active_contract": _("%(organization)s has no contract in force on %(day)s."),
    "no_hourly_rate": _("No contract of %(organization)s in force on %(day)s has an hourly rate."),
    "no_per_event_price": _("The plan “%(plan)s” has no price for a per-event service."),
    "no_onsite_price": _(
        "The on-site visit quota of the plan “%(plan)s” is used up and the plan has no "
        "per-event price to charge the visit at."
    ),
    "bad_minutes": _("Minutes worked must be a whole number above zero, not %(value)s."),
    "bad_month": _("“%(value)s” is not a month like 2026-07."),
}


class BillingRefused(DomainError):
    """A request the billing app refuses: `code` says why; `message` is in the active language."""

    messages = MESSAGES
