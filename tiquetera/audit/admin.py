from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tiquetera.core.labels import verb_label

from .models import AuditEvent

FIELDS = (
    "at",
    "actor",
    "actor_label",
    "verb",
    "content_type",
    "object_id",
    "target_label",
    "organization",
    "before",
    "after",
    "note",
)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The log, to read: nobody adds, changes or deletes an event here (nor anywhere)."""

    list_display = ["at", "actor_label", "what", "target_label", "organization"]
    list_filter = ["verb", ("at", admin.DateFieldListFilter)]
    search_fields = ["target_label"]
    date_hierarchy = "at"
    list_select_related = ["organization"]
    fields = FIELDS
    readonly_fields = FIELDS

    @admin.display(description=_("what"), ordering="verb")
    def what(self, event: AuditEvent) -> str:
        return verb_label(event.verb)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
