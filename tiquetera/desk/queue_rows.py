"""What each queue row shows, worked out in Python once per page rather than by template tags
once per row (issue 17, "a cheap queue render"): the links as a prefix plus the number, the
checkbox's label and the SLA countdown from a format translated once, the organization's plan
and the case's tags in one query each. Also the organization filter's lookup by name, so the
page offers a text box with suggestions instead of a `<select>` of every organization."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tiquetera.contracts.services.entitlement_periods import active_on
from tiquetera.core.dates import short_datetime
from tiquetera.directory.models import Organization
from tiquetera.sla.countdown import countdown_html, countdowns_for
from tiquetera.tickets.models import Case

from .queue import ClockState, InvalidQueueRequest, QueuePage

SUGGESTED_ORGANIZATIONS = 20


@dataclass(frozen=True)
class RowView:
    case: Case
    sla_state: ClockState
    plan: str
    tags: list[str]
    select_label: str
    due: str  # "in 3 h 20 min" (business time, markup countdown.js ticks), "paused", "—"
    state_label: str  # "on time", "at risk"…
    due_iso: str  # the deadline in the current time zone, for <time datetime>
    due_shown: str  # the same in the locale's date and time format


def row_views(page: QueuePage) -> list[RowView]:
    """The page's rows with what they show (two queries: plans and tags)."""
    cases = page.cases
    if not cases:
        return []
    plans = _plans(page)
    tags = _tags([case.pk for case in cases])
    countdowns = countdowns_for((case.pk for case in cases), page.now)
    select = _("Select %(number)s")
    late, left = _("%(late)s late"), _("in %(left)s")
    state_labels = {state: str(state.label) for state in ClockState}
    rows = []
    for row in page.rows:
        case, state = row.case, row.sla_state
        if state == ClockState.BREACHED:
            overdue = page.now - case.sla_due_at if case.sla_due_at else None
            due = late % {"late": short_duration(overdue)} if overdue else _("breached")
        elif state == ClockState.PAUSED:
            due = _("paused")
        elif state == ClockState.NONE or case.sla_due_at is None:
            due = "—"
        else:
            due = left % {"left": short_duration(case.sla_due_at - page.now)}
        if state not in (ClockState.PAUSED, ClockState.NONE) and case.pk in countdowns:
            # business time, ticked by countdown.js; whole business days in a list
            due = countdown_html(countdowns[case.pk], rounded=True)
        rows.append(
            RowView(
                case,
                state,
                plans.get(case.organization_id, ""),
                tags.get(case.pk, []),
                select % {"number": case.number},
                due,
                state_labels[state],
                *_deadline(case.sla_due_at),
            )
        )
    return rows


def _deadline(due_at: dt.datetime | None) -> tuple[str, str]:
    if due_at is None:
        return "", ""
    local = timezone.localtime(due_at)
    return local.isoformat(), short_datetime(local)


def short_duration(delta: dt.timedelta) -> str:
    """A wall-clock span in two units at most: "2 d 4 h", "3 h 20 min", "12 min"."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days and hours:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if days:
        return _("%(days)d d") % {"days": days}
    if hours and minutes:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": minutes}


def link_prefixes() -> dict[str, str]:
    """The case and organization addresses without their last part, for `prefix + number + /`."""
    return {
        "case_prefix": reverse("desk:case", args=["0"]).removesuffix("0/"),
        "organization_prefix": reverse("desk:organization", args=[0]).removesuffix("0/"),
    }


def _plans(page: QueuePage) -> dict[int, str]:
    """The plan each organization of the page has today (the best-ranked when it has two)."""
    organizations = {case.organization_id for case in page.cases}
    return dict(
        active_on(timezone.localdate(page.now))
        .filter(organization_id__in=organizations)
        .order_by("organization_id", "plan__tier_rank", "pk")
        .values_list("organization_id", "plan__name")
        .reverse()
    )


def _tags(case_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    links = Case.tags.through.objects.filter(case_id__in=case_ids).order_by("tag__name")
    for case_id, name in links.values_list("case_id", "tag__name"):
        found[case_id].append(name)
    return found


# --- the organization filter -------------------------------------------------------------------
def organization_named(name: str) -> int:
    """The id of the organization called `name` (any case; a unique part of a name will do).
    InvalidQueueRequest "organization" when none or several match."""
    name = " ".join(name.split())
    exact = list(
        Organization.objects.filter(legal_name__iexact=name).values_list("pk", flat=True)[:2]
    )
    if len(exact) == 1:
        return exact[0]
    found = list(
        Organization.objects.filter(legal_name__icontains=name).values_list("pk", flat=True)[:2]
    )
    if len(found) == 1:
        return found[0]
    if not found:
        message = _("No organization is called “%(name)s”.")
    else:
        message = _("Several organizations match “%(name)s”: choose one of the suggestions.")
    raise InvalidQueueRequest("organization", message % {"name": name})


def organization_suggestions(typed: str) -> list[str]:
    """Up to 20 organization names containing what was typed, for the filter's suggestions."""
    typed = " ".join(typed.split())
    if not typed:
        return []
    return list(
        Organization.objects.filter(legal_name__icontains=typed)
        .order_by("legal_name")
        .values_list("legal_name", flat=True)[:SUGGESTED_ORGANIZATIONS]
    )


def organization_name(organization_id: int | None) -> str:
    if organization_id is None:
        return ""
    found = Organization.objects.filter(pk=organization_id).values_list("legal_name", flat=True)
    return found.first() or ""
