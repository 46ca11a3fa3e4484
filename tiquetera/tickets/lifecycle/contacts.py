"""Attempts to reach the requester, and how many in a row have failed.

Seed 004 (Soho Apps): a ticket whose requester could not be reached after "2 días hábiles y/o 9
intentos infructuosos de contacto telefónico o electrónico" is closed; `failed_attempts` is the
count that rule reads (the SLA sweep applies it).
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from tiquetera.audit.services import record
from tiquetera.sla.timers import close_after_failed_attempts

from ..errors import TicketsError
from ..models import Case, Channel, ContactAttempt
from ._shared import Actor, ensure_not_final, lock, user_of

Outcome = ContactAttempt.Outcome


def log_contact_attempt(
    case: Case, *, channel: str, outcome: str, actor: Actor, note: str = ""
) -> ContactAttempt:
    """Record one attempt to reach the requester by `channel` (a case channel: phone, email,
    WhatsApp…) and its `outcome` (reached, no answer, left a message, wrong number, bounced).
    One "case.contact_attempt_logged" event, whose after also says how many attempts in a row
    have now failed. TicketsError "invalid_choice", "case_final" (nothing written)."""
    if channel not in Channel.values:
        raise TicketsError("invalid_choice", value=channel, field=_("channel"))
    if outcome not in Outcome.values:
        raise TicketsError("invalid_choice", value=outcome, field=_("outcome"))
    with transaction.atomic():
        locked = lock(case)  # two agents logging at once count in order
        ensure_not_final(locked)
        attempt = ContactAttempt.objects.create(
            case=locked,
            channel=channel,
            outcome=outcome,
            note=note.strip(),
            agent=user_of(actor),
        )
        record(
            actor=actor,
            verb="case.contact_attempt_logged",
            target=locked,
            after={
                "channel": channel,
                "outcome": outcome,
                "failed_attempts": failed_attempts(locked),
            },
            note=attempt.note,
        )
        close_after_failed_attempts(locked, actor=actor)  # seed 004: the failed-attempt limit
    return attempt


def failed_attempts(case: Case) -> int:
    """How many attempts have failed since the requester was last reached (all of them when
    never reached). Attempts are ordered by id: the order they were logged in."""
    attempts = ContactAttempt.objects.filter(case_id=case.pk)
    last_reached = attempts.filter(outcome=Outcome.REACHED).aggregate(last=Max("pk"))["last"]
    if last_reached is not None:
        attempts = attempts.filter(pk__gt=last_reached)
    return attempts.exclude(outcome=Outcome.REACHED).count()
