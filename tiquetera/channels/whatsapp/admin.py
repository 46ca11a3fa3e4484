"""The channel's rows, to see what came in and went out and why something failed; they are
written by the services only. Failed deliveries can be given another round of attempts."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import InboundMessage, OutboundMessage, WebhookDelivery
from .services import retry_deliveries


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "status", "attempts", "next_attempt_at", "processed_at", "error"]
    list_filter = ["status"]
    date_hierarchy = "created_at"
    actions = ["process_again"]

    @admin.action(description=_("Process the failed deliveries again"))
    def process_again(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        retried = retry_deliveries(queryset, actor=request.user)
        count = len(retried)
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery will be processed again.",
                "%(count)d deliveries will be processed again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "phone", "contact", "kind", "outcome", "reason", "case"]
    list_filter = ["outcome", "kind", "reason"]
    search_fields = ["phone", "wamid", "profile_name", "text", "case__number"]
    list_select_related = ["contact__organization", "case"]
    date_hierarchy = "sent_at"


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "case", "status", "attempts", "sent_at", "error_code"]
    list_filter = ["status", "error_code"]
    search_fields = ["to", "wamid", "case__number"]
    list_select_related = ["case"]
    date_hierarchy = "created_at"
