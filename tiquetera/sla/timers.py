"""Timers that act: auto-close of cases whose requester cannot be reached.

Seed 004 (Soho Apps): "Los tickets de soporte técnico a los que pasados 2 días hábiles y/o 9
intentos infructuosos de contacto ... serán cerrados y se le notificará al solicitante que ha sido
imposible contactarlo ... Se le pedirá que cuando esté en disposición cree un nuevo ticket."
Both limits are the policy's `SlaSettings` (empty: never). A case closed here moves through
`tickets.services.move` (one "case.status_changed" event, with the rule as its note) and its
requester gets the `case_auto_closed` email, in the same transaction.

A reply before the timer fires cancels it: the reply moves the case out of "waiting on client"
(which clears `waiting_since`), and the close re-checks the status under the row lock.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from tiquetera.calendars.durations import business_text
from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.tickets.models import Case
from tiquetera.tickets.notify import notify_requester
from tiquetera.tickets.services import Actor, move
from tiquetera.tickets.statuses import Status, allowed

from .models import SlaSettings

logger = logging.getLogger(__name__)


def auto_close_waiting(now: dt.datetime) -> int:
    """Close the cases that have waited on the client for at least the policy's
    `auto_close_waiting_minutes` of business time by `now`, counted on its
    `auto_close_calendar` (else the policy's default calendar). Returns how many were closed.

    Idempotent: each case is re-read under a row lock and closed only while still waiting long
    enough, so two runs (in turn or at once) close it once, and a case the client answered in
    the meantime stays open.
    """
    closed = 0
    rules = SlaSettings.objects.filter(auto_close_waiting_minutes__isnull=False).select_related(
        "auto_close_calendar__policy"
    )
    for rule in rules:
        calendar = rule.auto_close_calendar or _default_calendar(rule.policy_id)
        if calendar is None:
            logger.warning("auto-close: policy %s has no default calendar", rule.policy_id)
            continue
        limit = dt.timedelta(minutes=rule.auto_close_waiting_minutes or 0)
        # Business time never exceeds wall time: a case waiting less than `limit` of wall time
        # cannot qualify, so the (status, …) index narrows the candidates before the engine.
        candidates = Case.objects.filter(
            policy_id=rule.policy_id,
            status=Status.WAITING_ON_CLIENT,
            waiting_since__lte=now - limit,
        ).values_list("pk", "waiting_since")
        waited_enough = [
            pk for pk, since in candidates if since and _waited(calendar, since, now) >= limit
        ]
        for pk in waited_enough:
            closed += _close_if_still_waiting(pk, calendar, limit, now)
    return closed


def close_after_failed_attempts(case: Case, *, actor: Actor = None) -> bool:
    """Close the case when the requester's last `auto_close_failed_attempts` contact attempts (the
    policy's; empty: never) have all failed, counted by `failed_attempts` (a reached attempt
    starts the count again). True when it closed the case.

    Called by `log_contact_attempt` inside its transaction, so the attempt that reaches the limit
    and the close commit together. A case already final, or one the lifecycle table does not
    let close (escalated to R&D), is left as it is.
    """
    from tiquetera.tickets.lifecycle.contacts import failed_attempts  # contacts imports us

    limit = (
        SlaSettings.objects.filter(policy_id=case.policy_id)
        .values_list("auto_close_failed_attempts", flat=True)
        .first()
    )
    if not limit:
        return False
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not allowed(locked.status, Status.CLOSED) or failed_attempts(locked) < limit:
            return False
        reason = gettext("Closed automatically: %(count)s failed attempts to reach the requester.")
        _close(locked, actor=actor, note=reason % {"count": limit}, now=timezone.now())
    case.status, case.closed_at = locked.status, locked.closed_at
    return True


# --- helpers --------------------------------------------------------------------------------------
def _default_calendar(policy_id: int) -> Calendar | None:
    return Calendar.objects.filter(policy_id=policy_id, is_default=True).order_by("pk").first()


def _waited(calendar: Calendar, since: dt.datetime, now: dt.datetime) -> dt.timedelta:
    return engine_for(calendar).between(since, now)


def _close_if_still_waiting(
    pk: int, calendar: Calendar, limit: dt.timedelta, now: dt.datetime
) -> int:
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=pk)
        since = locked.waiting_since
        if (
            locked.status != Status.WAITING_ON_CLIENT
            or since is None
            or since > now
            or _waited(calendar, since, now) < limit
        ):
            return 0  # the client answered (or another run closed it) since the candidates
        within = business_text(int(limit.total_seconds() // 60), calendar.day_minutes)
        reason = gettext("Closed automatically: the client did not answer within %(within)s.")
        _close(locked, actor=None, note=reason % {"within": within}, now=now)
    return 1


def _close(locked: Case, *, actor: Actor, note: str, now: dt.datetime) -> None:
    move(locked, Status.CLOSED, actor=actor, note=note, closed_at=now)
    notify_requester(locked, "auto_closed")
