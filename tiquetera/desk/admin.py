from django.contrib import admin

from .models import CannedResponse, Macro


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin):
    list_display = ["title", "policy"]
    list_filter = ["policy"]
    search_fields = ["title", "body"]


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    list_display = ["title", "policy", "owner", "status", "severity", "assign_to_me"]
    list_filter = ["policy", "status"]
    search_fields = ["title", "body"]
