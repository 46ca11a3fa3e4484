"""The desk's "new case" page: an agent opens a case on a contact's behalf, from the channel
the client used, with the same policy-built form as the portal and the phone channel
(`tickets.intake.forms.CaseForm`), through the intake pipeline."""

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from tiquetera.core.permissions import agent_required
from tiquetera.directory.models import Contact
from tiquetera.directory.search import find_contacts
from tiquetera.directory.selectors import organizations_for
from tiquetera.tickets.intake.case_policy import case_policy
from tiquetera.tickets.intake.forms import CaseForm, redrawn
from tiquetera.tickets.intake.request import IntakeError
from tiquetera.tickets.models import Channel

from .services import ON_BEHALF_CHANNELS, OnBehalfError, open_case_on_behalf


@require_http_methods(["GET", "HEAD", "POST"])
@agent_required
def new_case(request: HttpRequest) -> HttpResponse:
    """Without a contact: find one (`?q=`) or pick one of an organization's (`?organization=`).
    With one (`?contact=ID&channel=…`): the case form for that contact's policy and channel."""
    contact = _contact(request)
    if contact is None:
        return _choose_contact(request)
    channel = _channel(request)
    policy = case_policy(contact.organization, channel=channel)
    url = _fields_url(contact, channel)
    if request.method != "POST":
        form = CaseForm(
            case_policy=policy,
            case_type=request.GET.get("case_type"),
            initial={"phone": contact.phone},
            redraw_url=url,
        )
        return _form_page(request, contact, channel, form)
    form = CaseForm(request.POST, request.FILES, case_policy=policy, redraw_url=url)
    if form.redraw_requested:
        chosen = form.chosen.key if form.chosen else None
        form = redrawn(policy, chosen, request.POST, redraw_url=url)
    elif form.is_valid():
        try:
            case = open_case_on_behalf(
                contact,
                channel=channel,
                values=form.case_values(),
                posted=form.posted(),
                actor=request.user,
            )
        except (OnBehalfError, IntakeError) as error:
            form.add_error(None, error.message)
        else:
            return redirect("desk:case", number=case.number)
    return _form_page(request, contact, channel, form)


@require_safe
@agent_required
def type_fields(request: HttpRequest) -> HttpResponse:
    """htmx: the form's type block for the chosen type."""
    contact = _contact(request)
    if contact is None:
        raise Http404
    policy = case_policy(contact.organization, channel=_channel(request))
    form = redrawn(policy, request.GET.get("case_type"), request.GET)
    return render(request, "portal/_type_fields.html", {"form": form})


def _contact(request: HttpRequest) -> Contact | None:
    params: QueryDict = request.GET
    contact_id = params.get("contact", "")
    if not contact_id.isdigit():
        return None
    return (
        Contact.objects.filter(
            pk=int(contact_id),
            is_active=True,
            organization__in=organizations_for(request.user).values("pk"),
        )
        .select_related("organization", "organization__policy")
        .first()
    )


def _channel(request: HttpRequest) -> str:
    channel = request.GET.get("channel", Channel.PHONE)
    return channel if channel in ON_BEHALF_CHANNELS else Channel.PHONE


def _fields_url(contact: Contact, channel: str) -> str:
    return (
        reverse("desk:new_case_fields")
        + "?"
        + urlencode({"contact": str(contact.pk), "channel": channel})
    )


def _choose_contact(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    organization_id = request.GET.get("organization", "")
    organization = None
    contacts: list[Contact] = []
    if organization_id.isdigit():
        organization = organizations_for(request.user).filter(pk=int(organization_id)).first()
        if organization is not None:
            contacts = list(organization.contacts.filter(is_active=True).order_by("name"))
    elif query:
        contacts = [c for c in find_contacts(query, viewer=request.user) if c.is_active]
    context = {"query": query, "organization": organization, "contacts": contacts}
    return render(request, "desk/new_case_contact.html", context)


def _form_page(
    request: HttpRequest, contact: Contact, channel: str, form: CaseForm
) -> HttpResponse:
    channels = [(value, label) for value, label in Channel.choices if value in ON_BEHALF_CHANNELS]
    context = {"contact": contact, "channel": channel, "channels": channels, "form": form}
    return render(request, "desk/new_case.html", context)
