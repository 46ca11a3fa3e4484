"""The cases a simulation replays, the entitlements as they stood when the window opened, and
each client's payment standing as it was at any moment of the window.

Both run inside the simulation's transaction (rolled back): the counters are rewound to what the
consumptions before the window left, and the periods take the new policy's caps for the plans
whose caps the file changes (a period copies its plan's caps when it opens)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, QuerySet

from tiquetera.audit.models import AuditEvent
from tiquetera.contracts.models import Consumption, EntitlementCounter, EntitlementPeriod, Plan
from tiquetera.directory.models import Organization
from tiquetera.policy.models import Policy
from tiquetera.tickets.models import Case

from .facts import batches

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
