"""The agents' queue page (/queue/): filters, the cases in the policy's order a page at a time
(htmx loads the next rows), and the agent's saved views."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tiquetera.contracts.services.entitlement_periods import active_on
from tiquetera.core.permissions import agent_required
from tiquetera.directory.models import Organization
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import Status

from .models import SavedView
from .queue import (
    InvalidQueueRequest,
    QueueCursor,
    QueueFilters,
    QueuePage,
    QueueRow,
    delete_view,
    queue_page,
    save_view,
    saved_views,
)


@agent_required
def queue(request: HttpRequest) -> HttpResponse:
    """The queue; an htmx request for the next page gets only its rows (and the next button)."""
    try:
        filters = QueueFilters.parse(request.GET)
        token = request.GET.get("after", "")
        page = queue_page(
            request.user, filters=filters, after=QueueCursor.decode(token) if token else None
        )
    except InvalidQueueRequest as error:
        return render(
            request,
            "desk/queue.html",
            _context(request, QueueFilters(), error=error.message),
            status=400,
        )
    rows = {
        "page": page,
        "rows": _with_plans(page),
        "more_query": _more_query(filters, page.next_token),
    }
    # htmx: the next page's rows (the "More" button), or the first page again (the tbody
    # polling every 30 s)
    if request.headers.get("HX-Request") and (
        token or request.headers.get("HX-Target") == "queue-rows"
    ):
        return render(request, "desk/_queue_rows.html", rows)
    return render(request, "desk/queue.html", {**_context(request, filters), **rows})


@require_POST
@agent_required
def save_queue_view(request: HttpRequest) -> HttpResponse:
    """Saves the filters posted with the form under the name given, then shows them."""
    try:
        filters = QueueFilters.parse(request.POST)
        save_view(request.user, request.POST.get("name", ""), filters)
    except InvalidQueueRequest as error:
        messages.error(request, error.message)
        return redirect(reverse("desk:queue"))
    query = filters.as_query()
    return redirect(reverse("desk:queue") + (f"?{query}" if query else ""))


@require_POST
@agent_required
def delete_queue_view(request: HttpRequest, view_id: int) -> HttpResponse:
    try:
        delete_view(request.user, view_id)
    except SavedView.DoesNotExist as error:
        raise Http404 from error
    return redirect(reverse("desk:queue"))


def _context(request: HttpRequest, filters: QueueFilters, **extra: Any) -> dict[str, Any]:
    views = [(view, _query_of(view)) for view in saved_views(request.user)]
    return {
        "filters": filters,
        "filters_query": filters.as_query(),
        "saved_views": views,
        "organizations": Organization.objects.only("pk", "legal_name").order_by("legal_name"),
        "statuses": Status.choices,
        "channels": Case.Channel.choices,
        **extra,
    }


def _with_plans(page: QueuePage) -> list[tuple[QueueRow, str]]:
    """Each row with the plan its organization has today (one query for the page)."""
    organizations = {case.organization_id for case in page.cases}
    if not organizations:
        return []
    plans = dict(
        active_on(timezone.localdate(page.now))
        .filter(organization_id__in=organizations)
        .order_by("organization_id", "plan__tier_rank", "pk")
        .values_list("organization_id", "plan__name")
        .reverse()  # the best-ranked plan wins when an organization has two
    )
    return [(row, plans.get(row.case.organization_id, "")) for row in page.rows]


def _query_of(view: SavedView) -> str:
    try:
        return QueueFilters.parse(view.filters).as_query()
    except InvalidQueueRequest:
        return ""  # a filter the queue no longer takes: the view opens the plain queue


def _more_query(filters: QueueFilters, token: str) -> str:
    if not token:
        return ""
    query = filters.as_query()
    return f"{query}&after={token}" if query else f"after={token}"
