"""The desk's pages for a client organization and a contact, and the forms that create and
edit them through the directory's services (the same ones the CSV import and the admin use).
Reading takes an agent; changing takes the directory's add/change permission as well."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tiquetera.core.permissions import agent_required
from tiquetera.directory.errors import DirectoryError
from tiquetera.directory.models import Contact, Organization
from tiquetera.directory.selectors import contacts_of, organizations_for
from tiquetera.directory.services import (
    Saved,
    create_contact,
    create_organization,
    invite_contact,
    set_payment_standing,
    update_contact,
    update_organization,
)

from .directory_forms import (
    ContactForm,
    OrganizationForm,
    contact_initial,
    organization_initial,
    show_refusal,
)
from .directory_pages import contact_page, organization_page


def may_change(user: User | AnonymousUser, action: str, model: str) -> bool:
    """The Django permission the admin asks for too, e.g. ("change", "contact")."""
    return user.has_perm(f"directory.{action}_{model}")


def _agent(request: HttpRequest) -> User:
    """The signed-in agent (`agent_required` let only agents in)."""
    assert isinstance(request.user, User)
    return request.user


@require_safe
@agent_required
def organization(request: HttpRequest, organization_id: int) -> HttpResponse:
    found = _organization(request, organization_id)
    return render(
        request,
        "desk/organization.html",
        {
            "page": organization_page(found),
            "may_edit": may_change(request.user, "change", "organization"),
            "may_add_contact": may_change(request.user, "add", "contact"),
        },
    )


@require_safe
@agent_required
def contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    found = _contact(request, contact_id)
    return render(
        request,
        "desk/contact.html",
        {"page": contact_page(found), "may_edit": may_change(request.user, "change", "contact")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@agent_required
def new_organization(request: HttpRequest) -> HttpResponse:
    _require(request, "add", "organization")
    form = OrganizationForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: create_organization(
            form.cleaned_data["policy"], form.organization_fields(), actor=_agent(request)
        ),
        "desk:organization",
        title=_("New organization"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@agent_required
def edit_organization(request: HttpRequest, organization_id: int) -> HttpResponse:
    _require(request, "change", "organization")
    found = _organization(request, organization_id)
    form = OrganizationForm(request.POST or None, initial=organization_initial(found), editing=True)
    return _form_page(
        request,
        form,
        lambda: update_organization(found, form.organization_fields(), actor=_agent(request)),
        "desk:organization",
        title=found.legal_name,
        organization=found,
    )


@require_POST
@agent_required
def set_standing(request: HttpRequest, organization_id: int) -> HttpResponse:
    """Mark the organization current or behind on payments (`set_payment_standing`)."""
    _require(request, "change", "organization")
    found = _organization(request, organization_id)
    try:
        set_payment_standing(found, request.POST.get("standing", ""), actor=_agent(request))
    except DirectoryError as error:
        messages.error(request, error.message)
    return redirect("desk:organization", found.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@agent_required
def new_contact(request: HttpRequest, organization_id: int) -> HttpResponse:
    _require(request, "add", "contact")
    found = _organization(request, organization_id)
    form = ContactForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: create_contact(found, form.contact_fields(), actor=_agent(request)),
        "desk:contact",
        title=_("New contact of %(organization)s") % {"organization": found.legal_name},
        organization=found,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@agent_required
def edit_contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    _require(request, "change", "contact")
    found = _contact(request, contact_id)
    form = ContactForm(request.POST or None, initial=contact_initial(found), editing=True)
    return _form_page(
        request,
        form,
        lambda: update_contact(found, form.contact_fields(), actor=_agent(request)),
        "desk:contact",
        title=found.name,
        organization=found.organization,
    )


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[], Saved[Organization] | Saved[Contact]],
    page: str,
    **context: object,
) -> HttpResponse:
    """A valid submission is saved through the service `save` calls and the agent is sent to
    `page` of what was saved, with its warnings; a refusal comes back beside its fields."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except DirectoryError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Saved."))
            for warning in saved.warnings:
                messages.warning(request, warning)
            return redirect(page, saved.obj.pk)
    return render(request, "desk/directory_form.html", {"form": form, **context})


def _organization(request: HttpRequest, organization_id: int) -> Organization:
    found = organizations_for(request.user).filter(pk=organization_id).first()
    if found is None:
        raise Http404
    return found


@require_POST
@agent_required
def invite(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Invite the contact to the portal, or send the invitation again (`invite_contact`)."""
    _require(request, "change", "contact")
    found = _contact(request, contact_id)
    try:
        invite_contact(found, actor=_agent(request))
    except DirectoryError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The invitation to the portal was sent to %(email)s.") % {"email": found.email},
        )
    return redirect("desk:contact", found.pk)


def _contact(request: HttpRequest, contact_id: int) -> Contact:
    found = Contact.objects.filter(pk=contact_id).select_related("organization").first()
    if found is None or not contacts_of(found.organization, request.user).filter(pk=found.pk):
        raise Http404
    return found


def _require(request: HttpRequest, action: str, model: str) -> None:
    if not may_change(request.user, action, model):
        raise PermissionDenied
