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
from .sections.sla import SlaSpec, minutes_text

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
        values = {
            "minutes": spec.minutes,
            "calendar_id": _calendar_id(spec.calendar, calendars, default),
            "position": position,
            "on_warning": list(spec.on_warning),
            "on_breach": list(spec.on_breach),
            "reassign_to": spec.reassign_to,
        }
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
    close = spec.auto_close
    values: dict[str, Any] | None = None
    if not spec.settings_are_defaults():
        values = {
            "warn_at_percent": spec.warn_at,
            "start_on_verification": spec.start_on_verification,
            "pause_for_rd": spec.pause_for_rd,
            "auto_close_waiting_minutes": _minutes(close.waiting),
            "auto_close_failed_attempts": close.failed_attempts or None,
            "auto_close_calendar_id": calendars[close.calendar].pk if close.calendar else None,
        }
    save_policy_row(SlaSettings, policy, values, report)


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
