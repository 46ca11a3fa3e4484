"""Read paths of the portal's case page: a case as its organization's contact may see it, where
it stands in plain words, its running deadlines and the conversation (public replies only)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tiquetera.directory.models import Contact
from tiquetera.sla.models import Clock, Metric
from tiquetera.tickets.intake.messages import REPLY_WITH_IT
from tiquetera.tickets.lifecycle.billable import may_settle, waiting_for
from tiquetera.tickets.lifecycle.consent import may_consent, waiting_for_consent
from tiquetera.tickets.models import Article, Attachment, Case
from tiquetera.tickets.permissions import follows_case
from tiquetera.tickets.selectors import case_for, case_history, files_sent_with
from tiquetera.tickets.statuses import FINAL, Status

from .models import Satisfaction

# Statuses whose next step is the intake's message to the requester (what is missing, why not).
PARKED_OR_REFUSED = frozenset(
    {
        Status.PENDING_VERIFICATION,
        Status.PENDING_INFORMATION,
        Status.PENDING_CONSENT,
        Status.PENDING_PURCHASE_ORDER,
        Status.PENDING_ACCEPTANCE,
        Status.INVALID,
        Status.REJECTED,
    }
)
RATEABLE = frozenset({Status.RESOLVED, Status.CLOSED})


def portal_case(user: Any, contact: Contact, number: str) -> Case | None:
    """The case numbered `number` when it belongs to `contact`'s organization, else None."""
    case = case_for(user, number)
    if case is None or case.organization_id != contact.organization_id:
        return None
    return case


def may_act_on(contact: Contact, case: Case) -> bool:
    """Confirming, reopening and rating are for the requester, or for who follows all of the
    organization's cases (its USR, a contact who may verify cases): the tickets app's rule,
    `tickets.permissions.follows_case`, which the API follows too."""
    return follows_case(contact, case)


# --- where the case stands ---------------------------------------------------------------
def headline(status: str, intake_reason: str = "") -> str:
    """Where a case in `status` stands, in one sentence the client understands."""
    if status == Status.PENDING_VERIFICATION and intake_reason == "sender_unverified":
        return str(_("Your case is waiting for an agent to confirm that you sent its email."))
    sentences = {
        Status.NEW: _("We received your case."),
        Status.OPEN: _("We received your case and an agent will take it soon."),
        Status.IN_PROGRESS: _("We are working on your case."),
        Status.WAITING_ON_CLIENT: _("We are waiting for your answer."),
        Status.ESCALATED_RD: _("Our development team is working on a fix."),
        Status.RESOLVED: _("We consider your case solved."),
        Status.CLOSED: _("This case is closed."),
        Status.PENDING_VERIFICATION: _("Your case is waiting for your supervisor's verification."),
        Status.PENDING_INFORMATION: _("Your case is waiting for information from you."),
        Status.PENDING_CONSENT: _("Your case is waiting for your consent."),
        Status.PENDING_PURCHASE_ORDER: _("Your case is waiting for a purchase order."),
        Status.PENDING_ACCEPTANCE: _("Your case is waiting for you to accept its price."),
        Status.INVALID: _("We cannot attend this case."),
        Status.REJECTED: _("We cannot attend this case."),
        Status.REFERRED: _("Your case was referred to our partner."),
    }
    return str(sentences[Status(status)])


def next_step(case: Case) -> str:
    """What happens next, or what the client is asked to do."""
    status = Status(case.status)
    if status in PARKED_OR_REFUSED or status == Status.REFERRED:
        return portal_notice(case)
    steps = {
        Status.NEW: _("An agent will review it shortly."),
        Status.OPEN: _("You do not need to do anything for now."),
        Status.IN_PROGRESS: _("We will write to you here and by email as soon as we have news."),
        Status.WAITING_ON_CLIENT: _(
            "Reply below with what we asked you for, and we continue with your case."
        ),
        Status.RESOLVED: _(
            "If it is solved, confirm it and the case is closed; if not, tell us why and we "
            "continue working on it."
        ),
        Status.CLOSED: _("If you need anything else, open a new case."),
    }
    if status == Status.ESCALATED_RD:  # the page shows the committed fix date beside it
        return _("We will tell you as soon as the fix is ready.")
    return str(steps.get(status, ""))


def portal_notice(case: Case) -> str:
    """The intake's message to the requester as the portal shows it: without the address of the
    case's own page, which the email needs ("adjúntela en la página del caso (http://…)") and the
    portal does not — the reader is on that page, or a button leads to it —, nor the email's
    "o responda a este mensaje con ella": on the portal there is no message to reply to."""
    path = re.escape(reverse("portal:case", args=[case.number]))
    own_address = rf"\s*\(\s*https?://[^\s()]*{path}\s*\)|:\s*https?://\S*?{path}(?=[\s.,;]|$)"
    with translation.override(case.language or None):
        or_reply = str(REPLY_WITH_IT)
    return re.sub(own_address, "", case.intake_message).replace(or_reply, "")


@dataclass(frozen=True)
class Deadline:
    metric: str
    label: str
    due_at: dt.datetime


DEADLINE_ORDER = (
    Metric.FIRST_RESPONSE,
    Metric.ASSIGNMENT,
    Metric.PROGRESS_UPDATE,
    Metric.RESOLUTION,
)


def running_deadlines(cases: list[Case]) -> dict[int, list[Deadline]]:
    """The due times of each case's running clocks (paused ones — a case waiting on the
    client — have none), in one query: first answer, assignment, next update, resolution."""
    labels = {
        Metric.FIRST_RESPONSE: _("We will answer by"),
        Metric.ASSIGNMENT: _("An agent will take your case by"),
        Metric.PROGRESS_UPDATE: _("Next progress update by"),
        Metric.RESOLUTION: _("We aim to solve it by"),
    }
    found: dict[int, list[Deadline]] = {case.pk: [] for case in cases}
    clocks = Clock.objects.filter(
        case__in=[case.pk for case in cases], state=Clock.State.RUNNING, due_at__isnull=False
    )
    for clock in sorted(clocks, key=lambda c: DEADLINE_ORDER.index(Metric(c.metric))):
        assert clock.due_at is not None
        found[clock.case_id].append(
            Deadline(clock.metric, str(labels[Metric(clock.metric)]), clock.due_at)
        )
    return found


@dataclass(frozen=True)
class CaseRow:
    """A line of the portal's list: the case, where it stands, and its next due time."""

    case: Case
    headline: str
    next_due: Deadline | None


def case_rows(cases: list[Case]) -> list[CaseRow]:
    """The list's lines, with one query for all their clocks."""
    deadlines = running_deadlines(cases)
    return [
        CaseRow(
            case,
            headline(case.status, case.intake_reason),
            min(deadlines[case.pk], key=lambda d: d.due_at, default=None),
        )
        for case in cases
    ]


# --- the conversation -------------------------------------------------------------------------
@dataclass(frozen=True)
class CasePage:
    """Everything the portal's case page shows (never an internal note nor its files)."""

    case: Case
    headline: str
    next_step: str
    deadlines: list[Deadline]
    replies: list[Article]
    files: list[Attachment]  # the case's own files (sent with it), not a reply's
    accepts_replies: bool
    may_act: bool
    satisfaction: Satisfaction | None
    rateable: bool = field(default=False)
    waiting_for: str = ""  # "purchase_order" or "acceptance": the client settles the price here
    may_settle: bool = False
    may_consent: bool = False  # waiting for consent to a referral, and this viewer may answer
    price: Any = None  # the consumption waiting for the client (its price and currency)


def case_page(case: Case, *, contact: Contact, viewer: Any) -> CasePage:
    """The case as `contact` (a contact of its organization) sees it in the portal: the public
    replies in order (tickets' `case_history`, which gives clients nothing else), the files sent
    with the case, its running deadlines and the survey's answer if any."""
    replies = [
        entry.article
        for entry in case_history(case, viewer=viewer)
        if entry.article is not None and entry.article.kind == Article.Kind.REPLY
    ]
    files = files_sent_with(case)
    satisfaction = Satisfaction.objects.filter(case=case).first()
    may_act = may_act_on(contact, case)
    return CasePage(
        case=case,
        headline=headline(case.status, case.intake_reason),
        next_step=next_step(case),
        deadlines=running_deadlines([case])[case.pk],
        replies=replies,
        files=files,
        accepts_replies=Status(case.status) not in FINAL,
        may_act=may_act,
        satisfaction=satisfaction,
        rateable=may_act and satisfaction is None and Status(case.status) in RATEABLE,
        waiting_for=waiting_for(case),
        may_settle=may_settle(viewer, case),
        may_consent=waiting_for_consent(case) and may_consent(viewer, case),
        price=case.consumption if waiting_for(case) else None,
    )


# --- the USR's verification list ---------------------------------------------------------
def cases_to_verify(contact: Contact) -> QuerySet[Case]:
    """The organization's cases waiting for verification, oldest first (seed 002)."""
    return (
        Case.objects.filter(
            organization_id=contact.organization_id, status=Status.PENDING_VERIFICATION
        )
        .exclude(intake_reason="sender_unverified")  # an agent checks those
        .select_related("requester")
        .order_by("created_at", "pk")
    )
