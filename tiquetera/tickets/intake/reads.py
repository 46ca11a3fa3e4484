"""What deciding an intake reads besides the request and the policy's catalogue: the calendars
(the hours rule), the principals present (the requester rule), the plans (per-event terms), the
contracts in force and their quota periods, and who is given the case. Live intakes read the
database (`DATABASE`); the policy simulator's replay reads the same facts preloaded for its
window (`policy.simulation.intake`), so both run the one set of rules (`deciding`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tiquetera.calendars.models import Calendar
from tiquetera.contracts.models import Contract, Plan
from tiquetera.directory.models import Agent, Contact, Organization, Team

if TYPE_CHECKING:
    from tiquetera.contracts.services.consuming import TicketSource
    from tiquetera.sla.rota import Plan as Rota

    from ..models import Case


class Reads:
    """The database: what live intakes read."""

    def calendar(self, policy_id: int, key: str) -> Calendar | None:
        """The policy's calendar `key`, or its default one for "" ."""
        calendars = Calendar.objects.filter(policy_id=policy_id)
        if key:
            return calendars.filter(key=key).first()
        return calendars.filter(is_default=True).order_by("pk").first()

    def principal_present(
        self, organization: Organization, roles: Sequence[str], today: dt.date
    ) -> Contact | None:
        """The first of the organization's contacts with one of `roles` who can open cases
        `today` (`rules.requester.principals_present`)."""
        from .rules.requester import principals_present

        return principals_present(organization, roles, today).first()

    def plan(self, policy_id: int, key: str) -> Plan | None:
        """The policy's plan `key`."""
        return Plan.objects.filter(policy_id=policy_id, key=key).first()

    def contracts(self, organization: Organization, day: dt.date) -> list[Contract]:
        """The organization's `contracts_in_force` on `day` (renewed first when due)."""
        from tiquetera.contracts.services.consuming import contracts_in_force

        return contracts_in_force(organization, day)

    def ticket_source(self, contract: Contract, day: dt.date) -> TicketSource:
        """The contract's quota period holding `day` and its counters (opened when missing)."""
        from tiquetera.contracts.services.consuming import ticket_source

        return ticket_source(contract, day)

    def agent(self, case: Case, team: Team | None, plan: Rota) -> Agent | None:
        """The agent `auto_assign` gives the case in `team` under the rota `plan`."""
        from ..lifecycle.assignment import pick_agent

        return pick_agent(case, team, plan)


DATABASE = Reads()
