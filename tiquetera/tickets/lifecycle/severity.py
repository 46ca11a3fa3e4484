"""An agent reclassifies a case's severity (a request that turns out to be an urgency)."""

from django.db import transaction

from tiquetera.audit.services import record

from ..catalogue import catalogue
from ..errors import TicketsError
from ..models import Case, Severity
from ._shared import Actor, copy_back, ensure_not_final, lock, required_text


def change_severity(case: Case, code: str, *, actor: Actor, reason: str) -> Case:
    """Give the case the policy's severity `code`, with its queue rank, and one
    "case.severity_changed" audit event with `reason` as its note. The case's priority — the
    quota its ticket was taken from — is kept, so the entitlement counters still match, and its
    SLA clocks keep their targets (an agreed change of target is `sla.services.override_target`).
    TicketsError "reason_required", "unknown_severity", "same_severity", "case_final" (nothing
    written)."""
    reason = required_text(reason, "reason_required")
    severity = catalogue(case.policy_id).severities.get(code)
    if severity is None:
        raise TicketsError("unknown_severity", value=code)
    with transaction.atomic():
        locked = lock(case)
        ensure_not_final(locked)
        if locked.severity == severity.code:
            raise TicketsError("same_severity", value=severity.name)
        set_severity(locked, severity, actor=actor, verb="case.severity_changed", note=reason)
    copy_back(case, locked, "severity", "severity_rank")
    return case


def set_severity(locked: Case, severity: Severity, *, actor: Actor, verb: str, note: str) -> None:
    """Give the locked case `severity` and its rank, with one audit event `verb` (the SLA
    sweep's "case.severity_raised" uses it too)."""
    before = {"severity": locked.severity, "severity_rank": locked.severity_rank}
    locked.severity, locked.severity_rank = severity.code, severity.rank
    locked.save(update_fields=["severity", "severity_rank", "updated_at"])
    after = {"severity": severity.code, "severity_rank": severity.rank}
    record(actor=actor, verb=verb, target=locked, before=before, after=after, note=note)
