"""The cases a simulation replays, the entitlements as they stood when the window opened, and
each client's payment standing as it was at any moment of the window.

The entitlements are rewound in memory (`WindowStart`): each period running when the window
opened is given back the tickets taken since, and takes the file's caps for the plans whose caps
it changes (a period copies its plan's caps when it opens) — nothing is written to the live
counters, so a simulation keeps no live intake waiting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, QuerySet

from tiquetera.audit.models import AuditEvent
from tiquetera.contracts.models import Consumption, EntitlementCounter, EntitlementPeriod, Plan
from tiquetera.contracts.services.consuming import TicketSource
from tiquetera.directory.models import Organization
from tiquetera.policy.models import Policy
from tiquetera.tickets.models import Case

from .facts import batches

Caps = dict[str, tuple[int | None, dict[str, int]]]  # plan key -> (total, per priority)
Counted = tuple[type[EntitlementPeriod] | type[EntitlementCounter], int]  # a count's row


def bounds(policy: Policy, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The window's instants: from `start`'s midnight to the midnight after `end`, in the
    policy's time zone (both days included)."""
    zone = ZoneInfo(policy.time_zone)
    first = dt.datetime.combine(start, dt.time(0), tzinfo=zone)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return first, after


def cases_in(
    policy: Policy, first: dt.datetime, after: dt.datetime, organization: Organization | None
) -> QuerySet[Case]:
    """The cases received in the window, in arrival order (split-off cases are replayed with
    their own arrival)."""
    cases = Case.objects.filter(policy=policy, created_at__gte=first, created_at__lt=after)
    if organization is not None:
        cases = cases.filter(organization=organization)
    return cases.select_related("organization", "requester", "split_from").order_by(
        "created_at", "pk"
    )


Credit = tuple[dt.datetime, int, str]  # when, the recorded case's pk, why


def credits_of(cases: Sequence[Case]) -> list[Credit]:
    """The tickets given back for the window's cases (found invalid, out of scope, a
    duplicate: contracts' `credit_back`), in the order they were given back."""
    found: list[Credit] = []
    for batch in batches(cases):
        rows = Case.objects.filter(
            pk__in=[case.pk for case in batch], consumption__credited_at__isnull=False
        ).values_list("consumption__credited_at", "pk", "consumption__credit_reason")
        found += [(at, pk, reason) for at, pk, reason in rows if at is not None]
    return sorted(found)


def plan_caps(policy: Policy) -> Caps:
    plans = Plan.objects.filter(policy=policy).prefetch_related("quotas")
    return {p.key: (p.total_cap, {q.priority: q.cap for q in p.quotas.all()}) for p in plans}


def taken_since(
    policy: Policy, first: dt.datetime, organization: Organization | None
) -> dict[Counted, int]:
    """Per period and counter, the tickets taken from `first` on and not credited back since:
    what a count held when the window opened is its count now less these. Read, not written
    back: the live counters are not touched, so live intakes never wait for a simulation."""
    taken = Consumption.objects.filter(
        organization__policy=policy,
        created__gte=first,
        outcome=Consumption.Outcome.COVERED,
        credited_at__isnull=True,
    )
    if organization is not None:
        taken = taken.filter(organization=organization)
    found: dict[Counted, int] = {}
    for model, column in ((EntitlementPeriod, "period"), (EntitlementCounter, "counter")):
        rows = taken.exclude(**{f"{column}__isnull": True}).values(column).annotate(n=Count("pk"))
        found.update(((model, row[column]), row["n"]) for row in rows.order_by())
    return found


@dataclass
class WindowStart:
    """The entitlements as they stood when the window opened, under the file: each quota
    period still running then, as read, is given back the tickets taken since (`taken`) and
    takes the caps the file gives its plan (`caps`, the plans whose caps it changes), in memory
    — what the replay counts from (`contracts.services.counting.InMemory`)."""

    first: dt.date
    taken: dict[Counted, int] = field(default_factory=dict)
    caps: Caps = field(default_factory=dict)
    _added: dict[tuple[int, str], EntitlementCounter] = field(default_factory=dict)

    def of(self, source: TicketSource) -> TicketSource:
        """`source` (its rows as just read from the database) as the window opened."""
        period, counters = source.period, dict(source.counters)
        if period.ends <= self.first:
            return source
        period.total_used -= self.taken.get((EntitlementPeriod, period.pk), 0)
        for counter in counters.values():
            counter.used -= self.taken.get((EntitlementCounter, counter.pk), 0)
        if period.contract.plan.key in self.caps:
            total, quotas = self.caps[period.contract.plan.key]
            period.total_cap = total
            for priority, counter in counters.items():
                counter.cap = quotas.get(priority, 0) if quotas else None  # none: the total counts
            for priority, cap in quotas.items():
                if priority not in counters:
                    counters[priority] = self._added_counter(period, priority, cap)
        return TicketSource(period, counters)

    def _added_counter(
        self, period: EntitlementPeriod, priority: str, cap: int
    ) -> EntitlementCounter:
        """A counter the file's quotas add to a running period: in memory only, named by a
        negative primary key (the same one each time the period is read)."""
        key = (period.pk, priority)
        if key not in self._added:
            counter = EntitlementCounter(period=period, priority=priority, cap=cap, used=0)
            counter.pk = -(len(self._added) + 1)
            self._added[key] = counter
        return self._added[key]


def changed_caps(before: Caps, after: Caps) -> Caps:
    """The file's caps (`after`) of the plans whose caps it changes."""
    return {key: caps for key, caps in after.items() if before.get(key) != caps}


class Standings:
    """The payment standing of the window's clients as it was then: each one's
    "organization.standing_set" events from the window's start on (`set_payment_standing`)
    say what it was before the first and after each. A client with none had, all along, the
    standing it has now."""

    def __init__(self, organization_ids: Iterable[int], first: dt.datetime) -> None:
        self._changes: dict[int, list[tuple[dt.datetime, str, str]]] = {}
        ids = sorted(set(organization_ids))
        for some in batches(ids):
            events = AuditEvent.objects.filter(
                verb="organization.standing_set",
                content_type=ContentType.objects.get_for_model(Organization),
                object_id__in=[str(pk) for pk in some],
                at__gte=first,
            ).order_by("at", "pk")
            for object_id, at, before, after in events.values_list(
                "object_id", "at", "before", "after"
            ):
                change = (at, before.get("standing", ""), after.get("standing", ""))
                self._changes.setdefault(int(object_id), []).append(change)

    def at(self, organization: Organization, moment: dt.datetime) -> str:
        """`organization`'s standing at `moment` (a change at that very moment counts)."""
        changes = self._changes.get(organization.pk)
        if not changes:
            return organization.standing
        standing = changes[0][1] or organization.standing
        for at, _before, after in changes:
            if at > moment:
                break
            standing = after
        return standing
