from django.contrib import admin
from django.http import HttpRequest

from .models import Satisfaction


@admin.register(Satisfaction)
class SatisfactionAdmin(admin.ModelAdmin):
    """The clients' answers to the satisfaction survey: written by the portal only, read here."""

    list_display = ["created", "case", "contact", "score"]
    list_filter = ["score"]
    date_hierarchy = "created"
    search_fields = ["case__number", "contact__name", "comment"]
    list_select_related = ["case", "contact"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Satisfaction | None = None
    ) -> list[str]:
        return [field.name for field in Satisfaction._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Satisfaction | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Satisfaction | None = None) -> bool:
        return False
