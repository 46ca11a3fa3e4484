"""The agents' case page: the case, how intake judged it, and its history in order."""

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiquetera.core.permissions import agent_required
from tiquetera.tickets.selectors import HistoryEntry, case_for, case_history
from tiquetera.tickets.statuses import Status

VERB_LABELS: dict[str, Promise] = {
    "case.created": _("Case opened"),
    "case.intake_rerun": _("Intake rules run again"),
    "case.status_changed": _("Status changed"),
    "case.assigned": _("Assigned"),
    "case.replied": _("Public reply written"),
    "case.noted": _("Internal note written"),
    "case.event": _("System event"),
    "case.attachment_added": _("Attachment added"),
    "case.urgency_notified": _("Urgency notice recorded"),
    "case.contact_attempt_logged": _("Contact attempt logged"),
    "case.modality_step_recorded": _("Support modality step recorded"),
    "case.fix_date_changed": _("Committed fix date changed"),
    "case.study_started": _("Feature study started"),
    "case.study_quoted": _("Custom development quoted"),
    "case.study_on_roadmap": _("Feature put on the roadmap"),
    "case.study_rejected": _("Feature request found not viable"),
}


@dataclass(frozen=True)
class HistoryRow:
    """A history entry with what the template cannot work out: labels for the verb and status."""

    entry: HistoryEntry
    label: str = ""
    status_before: str = ""
    status_after: str = ""

    @classmethod
    def of(cls, entry: HistoryEntry) -> "HistoryRow":
        event = entry.event
        if event is None:
            return cls(entry)
        return cls(
            entry,
            label=str(VERB_LABELS.get(event.verb, event.verb)),
            status_before=_status_label(event.before.get("status")),
            status_after=_status_label(event.after.get("status")),
        )


@agent_required
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    """One case for an agent; 404 for an unknown number (or one several policies share)."""
    case = case_for(request.user, number)
    if case is None:
        raise Http404
    history = [HistoryRow.of(entry) for entry in case_history(case, viewer=request.user)]
    return render(
        request,
        "desk/case.html",
        {"case": case, "checks": case.intake_checks.all(), "history": history},
    )


def _status_label(value: object) -> str:
    if not value:
        return ""
    try:
        return str(Status(str(value)).label)
    except ValueError:
        return str(value)
