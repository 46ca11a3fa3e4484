"""The agents' queue page (/queue/): filters, the cases in the policy's order a page at a time
(htmx loads the next rows), and the agent's saved views."""

from dataclasses import dataclass, replace
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tiquetera.core.permissions import agent_required
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tags import tags_in_use

from .models import SavedView
from .queue import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    InvalidQueueRequest,
    QueueCursor,
    QueueFilters,
    QueuePage,
    delete_view,
    queue_page,
    save_view,
    saved_views,
)
from .queue_bulk import BulkForm, apply_bulk
from .queue_rows import (
    options_html,
    organization_name,
    organization_named,
    organization_suggestions,
    rows_html,
)
from .queue_tabs import tab_counts


@agent_required
def queue(request: HttpRequest) -> HttpResponse:
    """The queue; an htmx request for the next page gets only its rows (and the next button),
    the polling refresh its rows and the tabs' counts."""
    try:
        filters = QueueFilters.parse(_with_organization(request.GET))
        token = request.GET.get("after", "")
        page = queue_page(
            request.user,
            filters=filters,
            after=QueueCursor.decode(token) if token else None,
            start=_start(request),
            size=_loaded(request),
        )
    except InvalidQueueRequest as error:
        return render(
            request,
            "desk/queue.html",
            _context(
                request,
                QueueFilters(),
                error=error.message,
                organization_name=request.GET.get("organization_name", ""),
            ),
            status=400,
        )
    rows = {
        "page": page,
        "rows": rows_html(page, {key: str(label) for key, label in COLUMNS}),
        "more_query": _more_query(filters, page),
        "queue_url": reverse("desk:queue"),
    }
    if request.headers.get("HX-Request"):
        if request.headers.get("HX-Target") == "queue-rows":  # the polling: tabs' counts too
            rows["poll_tabs"] = _tabs(request, filters)
            return render(request, "desk/_queue_rows.html", rows)
        if token or "start" in request.GET:  # the "More" button
            return render(request, "desk/_queue_rows.html", rows)
    return render(request, "desk/queue.html", {**_context(request, filters), **rows})


@agent_required
def organization_suggestions_view(request: HttpRequest) -> HttpResponse:
    """htmx, as the agent types in the organization filter: up to 20 names containing it."""
    names = organization_suggestions(request.GET.get("organization_name", ""))
    return render(request, "desk/_queue_organizations.html", {"names": names})


def _with_organization(query: QueryDict) -> QueryDict:
    """The query with `organization_name` (the filter's text box) turned into the id
    `organization`; InvalidQueueRequest when no single organization has that name."""
    name = query.get("organization_name", "").strip()
    data = query.copy()
    data.pop("organization_name", None)
    if name:
        data["organization"] = str(organization_named(name))
    elif "organization_name" in query:  # the box emptied: every organization
        data.pop("organization", None)
    return data


@require_POST
@agent_required
def bulk(request: HttpRequest) -> HttpResponse:
    """The bulk bar: one action on the cases checked, then the queue again with what was done
    (changed, already so, refused with the reason), in the filters it was posted from."""
    form = BulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(_back(request))
    result = apply_bulk(request.user, form.cleaned_data)
    if result.error:
        messages.error(request, result.error)
    if result.changed and result.into:
        messages.success(
            request,
            _said(
                ngettext(
                    "%(count)d case merged into %(target)s: %(numbers)s.",
                    "%(count)d cases merged into %(target)s: %(numbers)s.",
                    len(result.changed),
                ),
                count=len(result.changed),
                target=result.into,
                numbers=_numbers(result.changed),
            ),
        )
    elif result.changed:
        messages.success(
            request,
            _said(
                ngettext(
                    "%(count)d case changed: %(numbers)s.",
                    "%(count)d cases changed: %(numbers)s.",
                    len(result.changed),
                ),
                count=len(result.changed),
                numbers=_numbers(result.changed),
            ),
        )
    if result.unchanged:
        messages.info(
            request,
            _said(
                ngettext(
                    "%(count)d case was already so: %(numbers)s.",
                    "%(count)d cases were already so: %(numbers)s.",
                    len(result.unchanged),
                ),
                count=len(result.unchanged),
                numbers=_numbers(result.unchanged),
            ),
        )
    for number, message in result.refused:
        messages.error(
            request,
            _("%(number)s not changed: %(reason)s")
            % {
                "number": number,
                "reason": message,
            },
        )
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    """The queue with the filters the bulk bar was posted from (parsed again: only filters)."""
    try:
        query = QueueFilters.parse(QueryDict(request.POST.get("back", ""))).as_query()
    except InvalidQueueRequest:
        query = ""
    return reverse("desk:queue") + (f"?{query}" if query else "")


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


def _loaded(request: HttpRequest) -> int:
    """How many rows the page asks for: the polling refresh asks for as many as it has loaded
    (`rows`, sent by desk/queue.js) so the pages added with "More" stay; else one page."""
    raw = request.GET.get("rows", "")
    if request.headers.get("HX-Target") != "queue-rows" or not raw.isdigit():
        return PAGE_SIZE
    return max(PAGE_SIZE, min(int(raw), MAX_PAGE_SIZE))


def _context(request: HttpRequest, filters: QueueFilters, **extra: Any) -> dict[str, Any]:
    views = [(view, _query_of(view)) for view in saved_views(request.user)]
    bulk = BulkForm()  # its severities (one query) are the filter's too
    severities = [choice for choice in bulk.fields["severity"].choices if choice[0]]  # type: ignore[attr-defined]
    bulk_statuses = [choice for choice in bulk.fields["status"].choices if choice[0]]  # type: ignore[attr-defined]
    return {
        "filters": filters,
        "filters_query": filters.as_query(),
        "queue_url": reverse("desk:queue"),
        "saved_views": views,
        "organization_name": organization_name(filters.organization),
        "tags_offered": tags_in_use(),
        # the selects' options written in Python (a template's loop cost ~1 ms a page)
        "statuses": options_html(Status.choices, filters.status),
        "channels": options_html(Case.Channel.choices, filters.channel),
        "severities": options_html(severities, filters.severity),
        "bulk": bulk,
        "agents": options_html(bulk.agent_choices()),
        "bulk_statuses": options_html(bulk_statuses),
        "bulk_severities": options_html(severities),
        "tabs": _tabs(request, filters),
        "columns": _columns(filters),
        **extra,
    }


def _query_of(view: SavedView) -> str:
    try:
        return QueueFilters.parse(view.filters).as_query()
    except InvalidQueueRequest:
        return ""  # a filter the queue no longer takes: the view opens the plain queue


def _more_query(filters: QueueFilters, page: QueuePage) -> str:
    if page.next_start is not None:
        following = f"start={page.next_start}"
    elif page.next_token:
        following = f"after={page.next_token}"
    else:
        return ""
    query = filters.as_query()
    return f"{query}&{following}" if query else following


def _start(request: HttpRequest) -> int:
    raw = request.GET.get("start", "")
    return min(int(raw), 1_000_000) if raw.isdigit() else 0


# The queue's tabs: a filter each, with its count (`tab_counts`); the first is the default.
TABS: list[tuple[str, Promise]] = [
    ("to_act", gettext_lazy("To act on")),
    ("waiting_on_client", gettext_lazy("Waiting on client")),
    ("mine", gettext_lazy("Mine")),
    ("unassigned", gettext_lazy("Unassigned")),
    ("breached", gettext_lazy("Breached")),
]
COLUMNS: list[tuple[str, Promise]] = [
    ("number", gettext_lazy("Number")),
    ("organization", gettext_lazy("Organization")),
    ("severity", gettext_lazy("Severity")),
    ("subject", gettext_lazy("Subject")),
    ("status", gettext_lazy("Status")),
    ("assignee", gettext_lazy("Assignee")),
    ("due", gettext_lazy("Due")),
]


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: str = ""  # aria-current / aria-sort value, empty when not the current one
    count: int | None = None


def _tabs(request: HttpRequest, filters: QueueFilters) -> list[Link]:
    counts = tab_counts(request.user)
    plain = QueueFilters(sort=filters.sort)
    links = []
    for key, label in TABS:
        tab = plain if key == "to_act" else QueueFilters.parse({key: "1", "sort": filters.sort})
        query = tab.as_query()
        current = "page" if filters == tab else ""
        links.append(Link(str(label), "?" + query if query else "?", current, counts[key]))
    return links


def _columns(filters: QueueFilters) -> list[Link]:
    """Each heading links to the queue sorted by it (again: the other way)."""
    links = []
    for key, label in COLUMNS:
        sort, current = key, ""
        if filters.sort == key:
            sort, current = f"-{key}", "ascending"
        elif filters.sort == f"-{key}":
            current = "descending"
        links.append(Link(str(label), "?" + replace(filters, sort=sort).as_query(), current))
    return links


def _numbers(numbers: list[str]) -> SafeString:
    """Case numbers for a confirmation, each kept on one line ("JQ-2026-" / "000023" on a phone)."""
    return format_html_join(", ", '<span class="case-number">{}</span>', ((n,) for n in numbers))


def _said(text: str, **values: object) -> SafeString:
    """`text % values` as HTML: the catalogue's sentence and the values escaped, the numbers'
    spans kept (a message that is safe HTML stays so in the session)."""
    escaped = {
        key: value if isinstance(value, int) else conditional_escape(str(value))
        for key, value in values.items()
    }
    return mark_safe(conditional_escape(text) % escaped)
