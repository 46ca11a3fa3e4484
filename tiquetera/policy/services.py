"""Loading a checked policy file into the database, and reading it back out as file data.

`load_policy` upserts by keys (the policy by slug, calendars by key, dates by date), deletes what
the file no longer has, and saves only rows whose values differ, all in one transaction: loading
the same file twice changes nothing (no row saved, no calendar revision bumped), and a file that
fails anywhere changes nothing at all.

Each section of the file after `[policy]` is registered once in `SECTIONS`, with the function
that loads it and the one that exports it back (its inverse, used by `dump.dump_policy`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Model, ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tiquetera.audit.services import record
from tiquetera.calendars.models import Calendar, CalendarDate, split_hours
from tiquetera.contracts.models import Contract, Plan, PlanQuota
from tiquetera.sla.models import Clock

from . import assignment_io, extra_services_io, intake_io, sla_io
from .models import Policy
from .problems import PolicyFileError, Problem
from .rows import assign
from .schema import FORMAT, PolicyDocument, PolicySpec
from .sections.calendars import canonical_intervals, group_week
from .sections.plans import PlanSpec

Action = Literal["created", "updated", "deleted", "unchanged"]


@dataclass(frozen=True)
class Change:
    """What a load did to one row."""

    action: Action
    model: type[Model]  # Policy, Calendar, CalendarDate ...
    ref: str  # "jq-systems", "jq-systems/regular", "jq-systems/regular 2026-12-24"
    fields: tuple[str, ...] = ()  # the fields that changed, for "updated"

    def text(self) -> str:
        """'Updated: calendar jq-systems/regular (working hours)', in the user's language."""
        meta = self.model._meta
        text = str(_ACTION_MESSAGES[self.action]) % {"kind": meta.verbose_name, "ref": self.ref}
        if not self.fields:
            return text
        names = ", ".join(
            str(getattr(meta.get_field(name), "verbose_name", name)) for name in self.fields
        )
        return f"{text} ({names})"


_ACTION_MESSAGES = {
    "created": gettext_lazy("Created: %(kind)s %(ref)s"),
    "updated": gettext_lazy("Updated: %(kind)s %(ref)s"),
    "deleted": gettext_lazy("Deleted: %(kind)s %(ref)s"),
    "unchanged": gettext_lazy("Unchanged: %(kind)s %(ref)s"),
}


@dataclass
class LoadReport:
    """Every row a load touched or left alone."""

    policy: Policy
    changes: list[Change] = field(default_factory=list)

    def add(self, action: Action, model: type[Model], ref: str, fields: Iterable[str] = ()) -> None:
        self.changes.append(Change(action, model, ref, tuple(fields)))

    def count(self, action: Action) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def deleted(self) -> int:
        return self.count("deleted")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def changed(self) -> bool:
        return any(change.action != "unchanged" for change in self.changes)

    def summary(self) -> str:
        return _(
            "Policy %(slug)s: %(created)s created, %(updated)s updated, %(deleted)s deleted, "
            "%(unchanged)s unchanged."
        ) % {
            "slug": self.policy.slug,
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
        }


@dataclass(frozen=True)
class Section:
    """One section of the policy file after [policy], with its database side."""

    name: str  # the field of `PolicyDocument` and the file's table
    load: Callable[[Policy, PolicyDocument, LoadReport], None]
    export: Callable[[Policy], Any]  # the section's file data; empty (falsy) is left out


# --- loading -----------------------------------------------------------------------------------
def load_policy(
    document: PolicyDocument, *, source: str, actor: AbstractBaseUser | None = None
) -> LoadReport:
    """Make the database hold exactly the policy in `document` (a checked file), in one
    transaction. Rows are matched by their keys; rows that already hold the file's values are not
    saved, so a second load reports no changes and leaves calendar revisions alone. `source`
    (where the file came from) is recorded on the policy but is not a change by itself.

    A load that changed something writes one "policy.loaded" audit event (`actor` None: the
    operator at the command line) with the counts; a load that changed nothing writes none."""
    if problems := list(document.problems()):
        raise PolicyFileError(source, problems)
    with transaction.atomic():
        policy, report = _load_policy_row(document.policy, source)
        for section in SECTIONS:
            section.load(policy, document, report)
        remove_calendars(policy, document, report)  # last: the sections above let go of them
        if report.changed:
            record(
                actor=actor,
                verb="policy.loaded",
                target=policy,
                after={
                    "source": source,
                    "created": report.created,
                    "updated": report.updated,
                    "deleted": report.deleted,
                    "unchanged": report.unchanged,
                },
            )
    return report


def _load_policy_row(spec: PolicySpec, source: str) -> tuple[Policy, LoadReport]:
    values = {
        "name": spec.name,
        "country": spec.country,
        "time_zone": spec.time_zone,
        "language": spec.language,
        "description": spec.description,
    }
    # loads wait for one another, but not the cases that point to the policy (their inserts'
    # foreign-key checks take KEY SHARE): a simulation's load stays locked until it ends
    policy = Policy.objects.select_for_update(no_key=True).filter(slug=spec.slug).first()
    if policy is None:
        policy = Policy(slug=spec.slug, source=source, **values)
        policy.save()
        report = LoadReport(policy)
        report.add("created", Policy, policy.slug)
        return policy, report
    report = LoadReport(policy)
    if changed := assign(policy, values):
        policy.source = source
        policy.save()
        report.add("updated", Policy, policy.slug, changed)
    else:
        if policy.source != source:  # metadata only: no updated_at, no change reported
            Policy.objects.filter(pk=policy.pk).update(source=source)
            policy.source = source
        report.add("unchanged", Policy, policy.slug)
    return policy, report


# --- exporting ---------------------------------------------------------------------------------
def export_policy(policy: Policy) -> dict[str, Any]:
    """The policy as file data (the inverse of `load_policy`), in the canonical form: sections
    in registry order, calendars by key, dates by date, weekdays with the same hours grouped."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "policy": {
            "slug": policy.slug,
            "name": policy.name,
            "country": policy.country,
            "time_zone": policy.time_zone,
            "language": policy.language,
            "description": policy.description,
        },
    }
    for section in SECTIONS:
        if exported := section.export(policy):
            data[section.name] = exported
    return data


# --- [calendars.KEY]: load and export ----------------------------------------------------------
def load_calendars(policy: Policy, document: PolicyDocument, report: LoadReport) -> None:
    existing = {c.key: c for c in Calendar.objects.filter(policy=policy).prefetch_related("dates")}
    for key, spec in document.calendars.items():
        ref = f"{policy.slug}/{key}"
        values = {
            "name": spec.name,
            "time_zone": spec.effective_time_zone(document.policy),
            "country": spec.effective_country(document.policy),
            "subdivision": spec.subdivision,
            "week": {str(day): hours for day, hours in spec.week().items()},
            "is_default": spec.default,
        }
        calendar = existing.pop(key, None)
        stored: dict[dt.date, CalendarDate] = {}
        if calendar is None:
            calendar = Calendar(policy=policy, key=key, **values)
            calendar.save()
            report.add("created", Calendar, ref)
        else:
            stored = {day.date: day for day in calendar.dates.all()}
            if changed := assign(calendar, values):
                calendar.save()
                report.add("updated", Calendar, ref, changed)
            else:
                report.add("unchanged", Calendar, ref)
        for row in spec.date_rows():
            date_ref = f"{ref} {row.date.isoformat()}"
            date_values = {"kind": row.kind, "name": row.name, "hours": ", ".join(row.hours)}
            day = stored.pop(row.date, None)
            if day is None:
                CalendarDate(calendar=calendar, date=row.date, **date_values).save()
                report.add("created", CalendarDate, date_ref)
            elif changed := assign(day, date_values):
                day.calendar = calendar  # its save() bumps this calendar's revision
                day.save()
                report.add("updated", CalendarDate, date_ref, changed)
            else:
                report.add("unchanged", CalendarDate, date_ref)
        for day in stored.values():
            day.calendar = calendar
            day.delete()
            report.add("deleted", CalendarDate, f"{ref} {day.date.isoformat()}")
    # The calendars the file dropped go last (`remove_calendars`): the SLA targets and the
    # auto-close settings that point at them are loaded, so let go of them, after this section.


def remove_calendars(policy: Policy, document: PolicyDocument, report: LoadReport) -> None:
    """Delete the policy's calendars the file no longer has, once every section is loaded (a
    target moved to another calendar, or dropped with its calendar, no longer holds it). A
    calendar that some case's SLA clock still counts on is not removed: nothing is loaded, and
    the error says which calendar and why (never a ProtectedError)."""
    removed = list(
        Calendar.objects.filter(policy=policy)
        .exclude(key__in=list(document.calendars))
        .prefetch_related("dates")
        .order_by("key")
    )
    if not removed:
        return
    clocks = dict(
        Clock.objects.filter(calendar__in=removed)
        .order_by()
        .values("calendar")
        .annotate(count=Count("case", distinct=True))
        .values_list("calendar", "count")
    )
    problems = [
        _calendar_in_use(calendar.key, _clocks_text(clocks[calendar.pk]))
        for calendar in removed
        if calendar.pk in clocks
    ]
    if problems:
        raise PolicyFileError(policy.source, problems)
    for calendar in removed:
        for day in calendar.dates.all():
            report.add("deleted", CalendarDate, f"{policy.slug}/{calendar.key} {day.date}")
        try:
            with transaction.atomic():
                calendar.delete()
        except ProtectedError as error:  # a reference this function does not know of yet
            used_by = ", ".join(
                sorted({str(row._meta.verbose_name_plural) for row in error.protected_objects})
            )
            raise PolicyFileError(
                policy.source, [_calendar_in_use(calendar.key, used_by)]
            ) from None
        report.add("deleted", Calendar, f"{policy.slug}/{calendar.key}")


def _clocks_text(count: int) -> str:
    return ngettext(
        "the SLA clock of %(count)s case", "the SLA clocks of %(count)s cases", count
    ) % {"count": count}


def _calendar_in_use(key: str, used_by: str) -> Problem:
    return Problem(
        ("calendars", key),
        _(
            "The calendar “%(key)s” is not in the file, but it is still used by %(used_by)s, so "
            "it cannot be removed. Keep it in the file: a calendar no target names does no harm."
        )
        % {"key": key, "used_by": used_by},
    )


def export_calendars(policy: Policy) -> dict[str, Any]:
    calendars: dict[str, Any] = {}
    rows = Calendar.objects.filter(policy=policy).prefetch_related("dates").order_by("key")
    for calendar in rows:
        data: dict[str, Any] = {"name": calendar.name}
        if calendar.is_default:
            data["default"] = True
        # left out when inherited from [policy], so changing the policy's zone moves them too
        if calendar.time_zone != policy.time_zone:
            data["time_zone"] = calendar.time_zone
        if calendar.country != policy.country:
            data["country"] = calendar.country
        if calendar.subdivision:
            data["subdivision"] = calendar.subdivision
        if hours := group_week({int(day): hours for day, hours in calendar.week.items()}):
            data["hours"] = hours
        dates = sorted(calendar.dates.all(), key=lambda day: day.date)
        for kind in (CalendarDate.Kind.CLOSED, CalendarDate.Kind.OPEN):
            if exported := [_export_date(day) for day in dates if day.kind == kind]:
                data[str(kind)] = exported
        calendars[calendar.key] = data
    return calendars


def _export_date(day: CalendarDate) -> dict[str, Any]:
    data: dict[str, Any] = {"date": day.date}
    if day.name:
        data["name"] = day.name
    if day.kind == CalendarDate.Kind.OPEN and day.hours:
        data["hours"] = canonical_intervals(split_hours(day.hours))
    return data


# --- [plans.KEY]: load and export --------------------------------------------------------------
def load_plans(policy: Policy, document: PolicyDocument, report: LoadReport) -> None:
    """Upsert the catalogue by key, and its caps by priority. A plan the file no longer has is
    deleted, unless a contract uses it: then nothing is loaded and the error says so."""
    existing = {p.key: p for p in Plan.objects.filter(policy=policy).prefetch_related("quotas")}
    removed = [plan for key, plan in existing.items() if key not in document.plans]
    in_use = _plans_in_use(removed)
    if in_use:
        raise PolicyFileError(
            policy.source,
            [
                Problem(
                    ("plans", plan.key),
                    ngettext(
                        "The plan “%(key)s” is not in the file, but %(count)s contract uses it, "
                        "so it cannot be removed. Keep it in the file with legacy = true: it "
                        "then takes no new contracts, and its contracts run until they end.",
                        "The plan “%(key)s” is not in the file, but %(count)s contracts use it, "
                        "so it cannot be removed. Keep it in the file with legacy = true: it "
                        "then takes no new contracts, and its contracts run until they end.",
                        count,
                    )
                    % {"key": plan.key, "count": count},
                )
                for plan, count in in_use
            ],
        )
    for key, spec in document.plans.items():
        ref = f"{policy.slug}/{key}"
        values = _plan_values(spec)
        plan = existing.pop(key, None)
        stored: dict[str, PlanQuota] = {}
        if plan is None:
            plan = Plan(policy=policy, key=key, **values)
            plan.save()
            report.add("created", Plan, ref)
        else:
            stored = {quota.priority: quota for quota in plan.quotas.all()}
            if changed := assign(plan, values):
                plan.save()
                report.add("updated", Plan, ref, changed)
            else:
                report.add("unchanged", Plan, ref)
        for priority, cap in spec.quota_rows().items():
            quota_ref = f"{ref} {priority}"
            quota = stored.pop(priority, None)
            if quota is None:
                PlanQuota(plan=plan, priority=priority, cap=cap).save()
                report.add("created", PlanQuota, quota_ref)
            elif changed := assign(quota, {"cap": cap}):
                quota.save()
                report.add("updated", PlanQuota, quota_ref, changed)
            else:
                report.add("unchanged", PlanQuota, quota_ref)
        for quota in stored.values():
            quota.delete()
            report.add("deleted", PlanQuota, f"{ref} {quota.priority}")
    for plan in existing.values():
        for quota in plan.quotas.all():
            report.add("deleted", PlanQuota, f"{policy.slug}/{plan.key} {quota.priority}")
        plan.delete()
        report.add("deleted", Plan, f"{policy.slug}/{plan.key}")


def _plans_in_use(plans: list[Plan]) -> list[tuple[Plan, int]]:
    """The plans some contract uses, with how many contracts (any status: history is kept)."""
    if not plans:
        return []
    counts = dict(
        Contract.objects.filter(plan__in=plans)
        .order_by()
        .values("plan")
        .annotate(count=Count("id"))
        .values_list("plan", "count")
    )
    in_use = [plan for plan in plans if plan.pk in counts]
    return [(plan, counts[plan.pk]) for plan in sorted(in_use, key=lambda plan: plan.key)]


# Each Plan field and its plain name in the file.
_PLAN_FIELDS = {
    "name": "name",
    "service_type": "service_type",
    "tier_rank": "rank",
    "billing_period": "billing_period",
    "quota_period": "quota_period",
    "total_cap": "total_cap",
    "covered_severities": "severities",
    "covered_channels": "channels",
    "onsite_visits_per_month": "onsite_visits_per_month",
    "onsite_local_only": "onsite_local_only",
    "extra_services_discount": "extra_services_discount",
    "tier_discount_on_fee": "tier_discount_on_fee",
    "price": "price",
    "currency": "currency",
    "edition": "edition",
    "cloud_edition": "cloud_edition",
    "cloud_discount": "cloud_discount",
    "cloud_discount_on_fee": "cloud_discount_on_fee",
    "includes_bug_fixes": "includes_bug_fixes",
    "includes_new_features": "includes_new_features",
    "extra_ticket_price": "extra_ticket_price",
    "per_event_price": "per_event_price",
    "onsite_price": "onsite_price",
    "travel_expenses": "travel_expenses",
    "hourly_rate": "hourly_rate",
    "billing_fraction_minutes": "billing_fraction_minutes",
    "when_exhausted": "when_exhausted",
    "is_legacy": "legacy",
}
_PRICES = (
    "price",
    "extra_ticket_price",
    "per_event_price",
    "onsite_price",
    "travel_expenses",
    "hourly_rate",
)
_PERCENTS = ("extra_services_discount", "cloud_discount")
_ALWAYS_WRITTEN = ("name", "currency")  # required in the file


def _plan_values(spec: PlanSpec) -> dict[str, Any]:
    """The Plan row's values for `spec`."""
    return {column: getattr(spec, key) for column, key in _PLAN_FIELDS.items()}


def export_plans(policy: Policy) -> dict[str, Any]:
    """Every plan by key: its name and currency, then only the values that differ from the
    file's defaults; prices as text ("2450.00"), percentages as whole numbers when they are."""
    plans: dict[str, Any] = {}
    for plan in Plan.objects.filter(policy=policy).prefetch_related("quotas").order_by("key"):
        data: dict[str, Any] = {}
        for column, key in _PLAN_FIELDS.items():
            value = getattr(plan, column)
            if key not in _ALWAYS_WRITTEN and value == _default(key):
                continue
            if column in _PRICES and value is not None:
                value = f"{value:.2f}"
            elif column in _PERCENTS:
                value = _percent_value(value)
            data[key] = value
        quotas = sorted(plan.quotas.all(), key=lambda quota: quota.priority)
        if quotas:
            data["quotas"] = {quota.priority: quota.cap for quota in quotas}
        plans[plan.key] = data
    return plans


def _default(key: str) -> Any:
    return PlanSpec.model_fields[key].get_default(call_default_factory=True)


def _percent_value(value: Decimal) -> int | str:
    """15 for 15.00; "12.5" for 12.50 (text, so it stays exact)."""
    if value == value.to_integral_value():
        return int(value)
    return str(value.normalize())


# The one place a section is registered: its name in the file, how it loads, how it exports.
SECTIONS: tuple[Section, ...] = (
    Section("calendars", load=load_calendars, export=export_calendars),
    Section("plans", load=load_plans, export=export_plans),
    Section(
        "services",
        load=extra_services_io.load_extra_services,
        export=extra_services_io.export_extra_services,
    ),
    Section("desk", load=intake_io.load_desk, export=intake_io.export_desk),
    Section("severities", load=intake_io.load_severities, export=intake_io.export_severities),
    Section("fields", load=intake_io.load_fields, export=intake_io.export_fields),
    Section("case_types", load=intake_io.load_case_types, export=intake_io.export_case_types),
    Section("scope", load=intake_io.load_scope, export=intake_io.export_scope),
    Section("intake", load=intake_io.load_intake, export=intake_io.export_intake),
    Section("sla", load=sla_io.load_sla, export=sla_io.export_sla),
    Section(
        "assignment",
        load=assignment_io.load_assignment,
        export=assignment_io.export_assignment,
    ),
)
