from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Call


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    """Calls are logged from the desk (`/calls/`), with their audit event; here they are read."""

    list_display = ["started_at", "caller_name", "organization", "direction", "case", "agent"]
    list_filter = ["direction"]
    search_fields = ["caller_name", "number", "summary", "case__number"]
    list_select_related = ["organization", "case", "agent"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
