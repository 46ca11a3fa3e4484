"""Bulk actions on the queue's selected cases: assign, change the status, change the severity,
merge.

Each case goes through the same service as on its own page (`assign`, `change_status`,
`change_severity`), in its own transaction: each case changed writes its one audit event, a case
already as asked is left alone (nothing written), and a case the service refuses is reported
with its message while the others are changed. Only the cases the agent may see are touched
(`visible_cases`); an unknown id is ignored.

Merging takes two or more cases of one organization and closes all but the oldest as its
duplicates (`merge_duplicate`, each in its own transaction, as on the case page); cases of
several organizations are refused as a whole, before anything is written.
"""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiquetera.core.errors import DomainError
from tiquetera.core.labels import severity_label
from tiquetera.core.queries import Prepared
from tiquetera.directory.models import Agent
from tiquetera.tickets.lifecycle.assignment import assign
from tiquetera.tickets.lifecycle.linking import merge_duplicate
from tiquetera.tickets.lifecycle.severity import change_severity
from tiquetera.tickets.models import Case, Severity
from tiquetera.tickets.selectors import visible_cases
from tiquetera.tickets.services import change_status
from tiquetera.tickets.statuses import Status

from .case_forms import OWN_FORM

MAX_CASES = 200  # a page of the queue at most


def severity_choices() -> list[tuple[str, str]]:
    """Every policy's severity codes, most urgent first, each once (one query)."""
    seen: dict[str, str] = {}
    for code, name in _SEVERITIES.all():
        seen.setdefault(code, severity_label(code, name))
    return list(seen.items())


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("assign", _("Assign")),
            ("status", _("Status")),
            ("severity", _("Severity")),
            ("merge", _("Merge")),
        ]
    )
    agent = forms.ModelChoiceField(
        label=_("Agent"),
        queryset=Agent.objects.filter(is_active=True, user__is_active=True).select_related("user"),
        required=False,
    )
    status = forms.ChoiceField(
        label=_("New status"),
        # resolving needs the resolution, R&D the fix date: their own forms on the case page
        choices=[("", "—"), *((v, label) for v, label in Status.choices if v not in OWN_FORM)],
        required=False,
    )
    severity = forms.ChoiceField(label=_("New severity"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["severity"].choices = [("", "—"), *severity_choices()]  # type: ignore[attr-defined]

    def agent_choices(self) -> list[tuple[int, str]]:
        """The agents the bar offers, (id, name), from their columns alone: the field's own
        choices count them first, then build an agent and a user each."""
        return [(pk, f"{first} {last}".strip() or name) for pk, first, last, name in _AGENTS.all()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # the rows' checkboxes: any id parses, `visible_cases` decides which are touched
        raw = self.data.getlist("case") if hasattr(self.data, "getlist") else []
        data["case"] = sorted({int(value) for value in raw if str(value).isdigit()})
        if not data["case"]:
            raise forms.ValidationError(_("Choose at least one case."))
        if len(data["case"]) > MAX_CASES:
            raise forms.ValidationError(_("Choose at most %(count)s cases.") % {"count": MAX_CASES})
        if data.get("action") == "merge" and len(data["case"]) < 2:
            raise forms.ValidationError(_("Choose at least two cases to merge."))
        needed = {"assign": "agent", "status": "status", "severity": "severity"}
        name = needed.get(data.get("action", ""))
        if name and not data.get(name):
            self.add_error(name, _("Choose the value to set."))
        return data


# Read on every queue page (the bulk bar, the severity filter): compiled once per connection.
_SEVERITIES = Prepared(
    lambda: Severity.objects.order_by("rank", "code").values_list("code", "name")
)
_AGENTS = Prepared(
    lambda: BulkForm.base_fields["agent"].queryset.values_list(  # type: ignore[attr-defined]
        "pk", "user__first_name", "user__last_name", "user__username"
    )
)


@dataclass
class BulkResult:
    changed: list[str] = field(default_factory=list)  # case numbers
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # number, message
    into: str = ""  # merging: the number of the case the others were merged into
    error: str = ""  # refused as a whole (nothing written)


def apply_bulk(viewer: Any, data: dict[str, Any]) -> BulkResult:
    """Apply the form's action to each selected case the viewer may see (see the module)."""
    result = BulkResult()
    cases = visible_cases(viewer).filter(pk__in=data["case"]).order_by("pk")
    if data["action"] == "merge":
        return _merge(list(cases.select_related("organization")), viewer)
    for case in cases:
        try:
            changed = _apply_one(case, data, viewer)
        except DomainError as error:
            result.refused.append((case.number, error.message))
            continue
        (result.changed if changed else result.unchanged).append(case.number)
    return result


def _apply_one(case: Case, data: dict[str, Any], actor: Any) -> bool:
    action = data["action"]
    if action == "assign":
        agent: Agent = data["agent"]
        if case.assignee_id == agent.user_id:
            return False
        assign(case, agent=agent, actor=actor)
        return True
    if action == "status":
        if case.status == data["status"]:
            return False
        change_status(case, data["status"], actor=actor, reason=data["reason"])
        return True
    if case.severity == data["severity"]:
        return False
    change_severity(case, data["severity"], actor=actor, reason=data["reason"])
    return True


def _merge(cases: list[Case], actor: Any) -> BulkResult:
    """The oldest case stays; each other one is closed as its duplicate (see the module)."""
    if len(cases) < 2:
        return BulkResult(error=str(_("Choose at least two cases to merge.")))
    organizations = sorted({case.organization.legal_name for case in cases})
    if len(organizations) > 1:
        message = _(
            "Only cases of one organization can be merged; these are of %(organizations)s. "
            "Nothing was merged."
        )
        return BulkResult(error=message % {"organizations": ", ".join(organizations)})
    target, *others = sorted(cases, key=lambda case: (case.created_at, case.pk))
    result = BulkResult(into=target.number)
    for case in others:
        try:
            merge_duplicate(case, into=target, actor=actor)
        except DomainError as error:
            result.refused.append((case.number, error.message))
            continue
        result.changed.append(case.number)
    return result
