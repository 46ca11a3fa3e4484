"""SLA targets where an administrator looks for them: their own list, editable inside the
policy (beside its calendars), and read on each calendar's and plan's page, each target's time
in business days and hours ("3 días hábiles (24 h)") as well as in minutes."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tiquetera.calendars.durations import business_text
from tiquetera.core.admin import AuditedAdmin, LabelledTabularInline

from .models import SlaSettings, SlaTarget


def within(target: SlaTarget) -> str:
    """The target's time in words, in days of its calendar's working day."""
    if target.minutes is None or target.calendar_id is None:
        return "—"
    return business_text(target.minutes, target.calendar.day_minutes)


def targets_table(targets: QuerySet[SlaTarget]) -> SafeString | str:
    """A read-only list of targets, for the calendar's and the plan's pages: "first response,
    severity S1, plan any: 4 h (Horario regular)"."""
    rows = [(str(target), target.calendar.name) for target in targets.select_related("calendar")]
    if not rows:
        return str(_("No SLA target uses it."))
    return format_html_join("\n", "<div>{} ({})</div>", rows)


class SlaTargetInline(LabelledTabularInline):
    model = SlaTarget
    fields = ["metric", "severity", "plan", "minutes", "in_words", "calendar", "position"]
    readonly_fields = ["in_words"]
    extra = 0

    @admin.display(description=_("in business days and hours"))
    def in_words(self, target: SlaTarget) -> str:
        return within(target) if target.pk else "—"


class SlaSettingsInline(admin.StackedInline):
    model = SlaSettings
    extra = 0
    max_num = 1


@admin.register(SlaTarget)
class SlaTargetAdmin(AuditedAdmin):
    list_display = ["metric", "severity", "plan", "in_words", "calendar", "policy"]
    list_filter = ["policy", "metric", "calendar"]
    list_select_related = ["calendar", "policy"]
    search_fields = ["severity", "plan"]

    @admin.display(description=_("target"), ordering="minutes")
    def in_words(self, target: SlaTarget) -> str:
        return within(target)

    def get_queryset(self, request: HttpRequest) -> QuerySet[SlaTarget]:
        return super().get_queryset(request).select_related("calendar", "policy")
