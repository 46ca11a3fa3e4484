"""An agent reclassifies a case's severity (a request that turns out to be an urgency)."""

from django.db import transaction
from django.utils import timezone

from tiquetera.audit.services import record
from tiquetera.sla.retarget import retarget_clocks

from ..catalogue import catalogue
from ..errors import TicketsError
from ..models import Case, Severity
from ._shared import Actor, copy_back, ensure_not_final, lock, required_text


def change_severity(case: Case, code: str, *, actor: Actor, reason: str) -> Case:
    """Give the case the policy's severity `code`, with its queue rank, and one
    "case.severity_changed" audit event with `reason` as its note. The case's priority — the
    quota its ticket was taken from — is kept, so the entitlement counters still match. Its SLA
    targets are chosen again for the new severity (`sla.retarget`: the clocks not yet met take
    the new targets; met ones keep their record), told in the same event's note. TicketsError
    "reason_required", "unknown_severity", "same_severity", "case_final" (nothing written)."""
    reason = required_text(reason, "reason_required")
    severity = catalogue(case.policy_id).severities.get(code)
    if severity is None:
        raise TicketsError("unknown_severity", value=code)
    with transaction.atomic():
        locked = lock(case)
        ensure_not_final(locked)
        if locked.severity == severity.code:
            raise TicketsError("same_severity", value=severity.name)
        set_severity(
            locked, severity, actor=actor, verb="case.severity_changed", note=reason, retarget=True
        )
    copy_back(case, locked, "severity", "severity_rank", "sla_due_at", "sla_warn_at")
    return case


def set_severity(
    locked: Case,
    severity: Severity,
    *,
    actor: Actor,
    verb: str,
    note: str,
    retarget: bool = False,
) -> None:
    """Give the locked case `severity` and its rank, with one audit event `verb` (the SLA
    sweep's "case.severity_raised" uses it too); `retarget`: choose its SLA targets again, in
    the same event."""
    before: dict[str, object] = {"severity": locked.severity, "severity_rank": locked.severity_rank}
    locked.severity, locked.severity_rank = severity.code, severity.rank
    locked.save(update_fields=["severity", "severity_rank", "updated_at"])
    after: dict[str, object] = {"severity": severity.code, "severity_rank": severity.rank}
    if retarget:
        targets = retarget_clocks(locked, at=timezone.now())
        if targets.words:
            before["sla_targets"], after["sla_targets"] = targets.before, targets.after
            note = "\n".join(text for text in (note, targets.words) if text)
    record(actor=actor, verb=verb, target=locked, before=before, after=after, note=note)
