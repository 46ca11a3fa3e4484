from typing import Any

from django.contrib import admin

from .canned import HELP
from .models import CannedResponse, Macro


class WithVariables(admin.ModelAdmin):
    """The text's help names the variables filled in for each case (`desk/canned.py`)."""

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        kwargs["help_texts"] = {"body": HELP}
        return super().get_form(request, obj, change, **kwargs)


@admin.register(CannedResponse)
class CannedResponseAdmin(WithVariables):
    list_display = ["title", "policy"]
    list_filter = ["policy"]
    search_fields = ["title", "body"]


@admin.register(Macro)
class MacroAdmin(WithVariables):
    list_display = ["title", "policy", "owner", "status", "severity", "assign_to_me"]
    list_filter = ["policy", "status"]
    search_fields = ["title", "body"]
