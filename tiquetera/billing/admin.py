from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tiquetera.core.admin import AuditedAdmin

from . import quotes, services
from .errors import BillingRefused
from .models import Charge, ExtraService, HourlyRate, Quote, TimeEntry


@admin.register(Charge)
class ChargeAdmin(admin.ModelAdmin):
    """The ledger is written by services only: every charge is read-only here."""

    list_display = ["occurred_on", "organization", "kind", "description", "net", "currency"]
    list_filter = ["kind", "currency", ("credited_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "occurred_on"
    search_fields = ["organization__legal_name", "organization__tax_id", "description"]
    list_select_related = ["organization"]

    def get_readonly_fields(self, request: HttpRequest, obj: Charge | None = None) -> list[str]:
        return [field.name for field in Charge._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Charge | None = None) -> bool:
        return False


class TimeEntryForm(ModelForm):
    class Meta:
        model = TimeEntry
        fields = ["organization", "worked_on", "minutes", "description", "reference", "billable"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organization, worked_on = cleaned.get("organization"), cleaned.get("worked_on")
        if self.instance.pk is None and organization and worked_on and cleaned.get("minutes"):
            try:
                services.check_time_entry(
                    organization,
                    cleaned["minutes"],
                    worked_on=worked_on,
                    billable=bool(cleaned.get("billable")),
                )
            except BillingRefused as refused:
                self.add_error(None, refused.message)
        return cleaned


@admin.register(TimeEntry)
class TimeEntryAdmin(admin.ModelAdmin):
    """Adding a time entry logs it through `services.log_time`, which makes its charge; a saved
    entry is read-only (its charge was priced from it)."""

    list_display = ["worked_on", "organization", "agent", "minutes", "reference", "billable"]
    list_filter = ["billable"]
    date_hierarchy = "worked_on"
    search_fields = ["organization__legal_name", "reference", "description"]
    list_select_related = ["organization", "agent"]
    form = TimeEntryForm
    fields = ("organization", "worked_on", "minutes", "description", "reference", "billable")

    def get_readonly_fields(self, request: HttpRequest, obj: TimeEntry | None = None) -> list[str]:
        return [] if obj is None else [*TimeEntryForm.Meta.fields, "contract", "agent"]

    def has_delete_permission(self, request: HttpRequest, obj: TimeEntry | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: TimeEntry, form: Any, change: bool) -> None:
        if change:
            return
        created = services.log_time(
            obj.organization,
            obj.minutes,
            worked_on=obj.worked_on,
            description=obj.description,
            actor=request.user,
            reference=obj.reference,
            billable=obj.billable,
        )
        obj.pk, obj._state.adding = created.pk, False


@admin.register(HourlyRate)
class HourlyRateAdmin(AuditedAdmin):
    list_display = ["plan", "year", "rate"]
    list_filter = ["year", "plan__policy"]
    search_fields = ["plan__name", "plan__key"]
    list_select_related = ["plan"]


@admin.register(ExtraService)
class ExtraServiceAdmin(AuditedAdmin):
    """The policy's catalogue of extra services (loaded from its [services.KEY] section)."""

    list_display = ["name", "policy", "unit", "price", "currency", "discounted"]
    list_filter = ["policy", "unit"]
    search_fields = ["name", "key"]
    list_select_related = ["policy"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    """Quotes are made by services (`quotes.quote_extra_service`, a feature study's quote …);
    here they are read, accepted (billed once) or declined."""

    list_display = ["created_at", "organization", "description", "reference", "net", "currency"]
    list_display += ["status"]
    list_filter = ["status", "kind", "currency"]
    search_fields = ["organization__legal_name", "description", "reference"]
    list_select_related = ["organization"]
    actions = ["accept", "decline"]

    def get_readonly_fields(self, request: HttpRequest, obj: Quote | None = None) -> list[str]:
        return [field.name for field in Quote._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Quote | None = None) -> bool:
        return False

    @admin.action(description=_("Accept the selected quotes (bill them)"))
    def accept(self, request: HttpRequest, queryset: QuerySet[Quote]) -> None:
        for quote in queryset.select_related("organization"):
            try:
                quotes.accept_quote(quote, actor=request.user)
            except BillingRefused as refused:
                self.message_user(request, f"{quote}: {refused.message}", messages.ERROR)

    @admin.action(description=_("Decline the selected quotes"))
    def decline(self, request: HttpRequest, queryset: QuerySet[Quote]) -> None:
        for quote in queryset.select_related("organization"):
            quotes.decline_quote(quote, actor=request.user)
