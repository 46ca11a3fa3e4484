"""Read paths of the portal's plan page: the organization's contracts, what is left of each
plan in force, and its monthly statements (billing's, for this month and the previous one)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tiquetera.billing.models import Quote
from tiquetera.billing.selectors import Statement, monthly_statement, quotes_of
from tiquetera.contracts.models import Contract
from tiquetera.contracts.periods import local_date
from tiquetera.contracts.selectors import contracts_of
from tiquetera.directory.models import Contact

from .selectors import PlanAllowance, plan_allowance, sees_all_cases


@dataclass(frozen=True)
class PlanPage:
    allowance: list[PlanAllowance]
    contracts: list[Contract]
    statements: list[Statement]  # this month's first; empty for who may not see the bills
    quotes: list[Quote]  # the latest quotes, proposed ones to accept or decline; same audience


def plan_page(contact: Contact, *, viewer: Any, at: dt.datetime | None = None) -> PlanPage:
    """What `contact` sees of the organization's plans: every contract (newest first, as
    contracts' `contracts_of` lets `viewer` see them), what is left this period of those in
    force, and — for the organization's USR or a contact who may verify cases, who answer for
    it — the statements of this month and the previous one (billing's `monthly_statement`) and
    the latest quotes (billing's `quotes_of`), which they may accept or decline."""
    at = at or timezone.now()
    organization = contact.organization
    statements: list[Statement] = []
    quotes: list[Quote] = []
    if sees_all_cases(contact):
        quotes = list(quotes_of(organization, viewer=viewer)[:20])
        today = local_date(at, organization.time_zone)
        previous = today.replace(day=1) - dt.timedelta(days=1)
        statements = [
            monthly_statement(organization, day.year, day.month, today=today)
            for day in (today, previous)
        ]
    return PlanPage(
        allowance=plan_allowance(organization, at),
        contracts=list(contracts_of(organization, viewer)),
        statements=statements,
        quotes=quotes,
    )
