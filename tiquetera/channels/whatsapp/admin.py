"""The channel's rows, to see what came in and went out and why something failed; they are
written by the services only. Failed deliveries can be given another round of attempts. Reasons
and error codes read as words (`core.labels`); Meta's own codes are named as Meta's."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tiquetera.core.labels import reason_label

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


# WhatsApp's message types; another (a new one) shows as WhatsApp names it
KINDS = {
    "text": _("text"),
    "button": _("button"),
    "interactive": _("choice in a list"),
    "image": _("image"),
    "document": _("document"),
    "audio": _("audio"),
    "video": _("video"),
    "sticker": _("sticker"),
    "location": _("location"),
    "contacts": _("contact card"),
    "reaction": _("reaction"),
}


def kind_words(code: str) -> str:
    return str(KINDS.get(code, code))


def code_words(code: str) -> str:
    """A reason or error code in words: ours by its label, Meta's numbers as Meta's code."""
    if not code:
        return "—"
    if code.isdigit():
        return _("Meta's code %(code)s") % {"code": code}
    return reason_label(code)


class CodeFilter(admin.SimpleListFilter):
    """Filter by the codes present, each shown in words."""

    field = ""
    words = staticmethod(code_words)

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        codes = model_admin.model.objects.exclude(**{self.field: ""})
        values = codes.order_by().values_list(self.field, flat=True).distinct()
        return sorted(((code, self.words(code)) for code in values), key=lambda pair: pair[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class KindFilter(CodeFilter):
    title = _("type")
    parameter_name = field = "kind"
    words = staticmethod(kind_words)


class ReasonFilter(CodeFilter):
    title = _("reason")
    parameter_name = field = "reason"


class ErrorCodeFilter(CodeFilter):
    title = _("error")
    parameter_name = field = "error_code"


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "phone", "contact", "kind_words", "outcome", "reason_words", "case"]
    list_filter = ["outcome", KindFilter, ReasonFilter]
    exclude = ["kind", "reason"]
    readonly_fields = ["kind_words", "reason_words"]
    search_fields = ["phone", "wamid", "profile_name", "text", "case__number"]
    list_select_related = ["contact__organization", "case"]
    date_hierarchy = "sent_at"

    @admin.display(description=_("type"), ordering="kind")
    def kind_words(self, message: InboundMessage) -> str:
        return kind_words(message.kind)

    @admin.display(description=_("reason"), ordering="reason")
    def reason_words(self, message: InboundMessage) -> str:
        return code_words(message.reason)


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "case", "status", "attempts", "sent_at", "error_words"]
    list_filter = ["status", ErrorCodeFilter]
    exclude = ["error_code"]
    readonly_fields = ["error_words"]
    search_fields = ["to", "wamid", "case__number"]
    list_select_related = ["case"]
    date_hierarchy = "created_at"

    @admin.display(description=_("error"), ordering="error_code")
    def error_words(self, message: OutboundMessage) -> str:
        return code_words(message.error_code)
