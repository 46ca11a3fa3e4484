from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tiquetera.calendars.models import Calendar
from tiquetera.core.admin import AuditedAdmin, LabelledTabularInline
from tiquetera.sla.admin import SlaSettingsInline, SlaTargetInline

from .models import Policy, PolicyRevision


class CalendarInline(LabelledTabularInline):
    model = Calendar
    fields = ["key", "name", "time_zone", "country", "is_default"]
    show_change_link = True
    extra = 0


_REVISION_FIELDS = ("id", "state", "effective_from", "source", "short_checksum", "loaded_at")


class RevisionInline(admin.TabularInline):
    """The files loaded and scheduled (`tiquetera policy load`), read-only: a dated file is
    scheduled and cancelled from the command line (`policy status`, `policy unschedule`)."""

    model = PolicyRevision
    fields = _REVISION_FIELDS
    readonly_fields = _REVISION_FIELDS
    ordering = ["-loaded_at"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("revisions: the files loaded and the ones scheduled")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("checksum (SHA-256)"))
    def short_checksum(self, revision: PolicyRevision) -> str:
        return revision.checksum[:12]


@admin.register(Policy)
class PolicyAdmin(AuditedAdmin):
    list_display = ["name", "slug", "country", "time_zone", "updated_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["source", "updated_at"]
    inlines = [RevisionInline, CalendarInline, SlaSettingsInline, SlaTargetInline]
