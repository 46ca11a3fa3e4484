"""Loading and exporting the [sla] section to and from the sla app's rows: one SlaSettings row
(only when the file's settings differ from the defaults, as [desk]) and one SlaTarget row per
[[sla.targets]] entry, matched by metric, severity and plan.

Same contract as the other sections (`services.load_policy`): rows saved only when a value
differs, deleted when the file drops them; export writes only what differs from the file's
defaults (a target on the default calendar names none), so dump → load changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tiquetera.calendars.durations import parse_minutes
from tiquetera.calendars.models import Calendar
from tiquetera.sla.models import SlaSettings, SlaTarget, notify_only

from .models import Policy
from .rows import save_policy_row, save_row
from .schema import PolicyDocument
from .sections.sla import SlaSpec, TargetSpec, minutes_text

if TYPE_CHECKING:
    from .services import LoadReport


def load_sla(policy: Policy, document: PolicyDocument, report: LoadReport) -> None:
    """Settings and targets; calendars are loaded first (`services.SECTIONS` order)."""
    calendars = {calendar.key: calendar for calendar in Calendar.objects.filter(policy=policy)}
    default = next((c for c in calendars.values() if c.is_default), None)  # checked: one
    _load_settings(policy, document.sla, calendars, report)
    existing = {
        (row.metric, row.case_type, row.severity, row.plan): row
        for row in SlaTarget.objects.filter(policy=policy)
    }
    for position, spec in enumerate(document.sla.targets):
        key = spec.key()
        ref = _ref(policy, *key)
        values = _target_values(spec, position, _calendar_id(spec.calendar, calendars, default))
        save_row(
            SlaTarget,
            existing.pop(key, None),
            values,
            ref=ref,
            report=report,
            policy=policy,
            metric=spec.metric,
            case_type=spec.case_type,
            severity=spec.severity,
            plan=spec.plan,
        )
    for key, row in existing.items():
        row.delete()  # its clocks keep their own copy of the target (target set to NULL)
        report.add("deleted", SlaTarget, _ref(policy, *key))


def _ref(policy: Policy, metric: str, *scope: str) -> str:
    """How the load report names a target: "jq-systems/assignment * S3 *"."""
    return f"{policy.slug}/{metric} " + " ".join(value or "*" for value in scope)


def _load_settings(
    policy: Policy, spec: SlaSpec, calendars: dict[str, Calendar], report: LoadReport
) -> None:
    save_policy_row(SlaSettings, policy, _settings_values(spec, calendars), report)


def _settings_values(spec: SlaSpec, calendars: dict[str, Calendar]) -> dict[str, Any] | None:
    """The settings row's values; None when the file says only the defaults (no row)."""
    if spec.settings_are_defaults():
        return None
    close = spec.auto_close
    calendar = calendars.get(close.calendar) if close.calendar else None
    return {
        "warn_at_percent": spec.warn_at,
        "start_on_verification": spec.start_on_verification,
        "pause_for_rd": spec.pause_for_rd,
        "auto_close_waiting_minutes": _minutes(close.waiting),
        "auto_close_failed_attempts": close.failed_attempts or None,
        "auto_close_calendar_id": calendar.pk if calendar is not None else None,
    }


def _target_values(spec: TargetSpec, position: int, calendar_id: int) -> dict[str, Any]:
    return {
        "minutes": spec.minutes,
        "calendar_id": calendar_id,
        "position": position,
        "on_warning": list(spec.on_warning),
        "on_breach": list(spec.on_breach),
        "reassign_to": spec.reassign_to,
    }


# --- a past revision's rows, not saved (`policy.in_force`) -------------------------------------
def sla_rows(
    policy_id: int, document: PolicyDocument
) -> tuple[SlaSettings | None, list[SlaTarget]]:
    """The settings and targets `load_sla` would write for `document`, unsaved: what a past
    revision promised, for a case judged by the rules in force at its arrival. Calendars are the
    live ones of the same key (hours as they are now), the default one for a key that is gone;
    a target has the pk of the live target of the same key (so a clock can point to it), or
    none (the clock keeps its own copy of the minutes)."""
    calendars = {
        calendar.key: calendar for calendar in Calendar.objects.filter(policy_id=policy_id)
    }
    default = next((c for c in calendars.values() if c.is_default), None)
    live = {
        (row.metric, row.case_type, row.severity, row.plan): row.pk
        for row in SlaTarget.objects.filter(policy_id=policy_id)
    }
    values = _settings_values(document.sla, calendars)
    settings = SlaSettings(policy_id=policy_id, **values) if values is not None else None
    targets = []
    for position, spec in enumerate(document.sla.targets):
        calendar = calendars.get(spec.calendar) or default
        if calendar is None:  # a policy without calendars: no target can run
            continue
        key = spec.key()
        metric, case_type, severity, plan = key
        target = SlaTarget(
            pk=live.get(key),
            policy_id=policy_id,
            metric=metric,
            case_type=case_type,
            severity=severity,
            plan=plan,
            **_target_values(spec, position, calendar.pk),
        )
        target.calendar = calendar
        targets.append(target)
    return settings, targets


def export_sla(policy: Policy) -> dict[str, Any]:
    data: dict[str, Any] = {}
    row = SlaSettings.objects.filter(policy=policy).select_related("auto_close_calendar").first()
    if row is not None:
        if row.warn_at_percent != SlaSpec().warn_at:
            data["warn_at"] = row.warn_at_percent
        if row.start_on_verification:
            data["start_on_verification"] = True
        if row.pause_for_rd:
            data["pause_for_rd"] = True
        close: dict[str, Any] = {}
        if row.auto_close_waiting_minutes:
            close["waiting"] = minutes_text(row.auto_close_waiting_minutes)
        if row.auto_close_failed_attempts:
            close["failed_attempts"] = row.auto_close_failed_attempts
        if row.auto_close_calendar is not None:
            close["calendar"] = row.auto_close_calendar.key
        if close:
            data["auto_close"] = close
    targets = []
    for target in (
        SlaTarget.objects.filter(policy=policy).select_related("calendar").order_by("position")
    ):
        item: dict[str, Any] = {"metric": target.metric}
        if target.case_type:
            item["case_type"] = target.case_type
        if target.severity:
            item["severity"] = target.severity
        if target.plan:
            item["plan"] = target.plan
        item["within"] = minutes_text(target.minutes)
        if not target.calendar.is_default:
            item["calendar"] = target.calendar.key
        for key in ("on_warning", "on_breach"):
            if getattr(target, key) != notify_only():
                item[key] = getattr(target, key)
        if target.reassign_to:
            item["reassign_to"] = target.reassign_to
        targets.append(item)
    if targets:
        data["targets"] = targets
    return data


def _calendar_id(key: str, calendars: dict[str, Calendar], default: Calendar | None) -> int:
    calendar = calendars[key] if key else default
    if calendar is None:  # the file's check says a target needs a calendar
        raise ValueError("a target without a calendar")
    return calendar.pk


def _minutes(text: str) -> int | None:
    """The minutes of a checked duration; None for "" (never)."""
    return parse_minutes(text) if text else None
