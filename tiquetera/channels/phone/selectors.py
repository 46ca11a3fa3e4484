"""Read paths of the phone channel: recent calls, one call, the cases a call may be about."""

from typing import Any

from django.db.models import QuerySet

from tiquetera.core.permissions import is_agent
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import FINAL

from .models import Call

RECENT_CALLS = 50


def recent_calls(viewer: Any, *, limit: int = RECENT_CALLS) -> list[Call]:
    """The latest calls logged, newest first, for an agent (nobody else sees calls)."""
    if not is_agent(viewer):
        return []
    calls = Call.objects.select_related("organization", "contact", "agent", "case")
    return list(calls.order_by("-started_at", "-pk")[:limit])


def call_for(viewer: Any, call_id: int) -> Call | None:
    """One call with what its page shows, if `viewer` is an agent."""
    if not is_agent(viewer):
        return None
    calls = Call.objects.select_related("organization__policy", "contact", "agent", "case")
    return calls.filter(pk=call_id).first()


def cases_a_call_may_be_about(call: Call) -> QuerySet[Case]:
    """The organization's cases still going (not final), newest first."""
    return (
        Case.objects.filter(organization_id=call.organization_id)
        .exclude(status__in=FINAL)
        .order_by("-created_at", "-pk")
    )
