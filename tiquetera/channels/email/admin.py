"""Inbound email as agents see it: what came in, what it became, and what could not be taken
in (status "failed", with the error), which an agent can send to be processed again."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import InboundEmail
from .services import retry_email


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    list_display = [
        "received_at",
        "sender",
        "subject",
        "status",
        "reason",
        "sender_check",
        "case",
        "attempts",
    ]
    list_filter = ["status", "reason", "sender_check", "mailbox"]
    search_fields = ["sender", "subject", "message_id", "case__number"]
    list_select_related = ["case"]
    date_hierarchy = "received_at"
    readonly_fields = [f.name for f in InboundEmail._meta.fields]
    actions = ["process_again"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Process the failed emails again"), permissions=["view"])
    def process_again(self, request: HttpRequest, queryset: QuerySet[InboundEmail]) -> None:
        failed = list(queryset.filter(status=InboundEmail.Status.FAILED))
        done = [retry_email(inbound, actor=request.user) for inbound in failed]
        processed = sum(1 for inbound in done if inbound.status != InboundEmail.Status.FAILED)
        self.message_user(
            request,
            ngettext(
                "%(count)d email processed again.", "%(count)d emails processed again.", processed
            )
            % {"count": processed},
            messages.SUCCESS if processed == len(failed) else messages.WARNING,
        )
