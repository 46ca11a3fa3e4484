from django.contrib import admin

from tiquetera.calendars.models import Calendar
from tiquetera.core.admin import AuditedAdmin, LabelledTabularInline
from tiquetera.sla.admin import SlaSettingsInline, SlaTargetInline

from .models import Policy


class CalendarInline(LabelledTabularInline):
    model = Calendar
    fields = ["key", "name", "time_zone", "country", "is_default"]
    show_change_link = True
    extra = 0


@admin.register(Policy)
class PolicyAdmin(AuditedAdmin):
    list_display = ["name", "slug", "country", "time_zone", "updated_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["source", "updated_at"]
    inlines = [CalendarInline, SlaSettingsInline, SlaTargetInline]
