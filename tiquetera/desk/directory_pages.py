"""What the desk's organization and contact pages show, read in a few queries: identity,
contacts, contracts with what is left of each plan, cases, statements, calls and history.
Agents only (the views check it); every query here is one agents may run."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.channels.phone.models import Call
from tiquetera.contracts.models import Contract
from tiquetera.contracts.periods import local_date
from tiquetera.contracts.selectors import ContractAllowance, remaining_allowance
from tiquetera.directory.models import Contact, Organization
from tiquetera.tickets.intake.rules.requester import stand_in_notice
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import UNFINISHED

CASES_SHOWN = 25
HISTORY_SHOWN = 50
CALLS_SHOWN = 25
STATEMENT_MONTHS = 6


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


@dataclass(frozen=True)
class OrganizationPage:
    organization: Organization
    contacts: list[Contact]
    contracts: list[Contract]
    allowances: list[ContractAllowance]
    open_cases: list[Case]
    past_cases: list[Case]
    statements: list[Month]
    history: list[AuditEvent]
    who_opens: str  # a warning when no USR can open cases (the policy's requester rule)


@dataclass(frozen=True)
class ContactPage:
    contact: Contact
    cases: list[Case]
    calls: list[Call]
    history: list[AuditEvent]


def organization_page(
    organization: Organization, *, at: dt.datetime | None = None
) -> OrganizationPage:
    at = at or timezone.now()
    cases = Case.objects.filter(organization=organization).select_related("requester", "assignee")
    return OrganizationPage(
        organization=organization,
        contacts=list(organization.contacts.select_related("user").order_by("-is_active", "name")),
        contracts=list(
            Contract.objects.filter(organization=organization)
            .select_related("plan")
            .order_by("-start", "-pk")
        ),
        allowances=remaining_allowance(organization, at),
        open_cases=list(cases.filter(status__in=UNFINISHED).order_by("-created_at")[:CASES_SHOWN]),
        past_cases=list(cases.exclude(status__in=UNFINISHED).order_by("-created_at")[:CASES_SHOWN]),
        statements=last_months(local_date(at, organization.time_zone), STATEMENT_MONTHS),
        history=list(organization_history(organization)[:HISTORY_SHOWN]),
        who_opens=stand_in_notice(organization, at),
    )


def contact_page(contact: Contact) -> ContactPage:
    return ContactPage(
        contact=contact,
        cases=list(
            Case.objects.filter(requester=contact)
            .select_related("assignee")
            .order_by("-created_at")[:CASES_SHOWN]
        ),
        calls=list(
            Call.objects.filter(contact=contact)
            .select_related("agent", "case")
            .order_by("-started_at")[:CALLS_SHOWN]
        ),
        history=list(
            AuditEvent.objects.filter(
                content_type=ContentType.objects.get_for_model(Contact), object_id=str(contact.pk)
            )
            .select_related("actor")
            .order_by("-at", "-pk")[:HISTORY_SHOWN]
        ),
    )


def organization_history(organization: Organization) -> QuerySet[AuditEvent]:
    """The organization's events, newest first — its own, its contacts', its contracts' —
    without its cases' (each case page has its own history)."""
    return (
        AuditEvent.objects.filter(organization=organization)
        .exclude(content_type=ContentType.objects.get_for_model(Case))
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def last_months(day: dt.date, count: int) -> list[Month]:
    """The month of `day` and the `count - 1` before it, newest first."""
    months, year, month = [], day.year, day.month
    for _ in range(count):
        months.append(Month(year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months
