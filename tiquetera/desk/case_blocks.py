"""What the agents' case page reads besides the case and its history: structured fields with
their labels, the entitlement or charge, the SLA clocks with the engine's explanation, the
modality steps, contact attempts, time entries and related cases.

A constant number of queries whatever the case holds: one per block, never one per row (the
engine is compiled once per calendar and process, `calendars.services.engine_for`). The reads
of a fixed shape are `Prepared` (core/queries.py): compiled once per connection, as compiling
them cost more than PostgreSQL answering them. The desk rules and the fields' labels come from
the policy's catalogue, kept per revision (`tickets/catalogue.py`).
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from tiquetera.billing.models import Charge, TimeEntry
from tiquetera.calendars.engine import CalendarError
from tiquetera.calendars.explain import ExplainedDeadline, explain_text
from tiquetera.calendars.services import engine_for
from tiquetera.channels.email.models import InboundEmail
from tiquetera.channels.email.senders import case_emails, sender_check_text
from tiquetera.contracts.allowance_text import usable_text
from tiquetera.contracts.models import Consumption
from tiquetera.contracts.selectors import remaining_allowance
from tiquetera.core.queries import Prepared
from tiquetera.sla.countdown import Countdown, countdown
from tiquetera.sla.models import Clock
from tiquetera.tickets.catalogue import catalogue
from tiquetera.tickets.models import (
    Case,
    ContactAttempt,
    DeskRules,
    IntakeCheck,
    ModalityStep,
)


@dataclass(frozen=True)
class FieldRow:
    key: str
    label: str
    value: object


@dataclass(frozen=True)
class ClockRow:
    clock: Clock
    due_at: dt.datetime | None  # in the organization's zone
    explanation: ExplainedDeadline | None  # a running clock's: why it is due then
    breached: bool
    countdown: Countdown | None = None  # business time left (or late) now


@dataclass(frozen=True)
class RelatedCase:
    case: Case
    relation: str  # parent, split_from, duplicate_of, child, split, duplicate


@dataclass(frozen=True)
class EmailRow:
    email: InboundEmail
    sender_check: str  # the verdict on its sender, in words


@dataclass(frozen=True)
class CaseBlocks:
    fields: list[FieldRow]
    consumption: Consumption | None
    charge: Charge | None
    clocks: list[ClockRow]
    modality_steps: list[ModalityStep]
    contact_attempts: list[ContactAttempt]
    time_entries: list[TimeEntry]
    related: list[RelatedCase]
    rules: DeskRules | None
    allowance: list[str]  # what the organization's plans have usable now, in words
    emails: list[EmailRow]  # the emails that opened or answered the case, or wait on it
    checks: list[IntakeCheck]  # what each intake rule said, in order


_CHECKS = Prepared(
    lambda case_id: IntakeCheck.objects.filter(case_id=case_id).order_by("checked_at", "position"),
    int,
)
_MODALITY_STEPS = Prepared(
    lambda case_id: (
        ModalityStep.objects.filter(case_id=case_id)
        .select_related("agent", "charge")
        .order_by("created_at", "pk")
    ),
    int,
)
_CONTACT_ATTEMPTS = Prepared(
    lambda case_id: (
        ContactAttempt.objects.filter(case_id=case_id)
        .select_related("agent")
        .order_by("created_at", "pk")
    ),
    int,
)
_TIME_ENTRIES = Prepared(
    lambda organization_id, reference: (
        TimeEntry.objects.filter(organization_id=organization_id, reference=reference)
        .select_related("agent")
        .order_by("worked_on", "pk")
    ),
    int,
    str,
)
_CONSUMPTION = Prepared(
    lambda pk: Consumption.objects.filter(pk=pk).select_related("charge").order_by()[:1], int
)
_CLOCKS = Prepared(
    lambda case_id: (
        Clock.objects.filter(case_id=case_id)
        .select_related("calendar", "overridden_by")
        .order_by("metric")
    ),
    int,
)
_RELATED_COLUMNS = ("number", "subject", "status", "parent_id", "split_from_id", "duplicate_of_id")
# The cases linked to a case, either way, in one statement: one indexed lookup per link (those
# pointing at it, then the ones it points at by primary key), joined by UNION — their OR in one
# WHERE made SQLite read every case. Values: the case's id once per part, then its parent,
# split-from and duplicate-of ids (0 for none: no case has it).
_LINKED = Prepared(
    lambda pk_1, pk_2, pk_3, parent_id, split_from_id, duplicate_of_id: (
        Case.objects.filter(parent_id=pk_1)
        .order_by()
        .only(*_RELATED_COLUMNS)
        .union(
            Case.objects.filter(split_from_id=pk_2).order_by().only(*_RELATED_COLUMNS),
            Case.objects.filter(duplicate_of_id=pk_3).order_by().only(*_RELATED_COLUMNS),
            Case.objects.filter(pk__in=[parent_id, split_from_id, duplicate_of_id])
            .order_by()
            .only(*_RELATED_COLUMNS),
        )
    ),
    *(int,) * 6,
)


def case_blocks(case: Case) -> CaseBlocks:
    """The case page's reading blocks for `case` (read with its organization)."""
    consumption, charge = _consumption(case)
    return CaseBlocks(
        fields=_fields(case),
        consumption=consumption,
        charge=charge,
        clocks=clock_rows(case),
        modality_steps=_MODALITY_STEPS.all(case.pk),
        contact_attempts=_CONTACT_ATTEMPTS.all(case.pk),
        time_entries=_TIME_ENTRIES.all(case.organization_id, case.number),
        related=_related(case),
        rules=catalogue(case.policy_id).desk,
        allowance=_allowance(case),
        emails=[EmailRow(email, sender_check_text(email)) for email in case_emails(case)],
        checks=_CHECKS.all(case.pk),
    )


def _allowance(case: Case) -> list[str]:
    """Contracts' `remaining_allowance` today, each line as words (the total binding said)."""
    lines = []
    for allowance in remaining_allowance(case.organization, timezone.now()):
        plan = allowance.contract.plan.name
        for line in allowance.priorities:
            lines.append(f"{plan} · {usable_text(line.priority or '', line)}")
        if allowance.total.cap is not None:
            lines.append(f"{plan} · {usable_text(str(_('Total')), allowance.total)}")
    return lines


def _fields(case: Case) -> list[FieldRow]:
    values = case.fields if isinstance(case.fields, dict) else {}
    if not values:
        return []
    labels = {
        key: field.label for key, field in catalogue(case.policy_id).fields.items() if key in values
    }
    positions = {key: n for n, key in enumerate(labels)}  # the policy's order, then the rest
    keys = sorted(values, key=lambda key: (positions.get(key, len(positions)), key))
    return [FieldRow(key, labels.get(key, key), values[key]) for key in keys]


def _consumption(case: Case) -> tuple[Consumption | None, Charge | None]:
    if case.consumption_id is None:
        return None, None
    consumption = _CONSUMPTION.first(case.consumption_id)
    if consumption is None:
        return None, None
    charge: Charge | None = getattr(consumption, "charge", None)
    return consumption, charge


def clock_rows(case: Case) -> list[ClockRow]:
    """The case's SLA clocks with their due time, explanation and countdown (one query)."""
    zone, now = ZoneInfo(case.organization.time_zone), timezone.now()
    return [_clock_row(clock, zone, now) for clock in _clocks(case)]


def _clocks(case: Case) -> list[Clock]:
    return _CLOCKS.all(case.pk)  # type: ignore[no-any-return]


def _clock_row(clock: Clock, zone: ZoneInfo, now: dt.datetime) -> ClockRow:
    explanation = None
    if clock.state == Clock.State.RUNNING and clock.running_since is not None:
        left = dt.timedelta(minutes=max(clock.target_minutes - clock.used_minutes, 0))
        try:
            engine = engine_for(clock.calendar)
            explanation = explain_text(engine.explain(clock.running_since, left))
        except CalendarError:
            explanation = None  # a calendar that never opens: the stored due time still shows
    due = clock.due_at.astimezone(zone) if clock.due_at is not None else None
    breached = clock.breached_at is not None
    return ClockRow(clock, due, explanation, breached, countdown(clock, now))


def _related(case: Case) -> list[RelatedCase]:
    up = {
        "parent": case.parent_id,
        "split_from": case.split_from_id,
        "duplicate_of": case.duplicate_of_id,
    }
    ups = [pk or 0 for pk in up.values()]
    found = _LINKED.all(case.pk, case.pk, case.pk, *ups)
    others = {other.pk: other for other in sorted(found, key=lambda other: other.pk)}
    related = [
        RelatedCase(others[pk], relation)
        for relation, pk in up.items()
        if pk is not None and pk in others
    ]
    for other in others.values():
        for relation, column in (
            ("child", "parent_id"),
            ("split", "split_from_id"),
            ("duplicate", "duplicate_of_id"),
        ):
            if getattr(other, column) == case.pk:
                related.append(RelatedCase(other, relation))
    return related
