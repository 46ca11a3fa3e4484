"""The clients' pages: their cases, the new case form built from the policy, and what happens
next once a case is submitted. Only a signed-in user linked to an active contact gets in;
agents are pointed to the desk, anyone else is asked to sign in."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from tiquetera.billing.errors import BillingRefused
from tiquetera.billing.models import Quote
from tiquetera.billing.quotes import accept_quote, decline_quote
from tiquetera.core.permissions import is_agent
from tiquetera.directory.models import Contact
from tiquetera.kb.selectors import search as kb_search
from tiquetera.policy.cache import one_revision
from tiquetera.tickets.intake.case_policy import CasePolicy, case_policy
from tiquetera.tickets.intake.forms import CaseForm, redrawn
from tiquetera.tickets.intake.request import IntakeError
from tiquetera.tickets.permissions import client_contact
from tiquetera.tickets.search import case_by_number, find_cases
from tiquetera.tickets.selectors import case_for

from .case_selectors import case_rows
from .plan_selectors import plan_page
from .selectors import cases_of, next_steps, plan_allowance, sees_all_cases
from .services import submit_case_form

CASES_PER_PAGE = 25
SEARCH_QUERY_MAX = 200
SEARCH_ENTRIES_SHOWN = 10
ClientView = Callable[..., HttpResponse]


def client_required(view: ClientView) -> Callable[..., HttpResponse]:
    """Sign-in required; the view gets the user's active contact. An agent gets 403 with a link
    to the desk; a signed-in user with no active contact, 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_agent(request.user):
            return render(request, "portal/for_clients.html", status=403)
        contact = client_contact(request.user)
        if contact is None:
            raise PermissionDenied
        return view(request, contact, *args, **kwargs)

    return wrapper


@require_safe
@client_required
def home(request: HttpRequest, contact: Contact) -> HttpResponse:
    """The contact's cases (all of the organization's for its USR) and what is left of the plan."""
    page = Paginator(cases_of(contact), CASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/home.html",
        {
            "contact": contact,
            "organization": contact.organization,
            "page": page,
            "rows": case_rows(list(page)),
            "all_cases": sees_all_cases(contact),
            "allowance": plan_allowance(contact.organization, timezone.now()),
        },
    )


@require_safe
@client_required
def search(request: HttpRequest, contact: Contact) -> HttpResponse:
    """The client's search: the cases they follow in the portal (`cases_of`) and the
    knowledge-base entries they may read; nothing else. A case number opens the case."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX]
    case = case_by_number(query, viewer=request.user)
    if case is not None and cases_of(contact).filter(pk=case.pk).exists():
        return redirect("portal:case", number=case.number)
    context: dict[str, object] = {"contact": contact, "query": query}
    if query:
        context.update(
            cases=find_cases(query, viewer=request.user, within=cases_of(contact)),
            entries=list(kb_search(request.user, query)[:SEARCH_ENTRIES_SHOWN]),
        )
    return render(request, "portal/search.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@client_required
@one_revision()  # the form's policy and the intake's, one read
def new_case(request: HttpRequest, contact: Contact) -> HttpResponse:
    """The case form. A valid submission goes to the pipeline and on to its result page; one
    drawn for another type than the one chosen is only redrawn (changing type without htmx)."""
    policy = case_policy(contact.organization)
    redraw_url = reverse("portal:type_fields")
    if request.method != "POST":
        form = CaseForm(
            case_policy=policy,
            case_type=request.GET.get("case_type"),
            initial={"phone": contact.phone},
            redraw_url=redraw_url,
        )
        return _form_page(request, contact, policy, form)
    form = CaseForm(request.POST, request.FILES, case_policy=policy, redraw_url=redraw_url)
    if form.redraw_requested:
        chosen = form.chosen.key if form.chosen else None
        form = redrawn(policy, chosen, request.POST, redraw_url=redraw_url)
    elif form.is_valid():
        try:
            case = submit_case_form(
                contact,
                values=form.case_values(),
                posted=form.posted(),
                actor=request.user,
                form_token=form.cleaned_data.get("form_token", ""),
            )
        except IntakeError as error:
            form.add_error(None, error.message)
        else:
            return redirect("portal:submitted", number=case.number)
    return _form_page(request, contact, policy, form)


@require_safe
@client_required
def type_fields(request: HttpRequest, contact: Contact) -> HttpResponse:
    """htmx: the form's type block (severity, fields, prerequisites) for the chosen type."""
    policy = case_policy(contact.organization)
    form = redrawn(policy, request.GET.get("case_type"), request.GET)
    return render(request, "portal/_type_fields.html", {"form": form})


@require_safe
@client_required
def submitted(request: HttpRequest, contact: Contact, number: str) -> HttpResponse:
    """The case number and what happens next: its deadlines, or what is missing, or why it
    was refused. Only contacts of the case's organization see it (404 for anyone else)."""
    case = case_for(request.user, number)
    if case is None or case.organization_id != contact.organization_id:
        raise Http404
    return render(
        request,
        "portal/submitted.html",
        {"case": case, "organization": case.organization, "next": next_steps(case)},
    )


@require_safe
@client_required
def plan(request: HttpRequest, contact: Contact) -> HttpResponse:
    """What is left of each plan in force, the contracts, and (for the USR) the statements."""
    return render(
        request,
        "portal/plan.html",
        {
            "contact": contact,
            "organization": contact.organization,
            "plan": plan_page(contact, viewer=request.user),
        },
    )


def _form_page(
    request: HttpRequest, contact: Contact, policy: CasePolicy, form: CaseForm
) -> HttpResponse:
    return render(
        request,
        "portal/new_case.html",
        {
            "contact": contact,
            "organization": contact.organization,
            "form": form,
            "policy": policy,
            "allowance": plan_allowance(contact.organization, timezone.now()),
        },
    )


@require_http_methods(["POST"])
@client_required
def quote_decision(
    request: HttpRequest, contact: Contact, quote_id: int, decision: str
) -> HttpResponse:
    """The USR (or a contact who may verify cases) accepts a quote — billed once — or declines
    it (seed 001: a price "que el cliente acepta"; seed 002: "se presentará un presupuesto al
    cliente"). Anyone else, or another organization's quote: 404."""
    quote = Quote.objects.filter(pk=quote_id, organization_id=contact.organization_id).first()
    if quote is None or not sees_all_cases(contact) or decision not in ("accept", "decline"):
        raise Http404
    try:
        if decision == "accept":
            accept_quote(quote, actor=request.user)
        else:
            decline_quote(quote, actor=request.user)
    except BillingRefused as refused:
        messages.error(request, refused.message)
    return redirect(reverse("portal:plan") + "#quotes")
