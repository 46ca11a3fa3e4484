"""How the case arrives: the channel it may come by, a personal (not generic) mailbox, a phone
with country and area code."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from tiquetera.directory.errors import InvalidValue
from tiquetera.directory.validation import check_email, normalize_phone
from tiquetera.policy.sections import intake as spec

from ...statuses import Status
from .base import PASS, Draft, Verdict, flag, park, reject


def channel(draft: Draft, params: spec.ChannelRule) -> Verdict:
    """Seed 002: the case form is the channel; an urgency is also notified by phone or chat;
    another channel without a valid justification may be refused."""
    channels = get_text_list([channel_label(c) for c in params.form], _("or"))
    if draft.request.channel not in params.form:
        justified = params.justification == "accepted"
        if draft.request.channel_justification and justified:
            return flag(
                "other_channel",
                _("Received by %(channel)s instead of %(form)s, because: %(why)s")
                % {
                    "channel": channel_label(draft.request.channel),
                    "form": channels,
                    "why": draft.request.channel_justification,
                },
            )
        if justified:
            message = _(
                "Cases are received through %(form)s. Please send it there; if you cannot, tell "
                "us why when you write."
            ) % {"form": channels}
        else:
            message = _("Cases are received only through %(form)s. Please send it there.") % {
                "form": channels
            }
        if "portal" in params.form:
            message += " " + _("The support portal: %(url)s") % {
                "url": settings.SITE_URL + reverse("portal:new_case")
            }
        if params.other == "flag":
            return flag("other_channel", message)
        return reject(Status.REJECTED, "wrong_channel", message)
    urgent = draft.severity is not None and draft.severity.urgent
    if params.urgent_notice and urgent and not draft.urgency_notified:
        return flag(
            "urgency_notice_pending",
            _(
                "An urgency is also notified by phone or chat, so we can attend it sooner: "
                "please call or write to us quoting the case number."
            ),
        )
    return PASS


def channel_label(value: str) -> str:
    from ...models import Channel

    try:
        return str(Channel(value).label)
    except ValueError:
        return value


def generic_mailbox(draft: Draft, params: spec.GenericMailboxRule) -> Verdict:
    """Seed 004: the requester's own address, "no un buzón de correo electrónico general"."""
    if not draft.email:
        return PASS
    try:
        result = check_email(draft.email)
    except InvalidValue as error:
        return flag("email_invalid", error.message)
    return flag("generic_mailbox", result.warning) if result.warning else PASS


def phone(draft: Draft, params: spec.PhoneRule) -> Verdict:
    """Seed 004: a landline with country and area code ("+57 (6) 3134484"), normalised."""
    given = draft.phone_given
    if not given:
        if not params.required:
            return PASS
        message = _("Give a contact phone with its country and area code, e.g. %(example)s.")
        problem = message % {"example": "+57 606 3134484"}
        return _phone_problem(params, "phone_missing", problem)
    try:
        result = normalize_phone(given, draft.organization.country)
    except InvalidValue as error:
        return _phone_problem(params, "phone_invalid", error.message)
    draft.phone = result.e164
    return flag("phone_rewritten", result.warning) if result.warning else PASS


def _phone_problem(params: spec.PhoneRule, code: str, message: str) -> Verdict:
    if params.invalid == "park":
        return park(Status.PENDING_INFORMATION, code, message)
    return flag(code, message)
