"""An agent gives a case another type (a question that turns out to be an incident, issue 16): the
SLA targets of the new type apply from the case's start (`sla.retarget`)."""

from django.db import transaction
from django.utils import timezone

from tiquetera.audit.services import record
from tiquetera.sla.retarget import retarget_clocks

from ..catalogue import catalogue
from ..errors import TicketsError
from ..models import Case
from ._shared import Actor, copy_back, ensure_not_final, lock, required_text


def change_case_type(case: Case, key: str, *, actor: Actor, reason: str) -> Case:
    """Give the case the policy's case type `key` and choose its SLA targets again for it: the
    clocks not yet met take the new type's targets (deadlines from the case's start on their
    calendars), those it no longer has are cancelled, those it adds start; met ones keep their
    record. One "case.type_changed" audit event: the type and the targets before and after, and
    as its note the agent's `reason` and the new targets in words. Severity, priority and team
    are kept. TicketsError "reason_required", "unknown_case_type", "same_case_type",
    "case_final" (nothing written)."""
    reason = required_text(reason, "reason_required")
    case_type = catalogue(case.policy_id).case_types.get(key)
    if case_type is None:
        raise TicketsError("unknown_case_type", value=key)
    with transaction.atomic():
        locked = lock(case)
        ensure_not_final(locked)
        if locked.case_type == case_type.key:
            raise TicketsError("same_case_type", value=case_type.name)
        before_type = locked.case_type
        locked.case_type = case_type.key
        locked.save(update_fields=["case_type", "updated_at"])
        targets = retarget_clocks(locked, at=timezone.now())
        record(
            actor=actor,
            verb="case.type_changed",
            target=locked,
            before={"case_type": before_type, "sla_targets": targets.before},
            after={"case_type": case_type.key, "sla_targets": targets.after},
            note="\n".join(text for text in (reason, targets.words) if text),
        )
    copy_back(case, locked, "case_type", "sla_due_at", "sla_warn_at")
    return case
