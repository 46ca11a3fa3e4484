"""The queue's rows, written in Python once per page rather than by template tags once per
value (issues 17 and 18, "a cheap queue render"): the links as a prefix plus the number, the
words translated once, the organization's plan, the case's tags and the SLA countdowns in one
query each. Also the organization filter's lookup by name, so the page offers a text box with
suggestions instead of a `<select>` of every organization."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from html import escape
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tiquetera.contracts.services.entitlement_periods import active_on
from tiquetera.core.dates import clock, short_date
from tiquetera.core.queries import PreparedIn
from tiquetera.directory.models import Organization
from tiquetera.sla.countdown import Countdown, countdown_html, countdowns_for
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import Status

from .queue import ClockState, InvalidQueueRequest, QueuePage

SUGGESTED_ORGANIZATIONS = 20


# One row, as a phone shows it too (a card: queue.css, each cell's data-label). `rows_html` fills
# it with values it has escaped: the page's words and links once, each case's own values once.
ROW = (
    '\n<tr data-queue-row class="queue-row sla-row-{state}">\n'
    '  <td class="queue-check"><input type="checkbox" name="case" value="{pk}" form="queue-bulk"'
    ' aria-label="{select}"></td>\n'
    '  <td data-label="{number_label}"><a href="{case_prefix}{number}/">{number}</a></td>\n'
    '  <td data-label="{organization_label}"><a href="{organization_prefix}{organization_id}/">'
    "{organization}</a>{plan}</td>\n"
    '  <td data-label="{severity_label}">{severity}</td>\n'
    '  <td data-label="{subject_label}">{subject}{tags}</td>\n'
    '  <td data-label="{status_label}">{status}</td>\n'
    '  <td data-label="{assignee_label}">{assignee}{team}</td>\n'
    '  <td data-label="{due_label}"><span class="sla sla-{state}">{due}</span>\n'
    "    {deadline}\n"
    '    <br><small class="sla-label">{state_text}</small></td>\n'
    "</tr>\n"
)
SMALL = '<br><small class="muted">{}</small>'


def rows_html(page: QueuePage, labels: dict[str, str]) -> SafeString:
    """The page's rows, written in one loop (issue 18: a template's lookups, filters and tags
    for each of ~20 values a row were a third of the queue's CPU); three queries: the plans,
    the tags and the countdowns' clocks. `labels`: each column's heading. Every value is
    escaped here with the standard library's `html.escape` (what Django's `escape` calls,
    without its lazy-string wrapper: a row escapes some fifteen values)."""
    cases = page.cases
    if not cases:
        return SafeString("")
    plans = _plans(page)
    tags = _tags([case.pk for case in cases])
    countdowns = countdowns_for((case.pk for case in cases), page.now)
    queue_url = escape(reverse("desk:queue"))
    words = {
        **{f"{key}_label": escape(str(label)) for key, label in labels.items()},
        **{key: escape(prefix) for key, prefix in link_prefixes().items()},
    }
    select = _("Select %(number)s")
    statuses = {value: escape(str(label)) for value, label in Status.choices}
    state_texts = {state: escape(str(state.label)) for state in ClockState}
    deadline = _DeadlineWords()
    unassigned = format_html('<span class="muted">{}</span>', _("unassigned"))
    written = []
    for row in page.rows:
        case, state = row.case, row.sla_state
        names = tags.get(case.pk)
        assignee = case.assignee
        plan = plans.get(case.organization_id)
        written.append(
            ROW.format(
                state=state.value,
                pk=case.pk,
                select=escape(select % {"number": case.number}),
                number=escape(case.number),
                organization_id=case.organization_id,
                organization=escape(case.organization.legal_name),
                plan=SMALL.format(escape(plan)) if plan else "",
                severity=escape(case.severity or "—"),
                subject=escape(case.subject),
                tags="<br>" + "".join(_tag(queue_url, name) for name in names) if names else "",
                status=statuses.get(case.status) or escape(case.status),
                assignee=escape(assignee.get_full_name() or assignee.get_username())
                if assignee
                else unassigned,
                team=SMALL.format(escape(case.team.name)) if case.team else "",
                due=_due(case, state, countdowns, page.now),
                deadline=deadline.html(case.sla_due_at),
                state_text=state_texts[state],
                **words,
            )
        )
    return SafeString("".join(written))


def options_html(choices: Iterable[tuple[object, object]], selected: str = "") -> SafeString:
    """A select's `<option>`s, the one whose value is `selected` selected."""
    return SafeString(
        "".join(
            f'<option value="{escape(str(value))}"{" selected" if str(value) == selected else ""}>'
            f"{escape(str(label))}</option>"
            for value, label in choices
        )
    )


def _tag(queue_url: str, name: str) -> str:
    return f'<a class="tag" href="{queue_url}?tag={escape(quote(name))}">{escape(name)}</a> '


def _due(case: Case, state: ClockState, countdowns: dict[int, Countdown], now: dt.datetime) -> str:
    """ "in 3 h 20 min" (business time, ticked by countdown.js; whole business days in a list),
    "2 h late", "paused", "—"; as HTML."""
    if state not in (ClockState.PAUSED, ClockState.NONE) and case.pk in countdowns:
        return countdown_html(countdowns[case.pk], rounded=True)
    if state == ClockState.BREACHED:
        overdue = now - case.sla_due_at if case.sla_due_at else None
        text = _("%(late)s late") % {"late": short_duration(overdue)} if overdue else _("breached")
    elif state == ClockState.PAUSED:
        text = _("paused")
    elif state == ClockState.NONE or case.sla_due_at is None:
        text = "—"
    else:
        text = _("in %(left)s") % {"left": short_duration(case.sla_due_at - now)}
    return escape(text)


class _DeadlineWords:
    """Each deadline in the current time zone, in the locale's words (as `short_datetime`
    says it), for the row's <time>: the day's words and the pattern written once a page (a
    queue's first deadlines mostly fall on a day or two)."""

    def __init__(self) -> None:
        self.days: dict[dt.date, str] = {}
        self.pattern = _("%(date)s, %(time)s")
        self.zone = timezone.get_current_timezone()

    def html(self, due_at: dt.datetime | None) -> str:
        if due_at is None:
            return ""
        local = due_at.astimezone(self.zone)
        day = self.days.get(local.date())
        if day is None:
            day = self.days[local.date()] = short_date(local)
        words = escape(self.pattern % {"date": day, "time": clock(local)})
        return (
            f'<br><small class="muted"><time datetime="{local.isoformat()}">{words}</time></small>'
        )


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


# The plans of the page's organizations and the page's tags: compiled once per connection and
# number of ids (`PreparedIn`; Django's compiling was most of each read).
_PLANS = PreparedIn(
    lambda day, *organizations: (
        active_on(day)
        .filter(organization_id__in=organizations)
        .order_by("organization_id", "plan__tier_rank", "pk")
        .values_list("organization_id", "plan__name")
        .reverse()
    ),
    dt.date,
)
_TAGS = PreparedIn(
    lambda *case_ids: (
        Case.tags.through.objects.filter(case_id__in=case_ids)
        .order_by("tag__name")
        .values_list("case_id", "tag__name")
    )
)


def _plans(page: QueuePage) -> dict[int, str]:
    """The plan each organization of the page has today (the best-ranked when it has two)."""
    organizations = sorted({case.organization_id for case in page.cases})
    return dict(_PLANS.all(timezone.localdate(page.now), ids=organizations))


def _tags(case_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for case_id, name in _TAGS.all(ids=case_ids):
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
