"""The agents' call pages: recent calls, logging a call, and a call's page, where the agent
opens a case from it (through the pipeline) or records it on the case it was about."""

from dataclasses import replace
from zoneinfo import ZoneInfo

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tiquetera.core.permissions import agent_required
from tiquetera.directory.errors import InvalidValue
from tiquetera.directory.models import Contact
from tiquetera.inquiries.models import Inquiry
from tiquetera.inquiries.services import takes_inquiries
from tiquetera.tickets.intake.case_policy import CasePolicy, case_policy
from tiquetera.tickets.intake.forms import CaseForm, door_case_form, redrawn
from tiquetera.tickets.intake.request import IntakeError

from .forms import CallForm, RecordOnCaseForm
from .models import Call
from .selectors import call_for, cases_a_call_may_be_about, recent_calls
from .services import (
    CallError,
    log_call,
    open_case_from_call,
    record_call_on_case,
    status_only,
    types_a_call_may_open,
)


@require_safe
@agent_required
def calls(request: HttpRequest) -> HttpResponse:
    """The latest calls, newest first."""
    return render(request, "phone/calls.html", {"calls": recent_calls(request.user)})


@require_http_methods(["GET", "HEAD", "POST"])
@agent_required
def new_call(request: HttpRequest) -> HttpResponse:
    """Log a call; then its page offers to open a case or record it on one."""
    if request.method == "POST":
        form = CallForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                call = log_call(
                    organization=data["organization"],
                    contact=data["contact"],
                    caller_name=data["caller_name"],
                    number=data["number"],
                    direction=data["direction"],
                    started_at=data["started_at"],
                    duration_seconds=data["duration_minutes"] * 60,
                    summary=data["summary"],
                    actor=request.user,
                )
            except InvalidValue as error:
                form.add_error("number", error.message)
            except CallError as error:
                form.add_error(None, error.message)
            else:
                return redirect("phone:call", call_id=call.pk)
    else:
        form = CallForm(initial=_initial(request))
    return render(request, "phone/new_call.html", {"form": form})


@require_safe
@agent_required
def call_page(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call(request, call_id)
    return _call_page(request, call, _case_form(call), _record_form(call))


@require_POST
@agent_required
def open_case(request: HttpRequest, call_id: int) -> HttpResponse:
    """Open a case from the call through the pipeline; a form drawn for another case type is
    only redrawn."""
    call = _call(request, call_id)
    form = _case_form(call, request.POST)
    failure_types = types_a_call_may_open(call)
    if failure_types is not None and request.POST.get("case_type") not in failure_types:
        # a type the page does not offer (seed 004): judged, with the reason on top
        form.is_valid()
        form.add_error(None, status_only(call, failure_types).message)
    elif form.redraw_requested:
        form = _case_form(call, request.POST, redraw=True)
    elif form.is_valid():
        values = form.case_values()
        values.pop("attachments", None)
        try:
            case = open_case_from_call(call, actor=request.user, **values)
        except (CallError, IntakeError) as error:
            form.add_error(None, error.message)
        else:
            return redirect("desk:case", number=case.number)
    return _call_page(request, call, form, _record_form(call))


@require_POST
@agent_required
def record_on_case(request: HttpRequest, call_id: int) -> HttpResponse:
    """Record the call on the case it was about: the urgency's phone notice, or a note."""
    call = _call(request, call_id)
    form = RecordOnCaseForm(request.POST, cases=cases_a_call_may_be_about(call))
    if form.is_valid():
        try:
            case = record_call_on_case(call, form.cleaned_data["case"], actor=request.user)
        except CallError as error:
            form.add_error(None, error.message)
        else:
            return redirect("desk:case", number=case.number)
    return _call_page(request, call, _case_form(call), form)


@require_safe
@agent_required
def type_fields(request: HttpRequest, call_id: int) -> HttpResponse:
    """htmx: the case form's type block for the chosen type."""
    call = _call(request, call_id)
    policy = _call_case_policy(call)
    form = redrawn(policy, request.GET.get("case_type"), request.GET, with_attachments=False)
    return render(request, "portal/_type_fields.html", {"form": form})


def _call(request: HttpRequest, call_id: int) -> Call:
    call = call_for(request.user, call_id)
    if call is None:
        raise Http404
    return call


def _case_form(call: Call, data: QueryDict | None = None, *, redraw: bool = False) -> CaseForm:
    """The policy-built case form for the call's organization, channel "phone" (`door_case_form`);
    the description may stay empty (the call's summary is used)."""
    return door_case_form(
        _call_case_policy(call),
        data,
        redraw=redraw,
        redraw_url=reverse("phone:type_fields", args=[call.pk]),
        initial={"description": call.summary, "phone": call.number},
        description_help=_("Left empty, the call's summary is the description."),
    )


def _call_case_policy(call: Call) -> CasePolicy:
    """The case policy for a case from this call: only the failure types when the call may
    only give a status or report a failure (seed 004)."""
    policy = case_policy(call.organization, channel="phone")
    failure_types = types_a_call_may_open(call)
    if failure_types is None:
        return policy
    return replace(policy, case_types=[t for t in policy.case_types if t.key in failure_types])


def _record_form(call: Call) -> RecordOnCaseForm:
    return RecordOnCaseForm(cases=cases_a_call_may_be_about(call))


def _call_page(
    request: HttpRequest, call: Call, case_form: CaseForm, record_form: RecordOnCaseForm
) -> HttpResponse:
    inquiry = Inquiry.objects.filter(call=call).first()
    return render(
        request,
        "phone/call.html",
        {
            "call": call,
            "case_form": case_form,
            "record_form": record_form,
            "inquiry": inquiry,
            "inquiry_offered": inquiry is None and takes_inquiries(call.organization, "phone"),
            "status_or_failure": types_a_call_may_open(call) is not None,
        },
    )


def _initial(request: HttpRequest) -> dict[str, object]:
    """The contact (and organization) of `?contact=ID`, and now in the organization's zone."""
    zone = timezone.get_current_timezone()
    initial: dict[str, object] = {}
    contact_id = request.GET.get("contact", "")
    contact = None
    if contact_id.isdigit():
        contact = Contact.objects.filter(pk=int(contact_id), is_active=True).first()
    if contact is not None:
        zone = ZoneInfo(contact.organization.time_zone)
        initial.update(contact=contact, organization=contact.organization_id, number=contact.phone)
    now = timezone.localtime(timezone.now(), zone)
    initial["started_at"] = now.replace(second=0, microsecond=0, tzinfo=None)
    return initial
