from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tiquetera.core.admin import AuditedAdmin, LabelledTabularInline
from tiquetera.core.labels import severity_label
from tiquetera.sla.admin import targets_table
from tiquetera.sla.models import SlaTarget
from tiquetera.tickets.models import Channel, Severity

from . import services
from .errors import ContractsError
from .models import (
    Consumption,
    Contract,
    EntitlementCounter,
    EntitlementPeriod,
    Plan,
    PlanQuota,
    PurchaseOrder,
)


def _form_error(form: ModelForm, error: ContractsError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


class PlanQuotaInline(LabelledTabularInline):
    model = PlanQuota
    extra = 1


class PlanForm(forms.ModelForm):
    """Coverage as checkboxes of the policy's severities and of the channels, not raw JSON."""

    covered_severities = forms.MultipleChoiceField(
        label=_("covered severities"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The severities the plan attends; none checked: all of them."),
    )
    covered_channels = forms.MultipleChoiceField(
        label=_("covered channels"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Channel.choices,
        help_text=_("The channels the plan attends; none checked: all of them."),
    )

    class Meta:
        model = Plan
        fields = ["covered_severities", "covered_channels"]  # plus the admin's fieldsets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        policy = self.data.get("policy") or self.initial.get("policy") or self.instance.policy_id
        severities = Severity.objects.order_by("rank", "code")
        if policy:
            severities = severities.filter(policy_id=policy)
        choices = {
            code: severity_label(code, name)
            for code, name in severities.values_list("code", "name")
        }
        for code in self.initial.get("covered_severities") or []:
            choices.setdefault(code, code)  # a code the policy no longer has stays visible
        field = self.fields["covered_severities"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = list(choices.items())


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    form = PlanForm
    readonly_fields = ["sla_targets"]
    list_display = ["name", "policy", "key", "service_type", "tier_rank", "total_cap", "is_legacy"]
    list_filter = ["policy", "service_type", "is_legacy"]
    search_fields = ["name", "key"]
    inlines = [PlanQuotaInline]
    fieldsets = [
        (None, {"fields": ["policy", "key", "name", "service_type", "tier_rank", "is_legacy"]}),
        (_("Periods and caps"), {"fields": ["billing_period", "quota_period", "total_cap"]}),
        (_("SLA targets of this plan"), {"fields": ["sla_targets"]}),
        (
            _("Coverage"),
            {
                "fields": [
                    "covered_severities",
                    "covered_channels",
                    "onsite_visits_per_month",
                    "onsite_local_only",
                    "includes_bug_fixes",
                    "includes_new_features",
                    "edition",
                ]
            },
        ),
        (
            _("Prices"),
            {
                "fields": [
                    "price",
                    "currency",
                    "extra_services_discount",
                    "tier_discount_on_fee",
                    "cloud_edition",
                    "cloud_discount",
                    "cloud_discount_on_fee",
                    "when_exhausted",
                    "extra_ticket_price",
                    "per_event_price",
                    "onsite_price",
                    "travel_expenses",
                    "hourly_rate",
                    "billing_fraction_minutes",
                ]
            },
        ),
    ]

    @admin.display(description=_("SLA targets"))
    def sla_targets(self, plan: Plan) -> str:
        """The plan's own targets, then the policy's targets for any plan (the plan's win)."""
        if plan.pk is None:
            return "—"
        return targets_table(
            SlaTarget.objects.filter(policy_id=plan.policy_id, plan__in=[plan.key, ""]).order_by(
                "-plan", "position"
            )
        )


class ContractForm(ModelForm):
    class Meta:
        model = Contract
        fields = ["organization", "plan", "start", "end", "auto_renew", "is_legacy"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organization, plan = cleaned.get("organization"), cleaned.get("plan")
        if self.instance.pk is None and organization and plan and cleaned.get("start"):
            try:
                services.check_new_contract(
                    organization,
                    plan,
                    start=cleaned["start"],
                    end=cleaned.get("end"),
                    legacy=bool(cleaned.get("is_legacy")),
                )
            except ContractsError as error:
                _form_error(self, error)
        return cleaned


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    form = ContractForm
    list_display = ["organization", "plan", "start", "end", "status", "auto_renew", "is_legacy"]
    list_filter = ["status", "auto_renew", "is_legacy", "plan"]
    search_fields = ["organization__legal_name", "organization__tax_id"]
    list_select_related = ["organization", "plan"]
    actions = ["cancel_at_period_end"]

    def get_readonly_fields(self, request: HttpRequest, obj: Contract | None = None) -> list[str]:
        if obj is None:
            return []
        return [
            "organization",
            "plan",
            "start",
            "end",
            "status",
            "is_legacy",
            "cancel_requested_on",
            "renewal_notice_sent_on",
        ]

    def save_model(self, request: HttpRequest, obj: Contract, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.start_contract(
            obj.organization,
            obj.plan,
            start=obj.start,
            end=obj.end,
            auto_renew=obj.auto_renew,
            legacy=obj.is_legacy,
            actor=request.user,  # type: ignore[arg-type]
        )
        obj.pk, obj._state.adding = created.pk, False

    @admin.action(description=_("Cancel at the end of the current period"))
    def cancel_at_period_end(self, request: HttpRequest, queryset: QuerySet[Contract]) -> None:
        today = timezone.localdate()
        for contract in queryset.select_related("plan"):
            try:
                services.request_cancellation(contract, on=today, actor=request.user)  # type: ignore[arg-type]
            except ContractsError as error:
                self.message_user(request, f"{contract}: {error.message}", messages.ERROR)


class EntitlementCounterInline(LabelledTabularInline):
    model = EntitlementCounter
    extra = 0
    readonly_fields = ["used"]


@admin.register(EntitlementPeriod)
class EntitlementPeriodAdmin(admin.ModelAdmin):
    list_display = ["contract", "starts", "ends", "total_cap", "total_used", "expired_on"]
    list_filter = ["expired_on"]
    search_fields = ["contract__organization__legal_name"]
    list_select_related = ["contract__organization", "contract__plan"]
    readonly_fields = ["contract", "starts", "total_used", "expired_on"]
    inlines = [EntitlementCounterInline]


class PurchaseOrderForm(ModelForm):
    class Meta:
        model = PurchaseOrder
        fields = ["organization", "number", "signer", "covers", "quantity", "amount", "currency"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is None and cleaned.get("signer") and cleaned.get("organization"):
            try:
                services.check_purchase_order(
                    PurchaseOrder(**{f: cleaned.get(f) for f in self.Meta.fields})
                )
            except ContractsError as error:
                _form_error(self, error)
        return cleaned


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(admin.ModelAdmin):
    """Adding a purchase order attaches it: the waiting per-event cases it covers are released."""

    form = PurchaseOrderForm
    list_display = ["number", "organization", "signer", "covers", "quantity", "amount", "currency"]
    list_filter = ["covers"]
    search_fields = ["number", "organization__legal_name"]
    list_select_related = ["organization", "signer"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: PurchaseOrder | None = None
    ) -> list[str]:
        return [] if obj is None else [*PurchaseOrderForm.Meta.fields, "attached_at", "attached_by"]

    def save_model(self, request: HttpRequest, obj: PurchaseOrder, form: Any, change: bool) -> None:
        if change:
            return
        released = services.attach_purchase_order(obj, actor=request.user)  # type: ignore[arg-type]
        self.message_user(
            request,
            ngettext(
                "%(count)s waiting case released.",
                "%(count)s waiting cases released.",
                len(released),
            )
            % {"count": len(released)},
        )


@admin.register(Consumption)
class ConsumptionAdmin(admin.ModelAdmin):
    """Read-only: consumptions change only through consume, credit back and purchase orders."""

    list_display = ["reference", "organization", "priority", "outcome", "reason", "created"]
    list_filter = ["outcome", "reason"]
    search_fields = ["reference", "organization__legal_name"]
    list_select_related = ["organization"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
