"""The desk's inquiry pages: the list ("Consultas"), an inquiry's conversation with the agent's
answer, closing it, turning it into a case (the policy-built case form, through the pipeline),
and a logged call recorded as an inquiry."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tiquetera.channels.phone.selectors import call_for
from tiquetera.core.permissions import agent_required
from tiquetera.directory.models import Contact
from tiquetera.directory.search import find_contacts
from tiquetera.directory.selectors import organizations_for
from tiquetera.tickets.intake.case_policy import case_policy
from tiquetera.tickets.intake.forms import CaseForm, door_case_form, redrawn
from tiquetera.tickets.intake.request import IntakeError
from tiquetera.tickets.views import file_download

from .forms import AnswerForm
from .models import Inquiry, InquiryAttachment
from .selectors import inquiries_for, inquiry_for
from .services import (
    InquiryError,
    answer_inquiry,
    close_inquiry,
    inquiry_from_call,
    link_to_contact,
    turn_into_case,
)


@require_safe
@agent_required
def inquiries(request: HttpRequest) -> HttpResponse:
    show = "all" if request.GET.get("show") == "all" else "open"
    return render(
        request,
        "inquiries/list.html",
        {"inquiries": inquiries_for(request.user, show=show), "show": show},
    )


@require_safe
@agent_required
def inquiry_page(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    inquiry = _inquiry(request, inquiry_id)
    return _page(request, inquiry, AnswerForm(), _case_form(inquiry))


@require_POST
@agent_required
def link(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    """An unknown sender's inquiry given to the contact chosen (the number registered on them)."""
    inquiry = _inquiry(request, inquiry_id)
    contact_id = request.POST.get("contact", "")
    contact = None
    if contact_id.isdigit():
        contact = Contact.objects.filter(
            pk=int(contact_id),
            is_active=True,
            organization__in=organizations_for(request.user),
        ).first()
    if contact is None:
        raise Http404
    try:
        link_to_contact(inquiry, contact, actor=request.user)
    except InquiryError as error:
        return _page(request, inquiry, AnswerForm(), _case_form(inquiry), error=error.message)
    return redirect("inquiries:inquiry", inquiry_id=inquiry.pk)


@require_POST
@agent_required
def answer(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    inquiry = _inquiry(request, inquiry_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answer_inquiry(inquiry, body=form.cleaned_data["body"], actor=request.user)
        except InquiryError as error:
            form.add_error("body", error.message)
        else:
            return redirect("inquiries:inquiry", inquiry_id=inquiry.pk)
    return _page(request, inquiry, form, _case_form(inquiry), status=400)


@require_POST
@agent_required
def close(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    inquiry = _inquiry(request, inquiry_id)
    try:
        close_inquiry(inquiry, actor=request.user)
    except InquiryError as error:
        return _page(request, inquiry, AnswerForm(), _case_form(inquiry), error=error.message)
    return redirect("inquiries:list")


@require_POST
@agent_required
def to_case(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    """Turn the inquiry into a case through the pipeline; a form drawn for another case type is
    only redrawn."""
    inquiry = _inquiry(request, inquiry_id)
    form = _case_form(inquiry, request.POST)
    if form is None:  # an unknown sender: link the number to a contact first
        raise Http404
    if form.redraw_requested:
        form = _case_form(inquiry, request.POST, redraw=True)
    elif form.is_valid():
        values = form.case_values()
        values.pop("attachments", None)
        try:
            case = turn_into_case(inquiry, actor=request.user, **values)
        except (InquiryError, IntakeError) as error:
            form.add_error(None, error.message)
        else:
            return redirect("desk:case", number=case.number)
    return _page(request, inquiry, AnswerForm(), form, status=400)


@require_safe
@agent_required
def type_fields(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    """htmx: the case form's type block for the chosen type."""
    inquiry = _inquiry(request, inquiry_id)
    if inquiry.organization is None:
        raise Http404
    policy = case_policy(inquiry.organization, channel=inquiry.channel)
    form = redrawn(policy, request.GET.get("case_type"), request.GET, with_attachments=False)
    return render(request, "portal/_type_fields.html", {"form": form})


@require_safe
@login_required
def download(request: HttpRequest, inquiry_id: int, file_id: int) -> FileResponse:
    """A file the client sent with the inquiry: always as a download with the content type read
    from its bytes, never sniffed nor rendered (as a case's attachments are served). 404 for
    whoever is not an agent, as for a missing file."""
    inquiry = _inquiry(request, inquiry_id)
    attachment = InquiryAttachment.objects.filter(pk=file_id, inquiry=inquiry).first()
    if attachment is None:
        raise Http404
    return file_download(attachment.file, attachment.name, attachment.content_type)


@require_POST
@agent_required
def from_call(request: HttpRequest, call_id: int) -> HttpResponse:
    """A logged call that asked for advice or information, recorded as an inquiry."""
    call = call_for(request.user, call_id)
    if call is None:
        raise Http404
    try:
        inquiry = inquiry_from_call(call, actor=request.user)
    except InquiryError as error:
        return render(
            request, "inquiries/refused.html", {"message": error.message, "call": call}, status=400
        )
    return redirect("inquiries:inquiry", inquiry_id=inquiry.pk)


def _inquiry(request: HttpRequest, inquiry_id: int) -> Inquiry:
    inquiry = inquiry_for(request.user, inquiry_id)
    if inquiry is None:
        raise Http404
    return inquiry


def _case_form(
    inquiry: Inquiry, data: QueryDict | None = None, *, redraw: bool = False
) -> CaseForm | None:
    """The policy-built case form for the inquiry's organization and channel
    (`door_case_form`); the description may stay empty (the conversation is used). None for an
    unknown sender, who has no organization (nor policy) yet."""
    if inquiry.organization is None:
        return None
    return door_case_form(
        case_policy(inquiry.organization, channel=inquiry.channel),
        data,
        redraw=redraw,
        redraw_url=reverse("inquiries:type_fields", args=[inquiry.pk]),
        initial={"subject": inquiry.subject, "phone": inquiry.phone},
        description_help=_("Left empty, the conversation is the description."),
    )


def _page(
    request: HttpRequest,
    inquiry: Inquiry,
    answer_form: AnswerForm,
    case_form: CaseForm | None,
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    """The inquiry's page; with `error` (a refused change), a 400 saying it."""
    messages = (
        inquiry.messages.select_related("author")
        .prefetch_related("attachments")
        .order_by("sent_at", "pk")
    )
    return render(
        request,
        "inquiries/inquiry.html",
        {
            "inquiry": inquiry,
            "conversation": messages,
            "answer_form": answer_form,
            "case_form": case_form,
            "error": error,
            **_contacts_found(request, inquiry),
        },
        status=400 if error else status,
    )


def _contacts_found(request: HttpRequest, inquiry: Inquiry) -> dict[str, object]:
    """For an unknown sender's page: the contacts found by `?q=` (name, email or phone) to link
    the number to; at first, those searched by the number itself."""
    if not inquiry.sender_unknown or not inquiry.is_open:
        return {}
    query = request.GET.get("q", inquiry.phone).strip()[:200]
    found = [c for c in find_contacts(query, viewer=request.user) if c.is_active] if query else []
    return {"contact_query": query, "contacts_found": found}
