"""The monthly statement of an organization, as a page and as CSV (agents only)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tiquetera.core.permissions import agent_required
from tiquetera.directory.models import Organization

from .errors import BillingRefused
from .selectors import Statement, monthly_statement
from .statement_csv import statement_csv


def _statement(organization_id: int, year: int, month: int) -> Statement:
    organization = get_object_or_404(Organization, pk=organization_id)
    try:
        return monthly_statement(organization, year, month)
    except BillingRefused as refused:
        raise Http404(refused.message) from None


@agent_required
def statement(request: HttpRequest, organization_id: int, year: int, month: int) -> HttpResponse:
    return render(
        request,
        "billing/statement.html",
        {"statement": _statement(organization_id, year, month)},
    )


@agent_required
def statement_as_csv(
    request: HttpRequest, organization_id: int, year: int, month: int
) -> HttpResponse:
    found = _statement(organization_id, year, month)
    response = HttpResponse(statement_csv(found), content_type="text/csv; charset=utf-8")
    filename = f"statement-{found.organization.pk}-{found.label}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
