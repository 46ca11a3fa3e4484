"""The agent's forms for a call: logging it, and recording it on an existing case (the case
opened from a call uses the policy-built `tickets.intake.forms.CaseForm`, without files)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiquetera.core.widgets import DateTimePicker
from tiquetera.directory.models import Contact, Organization
from tiquetera.tickets.models import Case

from .models import Call


class ContactChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.organization.legal_name}"


class CaseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} · {obj.subject} ({obj.get_status_display()})"


class CallForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.filter(is_active=True)
    )
    contact = ContactChoice(
        label=_("Contact"),
        queryset=Contact.objects.filter(is_active=True).select_related("organization"),
        required=False,
        help_text=_("Leave it empty when the caller is not a registered contact."),
    )
    caller_name = forms.CharField(
        label=_("Caller's name"),
        max_length=200,
        required=False,
        help_text=_("The contact's name when left empty."),
    )
    number = forms.CharField(
        label=_("Phone number"),
        max_length=32,
        required=False,
        help_text=_("With country and area code, e.g. +57 606 3134484."),
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Call.Direction.choices, initial=Call.Direction.INBOUND
    )
    started_at = forms.DateTimeField(
        label=_("Started"),
        widget=DateTimePicker(),
        help_text=_("In the organization's time zone."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=0, max_value=24 * 60, initial=5
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the caller said and what was agreed."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organization, contact = data.get("organization"), data.get("contact")
        if organization and contact and contact.organization_id != organization.pk:
            self.add_error(
                "contact",
                _("%(contact)s is not a contact of %(organization)s.")
                % {"contact": contact.name, "organization": organization.legal_name},
            )
        if organization and data.get("started_at"):
            # typed as wall time in the organization's zone, whatever zone the form read it in
            naive = timezone.make_naive(data["started_at"])
            data["started_at"] = timezone.make_aware(naive, ZoneInfo(organization.time_zone))
        if not data.get("caller_name") and not contact:
            self.add_error("caller_name", _("Write the caller's name or choose the contact."))
        return data


class RecordOnCaseForm(forms.Form):
    case = CaseChoice(label=_("Case"), queryset=Case.objects.none())

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
