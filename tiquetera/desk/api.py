"""The agents' queue over HTTP: the same filters and cursor as the /queue/ page."""

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from tiquetera.tickets.models import Case

from .queue import DUE_SOON_MINUTES, InvalidQueueRequest, QueueCursor, QueueFilters, queue_page

router = Router(tags=["queue"])


class QueueQuery(Schema):
    mine: bool = False
    my_team: bool = False
    unassigned: bool = False
    breached: bool = False
    due_soon: bool = False
    due_within: int = DUE_SOON_MINUTES
    waiting_on_client: bool = False
    organization: int | None = None
    severity: str = ""
    status: str = ""
    channel: str = ""
    tag: str = ""
    after: str = ""
    size: int = 50


class OrganizationRef(Schema):
    id: int
    name: str


class QueueCaseOut(Schema):
    id: int
    number: str
    url: str = Field(json_schema_extra={"format": "uri-reference"})  # the desk's case page
    subject: str
    organization: OrganizationRef
    severity: str
    status: str
    channel: str
    assignee: str | None
    team: str | None
    plan_rank: int
    severity_rank: int
    sla_due_at: dt.datetime | None
    sla_breached: bool


class QueuePageOut(Schema):
    cases: list[QueueCaseOut]
    next: str | None


@router.get("", response=QueuePageOut)
def queue(request: HttpRequest, query: Query[QueueQuery]) -> dict[str, object]:
    """A page of the queue in the policy's order; pass `next` back as `after` for the next."""
    values = query.dict()
    try:
        filters = QueueFilters.parse(values)
        after = QueueCursor.decode(query.after) if query.after else None
        page = queue_page(request.user, filters=filters, after=after, size=query.size)
    except InvalidQueueRequest as error:
        raise HttpError(400, error.message) from error
    return {"cases": [_case(case) for case in page.cases], "next": page.next_token or None}


def _case(case: Case) -> dict[str, object]:
    assignee = case.assignee
    return {
        "id": case.pk,
        "number": case.number,
        "url": reverse("desk:case", args=[case.number]),
        "subject": case.subject,
        "organization": {"id": case.organization_id, "name": case.organization.legal_name},
        "severity": case.severity,
        "status": case.status,
        "channel": case.channel,
        "assignee": assignee.get_username() if assignee is not None else None,
        "team": case.team.name if case.team is not None else None,
        "plan_rank": case.plan_rank,
        "severity_rank": case.severity_rank,
        "sla_due_at": case.sla_due_at,
        "sla_breached": case.sla_breached,
    }
