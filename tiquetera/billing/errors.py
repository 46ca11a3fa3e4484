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
        "on-site visit price to charge the visit at."
    ),
    "onsite_local_only": _(
        "The plan “%(plan)s” includes on-site visits for local clients only: quote the visit "
        "to this client out of town by its total time."
    ),
    "no_travel_expenses": _("The plan “%(plan)s” has no travel expenses to charge."),
    "unknown_service": _("There is no extra service “%(service)s” in the policy's catalogue."),
    "bad_quantity": _("The quantity must be a number above zero, not %(value)s."),
    "bad_amount": _("The amount must be a number above zero, not %(value)s."),
    "no_currency": _("The policy has no plan to take the currency from."),
    "not_allowed": _("You may not decide on this quote."),
    "quote_declined": _("The quote “%(quote)s” was declined: it cannot be accepted."),
    "bad_minutes": _("Minutes worked must be a whole number above zero, not %(value)s."),
    "bad_month": _("“%(value)s” is not a month like 2026-07."),
}


class BillingRefused(DomainError):
    """A request the billing app refuses: `code` says why; `message` is in the active language."""

    messages = MESSAGES
