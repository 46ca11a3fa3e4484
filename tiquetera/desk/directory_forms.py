"""The desk's forms for organizations and contacts: plain fields, turned into the directory
services' `OrganizationFields` / `ContactFields` (which clean and validate them, as for the
import and the admin)."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tiquetera.core.widgets import DatePicker
from tiquetera.directory.errors import DirectoryError, InvalidInput, InvalidValue
from tiquetera.directory.models import Contact
from tiquetera.directory.services import ContactFields, OrganizationFields
from tiquetera.policy.models import Policy


class OrganizationForm(forms.Form):
    policy = forms.ModelChoiceField(
        label=_("Policy"), queryset=Policy.objects.order_by("name"), required=True
    )
    legal_name = forms.CharField(label=_("Legal name"), max_length=200)
    tax_id = forms.CharField(
        label=_("Tax id"), max_length=32, required=False, help_text=_("NIT, RFC or RUC.")
    )
    country = forms.CharField(label=_("Country"), max_length=2, initial="CO")
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        required=False,
        help_text=_("Empty: the country's time zone."),
    )
    edition = forms.CharField(label=_("Product edition"), max_length=32, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:  # an organization stays under its policy
            del self.fields["policy"]

    def organization_fields(self) -> OrganizationFields:
        data = self.cleaned_data
        return OrganizationFields(
            legal_name=data["legal_name"],
            tax_id=data["tax_id"],
            country=data["country"],
            time_zone=data["time_zone"],
            edition=data["edition"],
            notes=data["notes"],
            is_active=data["is_active"],
        )


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, help_text=_("e.g. 310 614 9927")
    )
    whatsapp = forms.CharField(label=_("WhatsApp number"), max_length=40, required=False)
    whatsapp_opt_in = forms.BooleanField(label=_("Accepts WhatsApp messages"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Contact.Role.choices)
    may_open_cases = forms.BooleanField(label=_("May open cases"), required=False)
    may_verify_cases = forms.BooleanField(label=_("May verify others' cases"), required=False)
    may_sign_purchase_orders = forms.BooleanField(
        label=_("May sign purchase orders"), required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="es")
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    away_until = forms.DateField(
        label=_("Away until"),
        required=False,
        widget=DatePicker(),
        help_text=_("A USR's absence: meanwhile the manager or the administrator opens cases."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if not editing:  # a new contact's rights start from the role's defaults
            for name in ("may_open_cases", "may_verify_cases", "may_sign_purchase_orders"):
                del self.fields[name]

    def contact_fields(self) -> ContactFields:
        data = self.cleaned_data
        return ContactFields(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            whatsapp=data["whatsapp"],
            whatsapp_opt_in=data["whatsapp_opt_in"],
            role=data["role"],
            may_open_cases=data.get("may_open_cases"),
            may_verify_cases=data.get("may_verify_cases"),
            may_sign_purchase_orders=data.get("may_sign_purchase_orders"),
            language=data["language"],
            is_active=data["is_active"],
            away_until=data["away_until"],
        )


def show_refusal(form: forms.Form, error: DirectoryError) -> None:
    """The service's refusal on the form: each problem on its field when the form has it."""
    problems = error.problems if isinstance(error, InvalidInput) else [error]
    for problem in problems:
        name = problem.field if isinstance(problem, InvalidValue) else None
        form.add_error(name if name in form.fields else None, problem.message)


def organization_initial(organization: Any) -> dict[str, Any]:
    return {
        name: getattr(organization, name)
        for name in (
            "legal_name",
            "tax_id",
            "country",
            "time_zone",
            "edition",
            "notes",
            "is_active",
        )
    }


def contact_initial(contact: Contact) -> dict[str, Any]:
    return {name: getattr(contact, name) for name in ContactForm.base_fields}
