"""The desk's search box: a case number opens the case; anything else lists what it finds,
grouped — cases, contacts, organizations, knowledge-base entries."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from tiquetera.core.permissions import agent_required
from tiquetera.directory.search import find_contacts, find_organizations
from tiquetera.kb.selectors import search as find_entries
from tiquetera.tickets.search import case_by_number, find_cases

QUERY_MAX = 200
ENTRIES_SHOWN = 10


@require_safe
@agent_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    case = case_by_number(query, viewer=request.user)
    if case is not None:
        return redirect("desk:case", number=case.number)
    context: dict[str, object] = {"query": query}
    if query:
        context.update(
            cases=find_cases(query, viewer=request.user),
            contacts=find_contacts(query, viewer=request.user),
            organizations=find_organizations(query, viewer=request.user),
            entries=list(find_entries(request.user, query)[:ENTRIES_SHOWN]),
        )
    return render(request, "desk/search.html", context)
