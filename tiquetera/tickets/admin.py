from django.contrib import admin
from django.http import HttpRequest

from .models import Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Cases are seen here, not changed: they are created by the intake pipeline and moved by
    the lifecycle services, which write the audit log."""

    list_display = ["number", "organization", "status", "severity", "created_at"]
    list_filter = ["status", "severity", "channel", "policy"]
    search_fields = ["number", "subject", "organization__legal_name"]
    list_select_related = ["organization"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return False
