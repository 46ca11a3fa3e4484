"""The directory in the Django admin. Every save goes through `services`, so phones and emails are
normalised the same way as everywhere else and a standing change records who made it and when."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tiquetera.core.admin import LabelledTabularInline, NamedValuesListFilter

from . import selectors, services
from .errors import DirectoryError, InvalidInput
from .models import Agent, Contact, Organization, Team

_FLAGS = ("may_open_cases", "may_verify_cases", "may_sign_purchase_orders")


def _show_problems(form: forms.BaseForm, error: InvalidInput) -> None:
    for problem in error.problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


def _adopt(obj: Model, saved: Model) -> None:
    """Points the admin's in-memory object at the row a service saved (for inlines and logs)."""
    obj.pk = saved.pk
    obj.refresh_from_db()
    obj._state.adding = False


def _warn(request: HttpRequest, warnings: list[str]) -> None:
    for warning in warnings:
        messages.warning(request, warning)


# --- Organizations ----------------------------------------------------------------------------


class OrganizationForm(forms.ModelForm):
    time_zone = forms.CharField(
        label=_("time zone"),
        required=False,
        help_text=_("Empty: the country's time zone, e.g. America/Bogota."),
    )

    class Meta:
        model = Organization
        fields = [
            "policy",
            "legal_name",
            "tax_id",
            "country",
            "time_zone",
            "edition",
            "locality",
            "standing",
            "notes",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].required = False  # empty: local, the default

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        policy = cleaned.get("policy")
        if policy is None:
            return cleaned
        try:
            normalised, _warnings = services.clean_organization(
                self.organization_fields(cleaned), policy=policy
            )
        except InvalidInput as error:
            _show_problems(self, error)
            return cleaned
        cleaned.update(
            legal_name=normalised.legal_name,
            tax_id=normalised.tax_id,
            country=normalised.country,
            time_zone=normalised.time_zone,
            edition=normalised.edition,
        )
        return cleaned

    @staticmethod
    def organization_fields(cleaned: dict[str, Any]) -> services.OrganizationFields:
        return services.OrganizationFields(
            legal_name=cleaned.get("legal_name", ""),
            tax_id=cleaned.get("tax_id", ""),
            country=cleaned.get("country", ""),
            time_zone=cleaned.get("time_zone", ""),
            edition=cleaned.get("edition", ""),
            locality=cleaned.get("locality") or "local",
            notes=cleaned.get("notes", ""),
            is_active=cleaned.get("is_active", True),
        )


class ContactForm(forms.ModelForm):
    """Validates and normalises phones and email with the organization's country; keeps the
    generic-mailbox and old-landline notices in `warnings` for the admin to show."""

    phone = forms.CharField(
        label=_("phone"),
        max_length=40,
        required=False,
        help_text=_("With country and area code, e.g. +57 606 3134484 or +57 310 614 9927."),
    )
    whatsapp = forms.CharField(label=_("WhatsApp number"), max_length=40, required=False)

    class Meta:
        model = Contact
        fields = [
            "organization",
            "name",
            "email",
            "phone",
            "whatsapp",
            "whatsapp_opt_in",
            "role",
            *_FLAGS,
            "language",
            "is_active",
            "away_until",
        ]

    def __init__(self, *args: Any, country: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country = country
        self.warnings: list[str] = []
        self.contact_fields: services.ContactFields | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organization = cleaned.get("organization")
        if organization is None and self.instance.organization_id:
            organization = self.instance.organization
        country = self.country or (organization.country if organization else "CO")
        flags = {flag: cleaned.get(flag) if flag in self.changed_data else None for flag in _FLAGS}
        fields = services.ContactFields(
            name=cleaned.get("name", ""),
            email=cleaned.get("email", ""),
            phone=cleaned.get("phone", ""),
            whatsapp=cleaned.get("whatsapp", ""),
            whatsapp_opt_in=cleaned.get("whatsapp_opt_in", False),
            role=cleaned.get("role", Contact.Role.USER),
            language=cleaned.get("language", "es"),
            is_active=cleaned.get("is_active", True),
            away_until=cleaned.get("away_until"),
            **flags,
        )
        try:
            normalised, self.warnings = services.clean_contact(fields, country=country)
        except InvalidInput as error:
            _show_problems(self, error)
            return cleaned
        if organization is not None and organization.pk and normalised.email:
            taken = Contact.objects.filter(
                organization=organization, email__iexact=normalised.email
            )
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("email", gettext("Another contact already has this email."))
        cleaned.update(email=normalised.email, phone=normalised.phone, whatsapp=normalised.whatsapp)
        self.contact_fields = normalised
        return cleaned


class ContactInlineFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "country": self.instance.country or "CO"}

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            email = (form.cleaned_data or {}).get("email", "").lower()
            if email and form not in self.deleted_forms:
                if email in seen:
                    form.add_error("email", gettext("Another contact already has this email."))
                seen.add(email)


class ContactInline(LabelledTabularInline):
    model = Contact
    form = ContactForm
    formset = ContactInlineFormSet
    fields = ["name", "email", "phone", "role", *_FLAGS, "is_active"]
    extra = 0
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationForm
    list_display = ["legal_name", "tax_id", "country", "policy", "edition", "standing"]
    list_filter = ["policy", "standing", "country", ("edition", NamedValuesListFilter), "is_active"]
    search_fields = ["legal_name", "tax_id"]
    readonly_fields = ["standing_set_by", "standing_set_at"]
    inlines = [ContactInline]
    actions = ["mark_behind", "mark_current"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "policy",
                    "legal_name",
                    "tax_id",
                    "country",
                    "time_zone",
                    "edition",
                    "locality",
                ]
            },
        ),
        (_("Payment standing"), {"fields": ["standing", "standing_set_by", "standing_set_at"]}),
        (None, {"fields": ["notes", "is_active"]}),
    ]

    def save_model(self, request: Any, obj: Organization, form: Any, change: bool) -> None:
        fields = OrganizationForm.organization_fields(form.cleaned_data)
        if change:
            current = Organization.objects.select_related("policy").get(pk=obj.pk)
            saved = services.update_organization(current, fields, actor=request.user)
        else:
            policy = form.cleaned_data["policy"]
            saved = services.create_organization(policy, fields, actor=request.user)
        if "standing" in form.changed_data:
            services.set_payment_standing(saved.obj, obj.standing, actor=request.user)
        _warn(request, saved.warnings)
        _adopt(obj, saved.obj)

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Contact:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads these three lists, as formset.save() would set them.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for contact_form in formset.forms:
            if contact_form in formset.deleted_forms:
                if contact_form.instance.pk:
                    formset.deleted_objects.append(contact_form.instance)
                    contact_form.instance.delete()
                continue
            if not contact_form.has_changed() or contact_form.contact_fields is None:
                continue
            if contact_form.instance.pk:
                current = Contact.objects.select_related("organization").get(
                    pk=contact_form.instance.pk
                )
                saved = services.update_contact(
                    current, contact_form.contact_fields, actor=request.user
                )
            else:
                saved = services.create_contact(
                    formset.instance, contact_form.contact_fields, actor=request.user
                )
            _warn(request, contact_form.warnings)  # from the text as typed, before normalising
            _adopt(contact_form.instance, saved.obj)
            if saved.created:
                formset.new_objects.append(saved.obj)
            elif saved.changed:
                formset.changed_objects.append((saved.obj, contact_form.changed_data))

    @admin.action(description=_("Mark as behind on payments"))
    def mark_behind(self, request: Any, queryset: QuerySet[Organization]) -> None:
        self._set_standing(request, queryset, Organization.Standing.BEHIND)

    @admin.action(description=_("Mark as current on payments"))
    def mark_current(self, request: Any, queryset: QuerySet[Organization]) -> None:
        self._set_standing(request, queryset, Organization.Standing.CURRENT)

    def _set_standing(self, request: Any, queryset: QuerySet[Organization], standing: str) -> None:
        changed = sum(
            services.set_payment_standing(org, standing, actor=request.user).changed
            for org in queryset
        )
        messages.success(
            request,
            ngettext("%(count)d organization changed.", "%(count)d organizations changed.", changed)
            % {"count": changed},
        )


# --- Contacts ---------------------------------------------------------------------------------


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    form = ContactForm
    list_display = ["name", "organization", "email", "phone", "role", "user"]
    list_filter = ["role", "organization__policy", "whatsapp_opt_in", "is_active"]
    search_fields = ["name", "email", "phone", "organization__legal_name", "organization__tax_id"]
    list_select_related = ["organization", "user"]
    autocomplete_fields = ["organization"]
    actions = ["invite_to_portal"]

    def get_readonly_fields(self, request: Any, obj: Contact | None = None) -> list[str]:
        # A contact stays in its organization (a tenant boundary): add a new one elsewhere.
        return ["user", "organization"] if obj else ["user"]

    def save_model(self, request: Any, obj: Contact, form: Any, change: bool) -> None:
        if change:
            current = Contact.objects.select_related("organization").get(pk=obj.pk)
            saved = services.update_contact(current, form.contact_fields, actor=request.user)
        else:
            organization = form.cleaned_data["organization"]
            saved = services.create_contact(organization, form.contact_fields, actor=request.user)
        _warn(request, form.warnings)  # from the text as typed, before normalising
        _adopt(obj, saved.obj)

    @admin.action(description=_("Invite to the portal (or send the invitation again)"))
    def invite_to_portal(self, request: Any, queryset: QuerySet[Contact]) -> None:
        """`services.invite_contact` for each: a portal login, once, and the invitation email."""
        for contact in queryset.select_related("user", "organization"):
            try:
                saved = services.invite_contact(contact, actor=request.user)
            except DirectoryError as error:
                messages.error(request, error.message)
                continue
            messages.success(
                request,
                gettext("Invitation sent to %(name)s (%(email)s).")
                % {"name": contact.name, "email": saved.obj.to},
            )


# --- Agents and teams -------------------------------------------------------------------------


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key"]
    prepopulated_fields = {"key": ["name"]}


class AgentForm(forms.ModelForm):
    skills_text = forms.CharField(
        label=_("skills"),
        required=False,
        help_text=_("The product modules this agent knows, separated by commas."),
    )

    class Meta:
        model = Agent
        fields = ["user", "teams", "is_vendor_admin", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skills_text"].initial = ", ".join(self.instance.skills or [])

    def skills(self) -> list[str]:
        return [s.strip() for s in self.cleaned_data.get("skills_text", "").split(",")]


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    form = AgentForm
    list_display = ["__str__", "is_vendor_admin", "is_active"]
    list_filter = ["teams", "is_vendor_admin", "is_active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    filter_horizontal = ["teams"]

    def has_add_permission(self, request: Any) -> bool:
        return selectors.is_vendor_admin(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request: Any, obj: Agent | None = None) -> bool:
        return selectors.is_vendor_admin(request.user) and super().has_change_permission(
            request, obj
        )

    def save_model(self, request: Any, obj: Agent, form: Any, change: bool) -> None:
        saved = services.add_agent(
            form.cleaned_data["user"],
            list(form.cleaned_data["teams"]),
            form.skills(),
            actor=request.user,
            is_vendor_admin=form.cleaned_data["is_vendor_admin"],
            is_active=form.cleaned_data["is_active"],
        )
        _adopt(obj, saved.obj)
