"""Changes to cases: each checks the lifecycle table and writes its audit event."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from tiquetera.audit.services import record

from .errors import TicketsError
from .models import Case
from .statuses import TRANSITIONS, Status


def change_status(
    case: Case,
    to: str,
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    reason: str = "",
) -> Case:
    """Move `case` to status `to` if the lifecycle table (`statuses.TRANSITIONS`) allows it.

    The case is re-read under a row lock, so two agents moving it at once cannot both succeed
    from the same status. Writes one audit event "case.status_changed" (before/after: status,
    note: `reason`). TicketsError "illegal_transition" (nothing written) otherwise.
    """
    try:
        target = Status(to)
    except ValueError:
        raise TicketsError("unknown_status", value=to) from None
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        source = Status(locked.status)
        if target not in TRANSITIONS[source]:
            raise TicketsError("illegal_transition", source=source.label, target=target.label)
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        record(
            actor=actor,
            verb="case.status_changed",
            target=locked,
            before={"status": source},
            after={"status": target},
            note=reason,
        )
    case.status, case.updated_at = locked.status, locked.updated_at
    return case
