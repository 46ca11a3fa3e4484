"""Emails whose sender is not verified (authentication.py): the verdict in words for agents, and
the replies held for an agent — a reply from a known contact that the receiving mail server did
not vouch for is not added to its case until an agent accepts it on the case page (or discards
it, with a reason), unless the policy's [desk] `unverified_email` is "accept". A new case from
such an email is parked by the intake pipeline instead (`pipeline.decide_sender` lets it in).
"""

from collections.abc import Mapping
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiquetera.audit.services import record
from tiquetera.core.errors import DomainError
from tiquetera.core.queries import Prepared
from tiquetera.directory.models import Contact
from tiquetera.notifications import threads
from tiquetera.tickets.articles import add_event
from tiquetera.tickets.catalogue import catalogue
from tiquetera.tickets.intake.pipeline import unverified_email_policy
from tiquetera.tickets.models import Case

from .authentication import Check, check_sender
from .mailboxes import trusted_authserv_ids
from .models import InboundEmail
from .parsing import ParsedEmail, parse

Actor = AbstractBaseUser | AnonymousUser | None
Status, Reason, SenderCheck = InboundEmail.Status, InboundEmail.Reason, InboundEmail.SenderCheck
METHOD_NAMES = {"dmarc": "DMARC", "dkim": "DKIM", "spf": "SPF"}


class HeldEmailError(DomainError):
    messages: ClassVar[Mapping[str, Promise | str]] = {
        "not_held": gettext_lazy(
            "This email is not held any more: it was accepted or discarded already."
        ),
        "sender_gone": gettext_lazy(
            "%(sender)s is no longer an active contact of the case's organization: discard the "
            "email, saying why."
        ),
        "reason_required": gettext_lazy("Say why the email is discarded."),
    }


def judge_sender(inbound: InboundEmail, parsed: ParsedEmail) -> Check:
    """Check the sender of `inbound` and keep the verdict on its row (saved by the caller)."""
    check = check_sender(
        parsed.authentication_results,
        parsed.sender,
        trusted_authserv_ids(inbound.mailbox),
        parsed.arc_authentication_results,
    )
    inbound.sender_check = check.status
    inbound.sender_check_method, inbound.sender_check_result = check.method, check.result
    return check


def holds_unverified(check: Check, case: Case) -> bool:
    """A reply on `case` with this verdict waits for an agent."""
    if check.status != SenderCheck.UNVERIFIED:
        return False
    return unverified_email_policy(catalogue(case.policy_id)) == "park"


def hold(inbound: InboundEmail, case: Case, *, actor: Actor) -> None:
    """Keep the reply aside on `case`, telling the agents on the case's history."""
    inbound.case, inbound.status, inbound.reason = case, Status.HELD, Reason.UNVERIFIED_SENDER
    with translation.override(case.language or settings.LANGUAGE_CODE):
        text = _(
            "An email from %(sender)s is held until an agent accepts it: %(why)s. See “Emails "
            "of this case”."
        ) % {"sender": inbound.sender, "why": sender_check_text(inbound)}
        add_event(case, text=text, actor=actor)


def sender_check_text(inbound: InboundEmail) -> str:
    """The verdict in words: "Remitente verificado (DKIM)", "Remitente no verificado: SPF
    falló"; "" for an email processed before senders were checked."""
    method = METHOD_NAMES.get(inbound.sender_check_method, inbound.sender_check_method.upper())
    result = inbound.sender_check_result
    if inbound.sender_check == SenderCheck.VERIFIED:
        return _("Sender verified (%(method)s)") % {"method": method}
    if inbound.sender_check == SenderCheck.UNCHECKED:
        return _("Sender not checked: no trusted mail server is configured")
    if inbound.sender_check != SenderCheck.UNVERIFIED:
        return ""
    if result == "missing" or not method:
        return _("Sender not verified: no results from a trusted mail server")
    sentences = {
        "unaligned": _("Sender not verified: %(method)s passed for another domain"),
        "fail": _("Sender not verified: %(method)s failed"),
        "softfail": _("Sender not verified: %(method)s failed (soft fail)"),
        "none": _("Sender not verified: %(method)s gave no result"),
        "neutral": _("Sender not verified: %(method)s was neutral"),
        "temperror": _("Sender not verified: %(method)s had a temporary error"),
        "permerror": _("Sender not verified: %(method)s had a permanent error"),
        "policy": _("Sender not verified: %(method)s refused by local policy"),
    }
    sentence = sentences.get(result, _("Sender not verified: %(method)s did not pass"))
    return sentence % {"method": method}


_OF_CASE = Prepared(  # on every case page: compiled once (core/queries.py)
    lambda case_id: (
        InboundEmail.objects.filter(case_id=case_id).defer("error").order_by("received_at", "pk")
    ),
    int,
)


def case_emails(case: Case) -> list[InboundEmail]:
    """The emails that opened or answered `case`, or are held on it, oldest first."""
    return _OF_CASE.all(case.pk)  # type: ignore[no-any-return]


def accept_held(inbound: InboundEmail, *, actor: Actor) -> InboundEmail:
    """An agent accepts a held reply: it lands on its case as the client's reply."""
    from .services import _reply

    with transaction.atomic():
        locked = _locked_held(inbound)
        case = Case.objects.get(pk=locked.case_id or 0)
        parsed = parse(bytes(locked.raw.content))
        contact = (
            Contact.objects.filter(
                organization_id=case.organization_id, is_active=True, email__iexact=parsed.sender
            )
            .order_by("pk")
            .first()
        )
        if contact is None:
            raise HeldEmailError("sender_gone", sender=parsed.sender)
        locked.article = _reply(case, contact, parsed, actor=actor)
        threads.record(case, parsed.message_id, inbound=True)
        locked.status, locked.reason = Status.PROCESSED, Reason.REPLY
        locked.processed_at = timezone.now()
        locked.save()
        record(actor=actor, verb="email.accepted", target=locked)
    return locked


def discard_held(inbound: InboundEmail, *, actor: Actor, reason: str) -> InboundEmail:
    """An agent discards a held reply, saying why: kept (its bytes too), never on the case."""
    if not reason.strip():
        raise HeldEmailError("reason_required")
    with transaction.atomic():
        locked = _locked_held(inbound)
        locked.status, locked.reason = Status.IGNORED, Reason.DISCARDED
        locked.decision_note, locked.processed_at = reason.strip(), timezone.now()
        locked.save()
        record(actor=actor, verb="email.discarded", target=locked, note=reason.strip())
    return locked


def _locked_held(inbound: InboundEmail) -> InboundEmail:
    locked = InboundEmail.objects.select_for_update().select_related("raw").get(pk=inbound.pk)
    if locked.status != Status.HELD or locked.case_id is None:
        raise HeldEmailError("not_held")
    return locked
