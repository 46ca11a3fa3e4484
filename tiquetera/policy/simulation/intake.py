"""The window's intakes replayed in memory: each recorded case handed in again, in arrival
order, through the intake's own decision (`tickets.intake.deciding`: the same rules, the same
consumption, the same assignee choice and SLA clocks as `submit`), with what it reads preloaded
for the window a few queries per batch (`Preloaded`) and its tickets counted in memory
(`contracts.services.counting.InMemory`). Nothing is written per case: a replay is an unsaved
`Case` with its unsaved consumption and clocks, named by a negative primary key."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects
from django.utils import translation

from tiquetera.calendars.models import Calendar
from tiquetera.contracts.models import Consumption, Contract, EntitlementPeriod, Plan
from tiquetera.contracts.periods import local_date, period_containing
from tiquetera.contracts.services.consuming import TicketSource, ticket_returned
from tiquetera.contracts.services.counting import InMemory
from tiquetera.directory.models import Agent, Contact, Organization, Team
from tiquetera.sla.models import Clock
from tiquetera.sla.rota import Plan as Rota
from tiquetera.tickets.intake.deciding import judge, new_case, plan_key_of, settle
from tiquetera.tickets.intake.pipeline import arrived
from tiquetera.tickets.intake.reads import Reads
from tiquetera.tickets.intake.request import IntakeRequest
from tiquetera.tickets.models import Case

from .facts import Check, batches
from .window import Credit, Standings, WindowStart

AfterCase = Callable[[int, Case], None]


@dataclass
class Replayed:
    """One case's replayed arrival: the unsaved `case`, how its arrival went (`arrival`, as the
    "case.created" event says it), its intake checks, its clocks and the plan it took."""

    recorded: Case
    case: Case
    arrival: dict[str, str]
    checks: list[Check]
    clocks: list[Clock] = field(default_factory=list)
    plan: str = ""


class Preloaded(Reads):
    """What the window's intakes read, read once for the window: the policy's calendars and
    plans, the organizations' contacts who may open cases, their active contracts (with their
    plans) and those contracts' quota periods (with their counters). What was not preloaded —
    a period that opens during the window, a contract that renews — is read (and, in the
    simulation's rolled-back transaction, written) as live intakes do, then kept."""

    def __init__(
        self, policy_id: int, organizations: Sequence[int], first: dt.datetime, start: WindowStart
    ) -> None:
        self._start = start
        self._calendars = list(Calendar.objects.filter(policy_id=policy_id).order_by("pk"))
        self._plans = {plan.key: plan for plan in Plan.objects.filter(policy_id=policy_id)}
        self._contacts: dict[int, list[Contact]] = defaultdict(list)
        for some in batches(organizations):
            contacts = Contact.objects.filter(
                organization__in=some, is_active=True, may_open_cases=True
            )
            for contact in contacts.order_by("pk"):
                self._contacts[contact.organization_id].append(contact)
        self._contracts: dict[int, list[Contract]] = defaultdict(list)
        for contract in self._active(organizations):
            self._contracts[contract.organization_id].append(contract)
        self._periods: dict[tuple[int, dt.date], TicketSource] = {}
        contract_ids = [c.pk for found in self._contracts.values() for c in found]
        for some in batches(contract_ids):
            periods = EntitlementPeriod.objects.filter(
                contract__in=some, ends__gt=first.date()
            ).select_related("contract__plan")
            for period in periods.prefetch_related("counters"):
                counters = {counter.priority: counter for counter in period.counters.all()}
                source = start.of(TicketSource(period, counters))
                self._periods[(period.contract_id, period.starts)] = source
        self._renewed: set[tuple[int, dt.date]] = set()
        self._agents: dict[tuple[int | None, Rota, str], Agent | None] = {}

    @staticmethod
    def _active(organizations: Sequence[int]) -> list[Contract]:
        """As `contracts_in_force` reads them, for every organization at once."""
        found: list[Contract] = []
        for some in batches(organizations):
            found += Contract.objects.filter(
                organization__in=some, status=Contract.Status.ACTIVE
            ).select_related("plan")
        return sorted(found, key=lambda c: (c.plan.tier_rank, c.start, c.pk))

    def calendar(self, policy_id: int, key: str) -> Calendar | None:
        if key:
            return next((c for c in self._calendars if c.key == key), None)
        return next((c for c in self._calendars if c.is_default), None)

    def principal_present(
        self, organization: Organization, roles: Sequence[str], today: dt.date
    ) -> Contact | None:
        """As `rules.requester.principals_present` selects them, from the preloaded contacts."""
        return next(
            (
                contact
                for contact in self._contacts[organization.pk]
                if contact.role in roles
                and (contact.away_until is None or contact.away_until < today)
            ),
            None,
        )

    def plan(self, policy_id: int, key: str) -> Plan | None:
        return self._plans.get(key)

    def contracts(self, organization: Organization, day: dt.date) -> list[Contract]:
        held = [c for c in self._contracts[organization.pk] if c.start <= day]
        ended = any(c.end is not None and c.end <= day for c in held)
        if ended and (organization.pk, day) not in self._renewed:
            self._renewed.add((organization.pk, day))
            super().contracts(organization, day)  # renewed as a live intake would, rolled back
            self._contracts[organization.pk] = self._active([organization.pk])
            held = [c for c in self._contracts[organization.pk] if c.start <= day]
        return [c for c in held if c.end is None or c.end > day]

    def ticket_source(self, contract: Contract, day: dt.date) -> TicketSource:
        starts, ends = period_containing(contract.start, contract.plan.quota_months, day)
        if contract.end is not None:
            ends = min(ends, contract.end)
        found = self._periods.get((contract.pk, starts))
        if found is None or found.period.ends < ends:
            found = self._start.of(super().ticket_source(contract, day))  # opened as live
            self._periods[(contract.pk, starts)] = found
        return found

    def agent(self, case: Case, team: Team | None, plan: Rota) -> Agent | None:
        """The agent the live choice gives the first case of its team, rota plan and module:
        the replay does not count the agents' load as its cases come (who is assigned is not
        among the facts compared; whether someone is, which meets the assignment clock, is)."""
        module = case.fields.get("module") if isinstance(case.fields, dict) else None
        key = (team.pk if team is not None else None, plan, str(module or ""))
        if key not in self._agents:
            self._agents[key] = super().agent(case, team, plan)
        return self._agents[key]


def replay_intakes(
    cases: Sequence[Case],
    first: dt.datetime,
    credits: list[Credit],
    start: WindowStart,
    after_case: AfterCase | None = None,
) -> list[Replayed]:
    """Each case handed in again, in arrival order, with the client's payment standing as it
    was then, the entitlements counted from where they stood when the window opened (`start`)
    and the tickets given back (`credits`) at the point of the arrivals they were."""
    organizations = sorted({case.organization_id for case in cases})
    standings = Standings(organizations, first)
    reads = Preloaded(cases[0].policy_id, organizations, first, start)
    counting = InMemory()
    waiting = deque(credits)
    replays: list[Replayed] = []
    consumed: dict[int, Consumption] = {}
    with translation.override(translation.get_language()):  # each case's, then this again
        for batch in batches(cases):
            prefetch_related_objects(batch, "attachments")  # their names, a query a batch
            for case in batch:
                while waiting and waiting[0][0] <= case.created_at:
                    at, recorded, _reason = waiting.popleft()
                    _give_back(consumed.get(recorded), at, counting)
                case.organization.standing = standings.at(case.organization, case.created_at)
                replayed = _replay(case, -(len(replays) + 1), reads, counting)
                if replayed.case.consumption is not None:
                    consumed[case.pk] = replayed.case.consumption
                replays.append(replayed)
                if after_case is not None:
                    after_case(len(replays) - 1, case)
    return replays


def _replay(case: Case, pk: int, reads: Preloaded, counting: InMemory) -> Replayed:
    request = IntakeRequest.of_case(case, split_from=case.split_from, replay=True)
    request, organization, contact, flags = arrived(request)
    if translation.get_language() != request.language:  # cases come in runs of one language
        translation.activate(request.language)
    draft, rulings = judge(request, organization, contact, flags, reads)
    replay = new_case(draft, rulings, case.number)
    day = local_date(draft.now, organization.time_zone)
    sources = {}
    if replay.intake == Case.Intake.ACCEPTED:
        sources = {c.pk: reads.ticket_source(c, day) for c in draft.contracts}
    consumption, opening = settle(replay, draft, None, counting, sources)
    if consumption is not None and consumption.contract_id is not None:
        consumption.contract = next(c for c in draft.contracts if c.pk == consumption.contract_id)
    replay.pk = pk  # never saved: names it in the clocks' store
    arrival = {
        "status": replay.status,
        "intake": replay.intake,
        "reason": replay.intake_reason,
        "consumption": consumption.outcome if consumption is not None else "",
    }
    checks = [(ruling.verdict.code, ruling.rule) for ruling in rulings]
    clocks = opening.clocks if opening is not None else []
    return Replayed(case, replay, arrival, checks, clocks, plan_key_of(draft, consumption) or "")


def _give_back(consumption: Consumption | None, at: dt.datetime, counting: InMemory) -> None:
    """The ticket a recorded case gave back, given back by its replay (`credit_back`'s count)."""
    if consumption is None or consumption.credited_at is not None:
        return
    consumption.credited_at = at
    if consumption.outcome == Consumption.Outcome.COVERED:
        ticket_returned(consumption, counting)
