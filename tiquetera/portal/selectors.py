"""Read paths of the portal: a contact's cases, what is left
of the plan this period, and what a submitted case says happens next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tiquetera.billing.templatetags.billing import money
from tiquetera.contracts.models import Plan
from tiquetera.contracts.periods import add_months
from tiquetera.contracts.selectors import AllowanceLine, remaining_allowance
from tiquetera.directory.models import Contact, Organization
from tiquetera.sla.models import Clock, Metric
from tiquetera.tickets.catalogue import catalogue
from tiquetera.tickets.models import Case, IntakeCheck
from tiquetera.tickets.permissions import follows_all_cases
from tiquetera.tickets.selectors import cases_followed_by

# Intake flags whose message speaks to the requester (the others are warnings for the agent).
REQUESTER_NOTICES = (
    "urgency_notice_pending",
    "phone_rewritten",
    "phone_invalid",
    "phone_missing",
    "generic_mailbox",
    "email_invalid",
    "attachment_refused",
)


# --- cases ---------------------------------------------------------------------------------------
def sees_all_cases(contact: Contact) -> bool:
    """The USR, or a contact who may verify others' cases, follows all of the organization's
    (the tickets app's rule, `tickets.permissions.follows_all_cases`)."""
    return follows_all_cases(contact)


def cases_of(contact: Contact) -> QuerySet[Case]:
    """The cases `contact` follows in the portal, newest first: their own, or all of their
    organization's when they are its USR or may verify cases."""
    return cases_followed_by(contact).select_related("requester").order_by("-created_at", "-pk")


@dataclass(frozen=True)
class Deadline:
    metric: str
    label: str
    due_at: dt.datetime


@dataclass(frozen=True)
class NextSteps:
    """What the requester is told after submitting: the deadlines of an accepted case, and the
    messages the intake rules left for them."""

    deadlines: list[Deadline] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def next_steps(case: Case) -> NextSteps:
    """The due times of the case's running clocks (first answer, then resolution) and the
    intake notices written for the requester (an urgency's phone notice, a rewritten phone)."""
    labels = {
        Metric.FIRST_RESPONSE: _("We will answer by"),
        Metric.ASSIGNMENT: _("An agent will take your case by"),
        Metric.RESOLUTION: _("We aim to solve it by"),
    }
    clocks = {
        clock.metric: clock
        for clock in Clock.objects.filter(
            case=case, state=Clock.State.RUNNING, due_at__isnull=False
        )
    }
    # the first answer: the first-response target, else the assignment's; then the resolution
    answer = clocks.get(Metric.FIRST_RESPONSE) or clocks.get(Metric.ASSIGNMENT)
    deadlines = [
        Deadline(clock.metric, str(labels[Metric(clock.metric)]), clock.due_at)
        for clock in (answer, clocks.get(Metric.RESOLUTION))
        if clock is not None and clock.due_at is not None
    ]
    notices = list(
        case.intake_checks.filter(
            outcome=IntakeCheck.Outcome.FLAG, code__in=REQUESTER_NOTICES
        ).values_list("message", flat=True)
    )
    return NextSteps(deadlines=deadlines, notices=[n for n in notices if n])


# --- what is left of the plan ------------------------------------------------------------------
@dataclass(frozen=True)
class AllowanceRow:
    label: str
    line: AllowanceLine


@dataclass(frozen=True)
class PlanAllowance:
    plan: str
    starts: dt.date
    last_day: dt.date
    monthly: bool
    total: AllowanceLine
    priorities: list[AllowanceRow]
    per_event: str = ""  # a per-event plan: what each case costs and what it waits for


def plan_allowance(organization: Organization, at: dt.datetime) -> list[PlanAllowance]:
    """What is left this period of each contract in force (contracts' `remaining_allowance`,
    the same figures as `GET /api/organizations/{id}/allowance`), each priority named as the
    policy's severity that consumes it ("Prioridad 1")."""
    names: dict[str, str] = {}
    for severity in catalogue(organization.policy_id).severities.values():  # kept per revision
        names.setdefault(severity.priority or severity.code, severity.name)
    return [
        PlanAllowance(
            plan=allowance.contract.plan.name,
            starts=allowance.starts,
            last_day=allowance.ends - dt.timedelta(days=1),
            monthly=add_months(allowance.starts, 1) == allowance.ends,
            total=allowance.total,
            priorities=[
                AllowanceRow(names.get(line.priority or "", line.priority or ""), line)
                for line in allowance.priorities
            ],
            per_event=per_event_terms(allowance.contract.plan),
        )
        for allowance in remaining_allowance(organization, at)
    ]


def per_event_terms(plan: Plan) -> str:
    """A per-event plan's terms in one sentence ("Cada caso es un servicio por evento de
    $ 180.000,00 COP: lo atendemos en cuanto recibimos su orden de compra firmada."); "" for
    another plan, whose lines say what is left."""
    if plan.service_type != Plan.ServiceType.PER_EVENT:
        return ""
    price = money(plan.per_event_price, plan.currency) if plan.per_event_price else ""
    terms = {
        Plan.WhenExhausted.PER_EVENT_PO: _(
            "Each case is a per-event service%(priced)s: we attend it once we receive your "
            "purchase order, signed by a person authorized to request services."
        ),
        Plan.WhenExhausted.PER_EVENT_QUOTE: _(
            "Each case is a per-event service%(priced)s: we attend it once you accept its price "
            "on the case's page."
        ),
    }
    sentence = terms.get(Plan.WhenExhausted(plan.when_exhausted))
    if sentence is None:
        return ""
    return sentence % {"priced": _(" at %(price)s") % {"price": price} if price else ""}


def without_a_plan(organization: Organization) -> str:
    """What a client with no plan in force can still do, as its policy's "active_plan" rule says:
    open cases served per event on a plan's terms (ISYS, seed 000), or contract a plan first —
    without one, a case is refused (seed 003, and any policy without a per-event rule)."""
    for _position, kind, params in catalogue(organization.policy_id).rules:
        if kind == "active_plan" and params.get("without") == "per_event":
            plan = Plan.objects.filter(policy_id=organization.policy_id, key=params["plan"]).first()
            terms = per_event_terms(plan) if plan is not None else ""
            if terms:
                return _("You can still open cases. %(terms)s") % {"terms": terms}
    return _(
        "To have your cases attended, contract a support plan or renew yours: our sales team can "
        "help you."
    )
