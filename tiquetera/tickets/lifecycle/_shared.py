"""What the lifecycle modules share: the actor type, locking a case, moving its status with the
fields that change with it in one audit event, and reading the policy's desk rules."""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.utils import timezone

from tiquetera.contracts.periods import local_date

from ..errors import TicketsError
from ..models import Case, DeskRules
from ..statuses import FINAL, Status
from ..workload import remember

Actor = AbstractBaseUser | AnonymousUser | None


def user_of(actor: Actor) -> User | None:
    """The actor as the user a record's agent field holds; None for the system or anonymous."""
    return actor if isinstance(actor, User) else None


def lock(case: Case) -> Case:
    """The case re-read under a row lock (call inside `transaction.atomic`)."""
    return Case.objects.select_for_update().get(pk=case.pk)


def ensure_not_final(case: Case) -> None:
    """TicketsError "case_final" when the case is closed, invalid, rejected or referred."""
    if Status(case.status) in FINAL:
        raise TicketsError("case_final", number=case.number, status=Status(case.status).label)


def copy_back(case: Case, locked: Case, *names: str) -> None:
    """Give the caller's instance the values the locked copy was saved with."""
    for name in (*names, "updated_at"):
        setattr(case, name, getattr(locked, name))
    remember(case, like=locked)


def desk_rules(case: Case) -> DeskRules | None:
    """The policy's desk rules, or None when the policy has none (then nothing is enforced)."""
    return DeskRules.objects.filter(policy_id=case.policy_id).first()


def required_text(value: str, code: str) -> str:
    """`value` stripped; TicketsError `code` when nothing is left."""
    text = (value or "").strip()
    if not text:
        raise TicketsError(code)
    return text


def today_for(case: Case) -> dt.date:
    """Today in the case's organization's time zone (fix dates and visits are local days)."""
    return local_date(timezone.now(), case.organization.time_zone)
