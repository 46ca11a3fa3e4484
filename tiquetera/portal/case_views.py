"""The portal's case page and what a client does there — reply, confirm or reopen a resolved
case, answer the satisfaction survey — and the USR's list of cases to verify. Every change goes
through a service (one audit event each); a refusal comes back as a message on the page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tiquetera.core.errors import DomainError
from tiquetera.directory.models import Contact
from tiquetera.tickets.forms import PurchaseOrderForm
from tiquetera.tickets.intake.pipeline import verify_case
from tiquetera.tickets.lifecycle import billable
from tiquetera.tickets.lifecycle.consent import answer_referral
from tiquetera.tickets.models import Case

from .case_forms import ReopenForm, ReplyForm, SatisfactionForm, VerifyForm
from .case_selectors import case_page, cases_to_verify, may_act_on, portal_case
from .selectors import sees_all_cases
from .services import confirm_solved, not_solved, rate_case, reply_to_case
from .views import client_required


def _case(request: HttpRequest, contact: Contact, number: str) -> Case:
    case = portal_case(request.user, contact, number)
    if case is None:
        raise Http404
    return case


def _page(
    request: HttpRequest,
    contact: Contact,
    case: Case,
    *,
    reply_form: ReplyForm | None = None,
    reopen_form: ReopenForm | None = None,
    rate_form: SatisfactionForm | None = None,
    po_form: PurchaseOrderForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "portal/case.html",
        {
            "contact": contact,
            "organization": case.organization,
            "page": case_page(case, contact=contact, viewer=request.user),
            "reply_form": reply_form or ReplyForm(),
            "reopen_form": reopen_form or ReopenForm(),
            "rate_form": rate_form or SatisfactionForm(),
            "po_form": po_form or PurchaseOrderForm(case=case),
        },
    )


@require_safe
@client_required
def case_detail(request: HttpRequest, contact: Contact, number: str) -> HttpResponse:
    """The case for its organization's contacts (404 for anyone else): where it stands, its
    deadlines, the public conversation and files, and what the client may do now."""
    return _page(request, contact, _case(request, contact, number))


@require_POST
@client_required
def reply(request: HttpRequest, contact: Contact, number: str) -> HttpResponse:
    case = _case(request, contact, number)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            reply_to_case(
                case,
                contact=contact,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your reply was added to the case."))
            return redirect("portal:case", number=case.number)
    return _page(request, contact, case, reply_form=form)


@require_POST
@client_required
def confirm(request: HttpRequest, contact: Contact, number: str) -> HttpResponse:
    case = _acting_on(request, contact, number)
    try:
        confirm_solved(case, contact=contact, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you: the case is closed."))
    return redirect("portal:case", number=case.number)


@require_POST
@client_required
def reopen(request: HttpRequest, contact: Contact, number: str) -> HttpResponse:
    case = _acting_on(request, contact, number)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            not_solved(
                case, contact=contact, reason=form.cleaned_data["reason"], actor=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("We reopened the case and continue working on it."))
            return redirect("portal:case", number=case.number)
    return _page(request, contact, case, reopen_form=form)


@require_POST
@client_required
def rate(request: HttpRequest, contact: Contact, number: str) -> HttpResponse:
    case = _acting_on(request, contact, number)
    form = SatisfactionForm(request.POST)
    if form.is_valid():
        try:
            rate_case(
                case,
                contact=contact,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                actor=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you for your answer."))
        return redirect("portal:case", number=case.number)
    return _page(request, contact, case, rate_form=form)


@require_POST
@client_required
def purchase_order(request: HttpRequest, contact: Contact, number: str) -> HttpResponse:
    """Seed 000: the client sends the signed purchase order a per-event case waits for; the
    case opens at once."""
    case = _case(request, contact, number)
    if not billable.may_settle(request.user, case):
        raise PermissionDenied
    form = PurchaseOrderForm(request.POST, request.FILES, case=case)
    if form.is_valid():
        try:
            billable.attach_purchase_order(
                case,
                number=form.cleaned_data["number"],
                amount=form.cleaned_data["amount"],
                signer=form.cleaned_data["signer"],
                document=form.cleaned_data["document"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Thank you: we received the purchase order and the case is open.")
            )
            return redirect("portal:case", number=case.number)
    return _page(request, contact, case, po_form=form)


@require_POST
@client_required
def price(request: HttpRequest, contact: Contact, number: str) -> HttpResponse:
    """Seeds 001 and 003: the client accepts the per-event price or buys the extra ticket
    offered (the case opens), or declines it (the case is closed, nothing billed)."""
    case = _case(request, contact, number)
    accept = request.POST.get("decision") == "accept"
    try:
        if accept:
            billable.accept_price(case, actor=request.user)
        else:
            billable.decline_price(case, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Thank you: the case is open and an agent will take it.")
            if accept
            else _("You declined the price: the case is closed and nothing is billed."),
        )
    return redirect("portal:case", number=case.number)


@require_POST
@client_required
def consent(request: HttpRequest, contact: Contact, number: str) -> HttpResponse:
    """Seed 002: the client consents to the referral to the partner (the case is referred) or
    declines it (the case is closed without action)."""
    case = _case(request, contact, number)
    accept = request.POST.get("decision") == "accept"
    try:
        answer_referral(case, accepted=accept, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Thank you: the case has been referred to our partner.")
            if accept
            else _("You declined the referral: the case is closed without action."),
        )
    return redirect("portal:case", number=case.number)


def _acting_on(request: HttpRequest, contact: Contact, number: str) -> Case:
    """The case, when `contact` may confirm, reopen or rate it (its requester or supervisor)."""
    case = _case(request, contact, number)
    if not may_act_on(contact, case):
        raise PermissionDenied
    return case


# --- the USR's verification list (seed 002) -------------------------------------------------
def _verifier(contact: Contact) -> None:
    if not sees_all_cases(contact):  # the USR, or a contact who may verify cases
        raise PermissionDenied


@require_safe
@client_required
def verification(request: HttpRequest, contact: Contact) -> HttpResponse:
    """The organization's cases waiting for verification, each with approve and decline."""
    _verifier(contact)
    return render(
        request,
        "portal/verify.html",
        {
            "contact": contact,
            "organization": contact.organization,
            "cases": cases_to_verify(contact),
            "form": VerifyForm(),
        },
    )


@require_POST
@client_required
def verify(request: HttpRequest, contact: Contact, number: str) -> HttpResponse:
    """Seed 002: the USR approves (the rules run again) or declines (invalid) a case."""
    _verifier(contact)
    case = _case(request, contact, number)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or decline the case."))
        return redirect("portal:verification")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        verify_case(case, actor=request.user, approve=approve, note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        done = (
            _("Case %(number)s approved: it goes on to be attended.")
            if approve
            else _("Case %(number)s declined: it will not be attended.")
        )
        messages.success(request, done % {"number": case.number})
    return redirect("portal:verification")
