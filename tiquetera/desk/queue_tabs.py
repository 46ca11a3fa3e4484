"""The counts of the queue's tabs (`desk/queue_views.py: TABS`): one query on the partial index
`case_tab_counts` (tickets/models.py)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, Sum
from django.db.models.functions import Cast

from tiquetera.core.permissions import is_agent
from tiquetera.core.queries import Prepared
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import QUEUE_STATUSES, Status, StatusIn

# Grouped by the columns of `case_tab_counts` in its order: the database walks that index alone
# and adds up each (status, assignee) run, a few hundred groups for Python to add up. (At
# 100,000 cases on SQLite a third of the CPU of counting each tab with a FILTER, which evaluates
# five conditions on each of the ~10,000 entries.) Compiled once per connection.
_GROUPS = Prepared(
    lambda: (
        Case.objects.filter(StatusIn((*QUEUE_STATUSES, Status.WAITING_ON_CLIENT)))
        .values_list("status", "assignee_id")
        .annotate(cases=Count("*"), breached=Sum(Cast("sla_breached", IntegerField())))
        .order_by()
    )
)


def tab_counts(viewer: Any) -> dict[str, int]:
    """How many cases each of the queue's tabs holds, in one query: the cases to act on (the
    default), those waiting on the client (which the default hides), and of those to act on
    the viewer's, the unassigned and the breached ones."""
    if not is_agent(viewer):
        raise PermissionDenied
    counts = dict.fromkeys(("to_act", "waiting_on_client", "mine", "unassigned", "breached"), 0)
    for status, assignee_id, cases, breached in _GROUPS.all():
        if status == Status.WAITING_ON_CLIENT:
            counts["waiting_on_client"] += cases
            continue
        counts["to_act"] += cases
        counts["breached"] += breached
        if assignee_id is None:
            counts["unassigned"] += cases
        elif assignee_id == viewer.pk:
            counts["mine"] += cases
    return counts
