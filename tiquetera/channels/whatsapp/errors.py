"""Refusals of the WhatsApp channel: a code for programs and a translated message."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiquetera.core.errors import DomainError

MESSAGES: dict[str, Promise] = {
    "not_opted_in": _("%(contact)s has not accepted WhatsApp messages."),
    "no_number": _("%(contact)s has no WhatsApp or phone number."),
    "empty_text": _("A WhatsApp message needs a text."),
    "not_configured": _(
        "WhatsApp is not configured: set WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID."
    ),
}


class WhatsAppError(DomainError):
    """A WhatsApp message refused before it was queued: `code` says why."""

    messages = MESSAGES
