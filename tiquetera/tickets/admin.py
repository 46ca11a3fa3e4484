"""Cases are shown, not edited; the case catalogue of each policy (severities, types, fields,
scope, intake rules, desk rules) is edited here as well as in the policy file."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from tiquetera.core.admin import AuditedAdmin, LabelledTabularInline
from tiquetera.core.labels import rule_label
from tiquetera.policy.sections.intake import RULES, rule_params

from .models import (
    Case,
    CaseField,
    CaseType,
    DeskRules,
    IntakeCheck,
    IntakeRule,
    RawPayload,
    ScopeCategory,
    Severity,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the services only (they keep the audit log)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class IntakeCheckInline(LabelledTabularInline):
    model = IntakeCheck
    fields = readonly_fields = ("checked_at", "position", "rule", "outcome", "code", "message")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Cases are seen here, not changed: they are created by the intake pipeline and moved by
    the lifecycle services, which write the audit log."""

    list_display = ["number", "organization", "status", "intake", "severity", "created_at"]
    list_filter = ["status", "intake", "severity", "channel", "policy"]
    search_fields = ["number", "subject", "organization__legal_name"]
    list_select_related = ["organization"]
    date_hierarchy = "created_at"
    inlines = [IntakeCheckInline]


@admin.register(RawPayload)
class RawPayloadAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "channel", "content_type", "error"]
    list_filter = ["channel"]
    exclude = ["content"]


@admin.register(Severity)
class SeverityAdmin(AuditedAdmin):
    list_display = ["code", "name", "priority", "rank", "urgent", "policy"]
    list_filter = ["policy"]


@admin.register(CaseType)
class CaseTypeAdmin(AuditedAdmin):
    list_display = ["key", "name", "kind", "default_severity", "team", "position", "policy"]
    list_filter = ["policy", "kind"]


@admin.register(CaseField)
class CaseFieldAdmin(AuditedAdmin):
    list_display = ["key", "label", "position", "policy"]
    list_filter = ["policy"]


@admin.register(ScopeCategory)
class ScopeCategoryAdmin(AuditedAdmin):
    list_display = ["key", "name", "action", "partner", "contact", "policy"]
    list_filter = ["policy", "action"]


class IntakeRuleForm(forms.ModelForm):
    """The rule's parameters are checked by the same schema as the policy file's [[intake]]."""

    kind = forms.ChoiceField(
        label=_("rule"),
        choices=lambda: [(kind, f"{rule_label(kind)} ({kind})") for kind in RULES],
        help_text=_("In the policy file, the rule's identifier is the one in brackets."),
    )

    class Meta:
        model = IntakeRule
        fields = ["policy", "position", "kind", "params", "enabled"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, params = data.get("kind"), data.get("params")
        if kind and isinstance(params, dict):
            try:
                rule_params({**params, "rule": kind})
            except ValidationError as error:
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in detail['loc'])}: {detail['msg']}"
                    for detail in error.errors(include_url=False)
                )
                self.add_error("params", problems)
        elif kind and params is not None:
            self.add_error("params", _("The parameters must be a JSON object."))
        return data


class RuleFilter(admin.SimpleListFilter):
    """By rule, each named in words."""

    title = _("rule")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(kind, rule_label(kind)) for kind in RULES]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(IntakeRule)
class IntakeRuleAdmin(AuditedAdmin):
    form = IntakeRuleForm
    list_display = ["position", "rule", "params", "enabled", "policy"]
    list_filter = ["policy", RuleFilter, "enabled"]
    ordering = ["policy", "position"]

    @admin.display(description=_("rule"), ordering="kind")
    def rule(self, rule: IntakeRule) -> str:
        return rule_label(rule.kind)


@admin.register(DeskRules)
class DeskRulesAdmin(AuditedAdmin):
    list_display = ["policy", "case_prefix", "writing_guide_url"]
