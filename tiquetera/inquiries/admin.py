from django.contrib import admin

from .models import Inquiry, InquiryMessage


class InquiryMessageInline(admin.TabularInline):
    model = InquiryMessage
    extra = 0
    fields = ["sent_at", "direction", "author", "body", "sent_by_whatsapp"]
    readonly_fields = ["sent_at", "direction", "author", "body", "sent_by_whatsapp"]
    can_delete = False


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ["subject", "name", "organization", "channel", "status", "last_message_at"]
    list_filter = ["status", "channel"]
    search_fields = ["subject", "name", "phone", "organization__legal_name"]
    raw_id_fields = ["organization", "contact", "case", "call"]
    inlines = [InquiryMessageInline]
