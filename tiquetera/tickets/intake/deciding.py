"""Deciding an intake, nothing written: the rules' verdicts on a request (`judge`), the case
they make (`new_case`), the ticket it takes or what it is billed (`consume_for`) and, for a case
that opens, its team, agent and SLA clocks (`settle`). The live pipeline (`pipeline.submit`)
calls these and writes what they decided; the policy simulator's replay
(`policy.simulation.intake`) calls the very same ones with its reads preloaded and its tickets
counted in memory (`reads.Reads`, `contracts.services.counting`), and writes nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from django.utils import timezone

from tiquetera.contracts.models import Consumption
from tiquetera.contracts.periods import local_date
from tiquetera.contracts.services.consuming import TicketSource, consume, consume_per_event
from tiquetera.contracts.services.counting import DATABASE as COUNTED
from tiquetera.contracts.services.counting import Counting
from tiquetera.directory.models import Agent, Contact, Organization, Team
from tiquetera.notifications.services import RenderedEmail
from tiquetera.sla.models import Clock, Metric
from tiquetera.sla.services import clocks_for_new_case

from ..catalogue import Catalogue, catalogue_at
from ..lifecycle.assignment import choose_assignee
from ..models import Case, CaseType, IntakeCheck
from ..statuses import Status
from .messages import consumption_message
from .reads import DATABASE, Reads
from .request import IntakeRequest
from .rules import Draft, Ruling, Verdict, park, run_rules

Outcome = IntakeCheck.Outcome


NO_RANK = 32767  # last in the queue
SENDER_UNVERIFIED = "sender_unverified"


def unverified_email_policy(known: Catalogue) -> str:
    """The policy's [desk] `unverified_email`: "park" (the default) or "accept"."""
    return known.desk.unverified_email if known.desk is not None else "park"


def sender_park(draft: Draft) -> Verdict:
    from django.utils.translation import gettext as _

    return park(
        Status.PENDING_VERIFICATION,
        SENDER_UNVERIFIED,
        _(
            "We received an email in your name that your mail server did not vouch for, so we "
            "cannot be sure you sent it. An agent will check it before the case is attended; "
            "if you did not write it, tell us."
        ),
    )


def draft_of(
    request: IntakeRequest,
    organization: Organization,
    contact: Contact | None,
    flags: list[str],
    known: Catalogue,
    reads: Reads = DATABASE,
) -> Draft:
    now = request.received_at or timezone.now()
    case_type = known.case_types.get(request.case_type)
    code = request.severity or (case_type.default_severity if case_type else "")
    # renewals due are made first: a contract that renews today is in force for this case
    contracts = reads.contracts(organization, local_date(now, organization.time_zone))
    return Draft(
        request=request,
        organization=organization,
        requester=contact,
        case_type=case_type,
        case_types_defined=bool(known.case_types),
        severity=known.severities.get(code),
        severity_code=code,
        contracts=contracts,
        scope=known.scope,
        fields=known.fields,
        desk=known.desk,
        now=now,
        flags=list(flags),
        reads=reads,
    )


def prefix_of(draft: Draft) -> str:
    return draft.desk.case_prefix if draft.desk else Case._meta.get_field("number_prefix").default


def decision(rulings: Sequence[Ruling]) -> tuple[str, Verdict | None, str]:
    """(intake, the deciding verdict, the message): the rejection, else the first park (with
    every park's message, so the requester learns all that is missing at once), else accepted."""
    for ruling in rulings:
        if ruling.verdict.outcome == Outcome.REJECT:
            return Case.Intake.REFUSED, ruling.verdict, ruling.verdict.message
    parks = [r.verdict for r in rulings if r.verdict.outcome == Outcome.PARK]
    if parks:
        return Case.Intake.PARKED, parks[0], "\n\n".join(v.message for v in parks)
    return Case.Intake.ACCEPTED, None, ""


def new_case(draft: Draft, rulings: list[Ruling], number: str) -> Case:
    """The case as the rules decided it, not saved; its entitlement is yet to be consumed."""
    request, organization = draft.request, draft.organization
    intake, deciding, message = decision(rulings)
    flags = draft.flags + [r.verdict.code for r in rulings if r.verdict.outcome == Outcome.FLAG]
    return Case(
        number=number,
        number_prefix=prefix_of(draft),
        policy_id=organization.policy_id,
        organization=organization,
        requester=draft.requester,
        requester_name=draft.name,
        requester_email=draft.email,
        requester_phone=draft.phone or draft.phone_given,
        language=request.language,
        channel=request.channel,
        channel_justification=request.channel_justification,
        case_type=request.case_type,
        severity=draft.severity_code,
        priority=priority_of(draft),
        category=request.category,
        subject=request.subject,
        description=request.description,
        fields=dict(request.fields),
        prerequisites_done=list(request.prerequisites_done),
        flags=flags,
        intake=intake,
        intake_reason=deciding.code if deciding else "",
        intake_message=message,
        created_at=draft.now,
        raw=request.raw,
        split_from=request.split_from,
        status=deciding.status if deciding else Status.OPEN,
        # the queue's order: the best plan first (contracts are sorted by rank), then severity
        plan_rank=draft.contracts[0].plan.tier_rank if draft.contracts else NO_RANK,
        severity_rank=draft.severity.rank if draft.severity else NO_RANK,
    )


@dataclass
class Opening:
    """What an open case gets besides its row — team, agent, clocks and the requester's email —
    computed for `plan`, the key of the plan it consumed."""

    plan: str | None
    team: Team | None
    agent: Agent | None
    clocks: list[Clock]
    email: RenderedEmail | None = None
    # the best contract's period and counters, for the ticket the case takes from it
    sources: dict[int, TicketSource] = field(default_factory=dict)


def opening_for(case: Case, draft: Draft, plan: str | None) -> Opening:
    """Assigned and clocked before it is written: one INSERT carries the assignee and the
    deadline, and the assignment clock is met at once (sets them on `case`)."""
    case.team, agent = choose_assignee(case, plan, draft.reads.agent)
    case.assignee = agent.user if agent is not None else None
    met = [Metric.ASSIGNMENT] if agent is not None else []
    clocks = clocks_for_new_case(case, at=draft.now, plan=plan, met=met)
    return Opening(plan, case.team, agent, clocks)


def received_context(agent: Agent | None) -> dict[str, str]:
    return {"agent_name": str(agent) if agent else ""}


def outside_the_quota(draft: Draft) -> str:
    """Seed 003, items 8 and 9: "incluye la corrección de errores" — a bug is fixed without
    taking a ticket or being charged when the client's plan includes bug fixes; "no incluye
    desarrollo de nuevas funcionalidades" (and seed 002's "caso de estudio") — a feature request
    is studied and quoted apart, without taking a ticket, when no plan includes new features.
    The flag saying which, or "" for a case that takes a ticket."""
    kind = draft.case_type.kind if draft.case_type else ""
    plans = [contract.plan for contract in draft.contracts]
    if not plans or draft.per_event_plan is not None:
        return ""
    if kind == CaseType.Kind.BUG and any(plan.includes_bug_fixes for plan in plans):
        return "bug_fix_included"
    if kind == CaseType.Kind.FEATURE and not any(plan.includes_new_features for plan in plans):
        return "feature_study"
    return ""


def plan_key_of(draft: Draft, consumed: Consumption | None) -> str | None:
    """The key of the plan whose ticket the case took ("" when none; None: not among the
    contracts the draft read, so the SLA targets read it)."""
    if consumed is None or consumed.contract_id is None:
        return ""
    plans = {contract.pk: contract.plan.key for contract in draft.contracts}
    return plans.get(consumed.contract_id)


def priority_of(draft: Draft) -> str:
    return draft.severity.priority if draft.severity else draft.severity_code


# What a consumption still waiting for the client makes of the case: its reason.
WAITING: dict[str, str] = {
    Consumption.Outcome.AWAITING_PURCHASE_ORDER: "purchase_order_required",
    Consumption.Outcome.AWAITING_ACCEPTANCE: "price_acceptance_required",
    Consumption.Outcome.EXTRA_OFFERED: "extra_ticket_offered",
}


def consume_for(
    case: Case,
    draft: Draft,
    sources: Mapping[int, TicketSource] | None = None,
    counting: Counting = COUNTED,
) -> Consumption | None:
    """Take the ticket (or make the case billable) and settle the case's status by it; None for
    a case outside the quota (flagged why), which opens without taking anything. `sources`:
    periods and counters read before the transaction (`_prepare`); `counting`: where tickets are
    counted (the database; the simulator's replay: memory)."""
    outside = outside_the_quota(draft)
    if outside:
        case.flags = list(dict.fromkeys([*case.flags, outside]))
        case.status = Status.OPEN
        return None
    if draft.per_event_plan is not None:  # no plan, or out of hours: no ticket is taken
        result = consume_per_event(
            case.organization,
            draft.per_event_plan,
            case.priority or "-",
            reference=case.number,
            at=draft.now,
            reason=draft.per_event_reason,
            counting=counting,
        )
    else:
        result = consume(
            case.organization,
            case.priority or "-",
            reference=case.number,
            at=draft.now,
            contracts=draft.contracts,
            sources=sources,
            counting=counting,
        )
    case.consumption = result.consumption
    outcome = Consumption.Outcome
    if result.outcome in WAITING:
        case.status, case.intake = waiting_status(result.outcome), Case.Intake.PARKED
        case.intake_reason = WAITING[result.outcome]
        case.intake_message = consumption_message(result.consumption, case)
    elif result.outcome == outcome.REFUSED:
        case.status, case.intake = Status.REJECTED, Case.Intake.REFUSED
        case.intake_reason = f"quota_{result.reason}"
        case.intake_message = consumption_message(result.consumption, case)
    else:
        case.status = Status.OPEN
    return result.consumption


def waiting_status(outcome: str) -> Status:
    if outcome == Consumption.Outcome.AWAITING_PURCHASE_ORDER:
        return Status.PENDING_PURCHASE_ORDER
    return Status.PENDING_ACCEPTANCE


def judge(
    request: IntakeRequest,
    organization: Organization,
    contact: Contact | None,
    flags: list[str],
    reads: Reads = DATABASE,
) -> tuple[Draft, list[Ruling]]:
    """The draft of a request that arrived (its language active, `received_at` set) and what
    each of the policy's rules in force at its arrival said of it, in order."""
    known = catalogue_at(organization.policy_id, request.received_at or timezone.now())
    if not request.case_type and known.desk is not None:  # an email, a chat message
        default_type = known.desk.channel_case_types.get(request.channel, "")
        request = replace(request, case_type=default_type)
    draft = draft_of(request, organization, contact, flags, known, reads)
    rulings = run_rules(draft, known.checked_rules)
    if request.sender_unverified and unverified_email_policy(known) == "park":
        rulings.insert(0, Ruling(0, "sender", sender_park(draft)))
    return draft, rulings


def settle(
    case: Case,
    draft: Draft,
    ready: Opening | None = None,
    counting: Counting = COUNTED,
    sources: Mapping[int, TicketSource] | None = None,
) -> tuple[Consumption | None, Opening | None]:
    """What the new `case` consumed (an accepted one) and, when it opens after that, its
    opening: `ready` when it was worked out for the plan whose ticket it took (`_prepare`), else
    worked out now. A case billable or refused after all gets no team, assignee or clocks.
    `counting` and `sources` (the contracts' periods, when not `ready`'s) as `consume_for`'s."""
    consumed, opening = None, None
    if case.intake == Case.Intake.ACCEPTED:
        sources = ready.sources if ready is not None else sources
        consumed = consume_for(case, draft, sources, counting)
    if case.status == Status.OPEN:
        plan = plan_key_of(draft, consumed)
        opening = ready if ready is not None and ready.plan == plan else None
        if opening is None:  # another contract's ticket: as it is
            opening = opening_for(case, draft, plan)
        case.team, case.assignee = opening.team, opening.agent.user if opening.agent else None
    else:
        case.team, case.assignee, case.sla_due_at, case.sla_warn_at = None, None, None, None
    return consumed, opening
