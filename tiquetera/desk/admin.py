from django.contrib import admin

from .models import CannedResponse


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin):
    list_display = ["title", "policy"]
    list_filter = ["policy"]
    search_fields = ["title", "body"]
