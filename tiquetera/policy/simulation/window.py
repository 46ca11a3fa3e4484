"""The cases a simulation replays, and the entitlements as they stood when the window opened.

Both run inside the simulation's transaction (rolled back): the counters are rewound to what the
consumptions before the window left, and the periods take the new policy's caps for the plans
whose caps the file changes (a period copies its plan's caps when it opens)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from django.db.models import Count, F, QuerySet

from tiquetera.contracts.models import Consumption, EntitlementCounter, EntitlementPeriod, Plan
from tiquetera.directory.models import Organization
from tiquetera.policy.models import Policy
from tiquetera.tickets.models import Case

Caps = dict[str, tuple[int | None, dict[str, int]]]  # plan key -> (total, per priority)


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


def plan_caps(policy: Policy) -> Caps:
    plans = Plan.objects.filter(policy=policy).prefetch_related("quotas")
    return {p.key: (p.total_cap, {q.priority: q.cap for q in p.quotas.all()}) for p in plans}


def rewind(policy: Policy, first: dt.datetime, organization: Organization | None) -> None:
    """Give back every ticket taken from `first` on (and not credited back since): the counters
    hold what the consumptions before the window left."""
    taken = Consumption.objects.filter(
        organization__policy=policy,
        created__gte=first,
        outcome=Consumption.Outcome.COVERED,
        credited_at__isnull=True,
    )
    if organization is not None:
        taken = taken.filter(organization=organization)
    for period, count in _counts(taken, "period"):
        EntitlementPeriod.objects.filter(pk=period).update(total_used=F("total_used") - count)
    for counter, count in _counts(taken, "counter"):
        EntitlementCounter.objects.filter(pk=counter).update(used=F("used") - count)


def _counts(taken: QuerySet[Consumption], field: str) -> list[tuple[int, int]]:
    rows = taken.exclude(**{f"{field}__isnull": True}).values(field).annotate(n=Count("pk"))
    return [(row[field], row["n"]) for row in rows.order_by()]


def apply_caps(policy: Policy, before: Caps, first: dt.datetime) -> None:
    """The periods still running when the window opened take the caps the file gives their
    plan, for each plan whose caps it changes."""
    after = plan_caps(policy)
    for key, (total, quotas) in after.items():
        if before.get(key) == (total, quotas):
            continue
        periods = EntitlementPeriod.objects.filter(
            contract__plan__policy=policy, contract__plan__key=key, ends__gt=first.date()
        )
        periods.update(total_cap=total)
        for period in periods:
            _set_counters(period, quotas)


def _set_counters(period: EntitlementPeriod, quotas: Mapping[str, int]) -> None:
    counters = {c.priority: c for c in period.counters.all()}
    for priority, counter in counters.items():
        cap = quotas.get(priority, 0) if quotas else None  # no quotas: only the total counts
        EntitlementCounter.objects.filter(pk=counter.pk).update(cap=cap)
    EntitlementCounter.objects.bulk_create(
        EntitlementCounter(period=period, priority=priority, cap=cap)
        for priority, cap in quotas.items()
        if priority not in counters
    )
