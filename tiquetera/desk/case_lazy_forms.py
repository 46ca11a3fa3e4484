"""The case page's closed action forms, fetched when the agent opens one (issue 18).

Most of the page's actions sit inside closed `<details>`: building and rendering their forms
was a fifth of the page's CPU for forms hardly any visit opens. The page keeps each one's
summary; its body is `GET /cases/NUMBER/forms/ACTION/`, which htmx asks for the first time the
`<details>` opens, and which without JavaScript is a page of its own (the link the summary
shows). A refused action comes back as before (`case_actions._refused`): the whole page with
that form bound, open in its place, the agent's values and the message beside it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiquetera.billing.services import bills_time
from tiquetera.core.permissions import agent_required
from tiquetera.policy.cache import one_revision
from tiquetera.sla.models import Clock
from tiquetera.sla.services import may_override
from tiquetera.tickets.lifecycle.scope import may_mark_out_of_scope
from tiquetera.tickets.models import Case, DeskRules
from tiquetera.tickets.selectors import case_for

from . import case_forms as f
from .scope_forms import OutOfScopeForm


@dataclass(frozen=True)
class LazyForm:
    summary: Promise  # the <details>'s summary, also the fragment page's title
    button: Promise
    build: Callable[[Case], forms.Form]


def _time(case: Case) -> forms.Form:
    """Billable by default only when a contract in force has an hourly rate to bill it at."""
    today = timezone.localdate()
    return f.TimeForm(initial={"billable": bills_time(case.organization, today)})


def _override(case: Case) -> forms.Form:
    return f.OverrideForm(clocks=list(Clock.objects.filter(case_id=case.pk)))


# In the order the page shows them (desk/_case_actions.html; out of scope: _case_scope.html).
LAZY: dict[str, LazyForm] = {
    "assign": LazyForm(_("Assign"), _("Assign"), lambda case: f.AssignForm(case=case)),
    "status": LazyForm(
        _("Change status"), _("Change status"), lambda case: f.StatusForm(case=case)
    ),
    "severity": LazyForm(
        _("Change severity"), _("Change severity"), lambda case: f.SeverityForm(case=case)
    ),
    "case_type": LazyForm(
        _("Change type"), _("Change type"), lambda case: f.CaseTypeForm(case=case)
    ),
    "resolve": LazyForm(_("Resolve"), _("Resolve"), lambda case: f.ResolveForm()),
    "contact": LazyForm(
        _("Log a contact attempt"), _("Log the attempt"), lambda case: f.ContactAttemptForm()
    ),
    "time": LazyForm(_("Log time"), _("Log the time"), lambda case: _time(case)),
    "remote": LazyForm(
        _("Start a remote session"), _("Record the session"), lambda case: f.RemoteSessionForm()
    ),
    "onsite": LazyForm(
        _("Schedule an on-site visit"), _("Record the visit"), lambda case: f.OnsiteVisitForm()
    ),
    "split": LazyForm(
        _("Split into a new case"), _("Open the new case"), lambda case: f.SplitForm()
    ),
    "merge": LazyForm(
        _("Merge as a duplicate"), _("Close as a duplicate"), lambda case: f.MergeForm()
    ),
    "escalate": LazyForm(_("Escalate to R&D"), _("Escalate"), lambda case: f.EscalateForm()),
    "override": LazyForm(_("Agree another target"), _("Change the target"), _override),
    "out_of_scope": LazyForm(
        _("Not support: mark out of scope"),
        _("Mark out of scope"),
        lambda case: OutOfScopeForm(case=case),
    ),
}


@dataclass(frozen=True)
class ActionRow:
    """One `<details>` of the page: its form's fragment (`url`), or the form itself when it
    was refused, or a link elsewhere (`link`: logging a call is a page of its own)."""

    name: str
    summary: Promise
    url: str = ""
    link: str = ""
    form: forms.Form | None = None
    error: str = ""
    button: Promise | None = None


def action_rows(
    case: Case,
    user: object,
    *,
    clocks: list[Clock],
    phone_link: str,
    failed: tuple[str, forms.Form, str] | None,
) -> tuple[list[ActionRow], ActionRow | None]:
    """The actions' `<details>` and the scope section's "out of scope" one (None when the
    case cannot be marked so); `failed`'s form, if it is one of them, bound and open."""
    shown = [name for name in LAZY if _offered(name, case, user, clocks)]
    if failed is not None and failed[0] in LAZY and failed[0] not in shown:
        shown.append(failed[0])
    rows = {name: _row(case, name, failed) for name in shown}
    scope = rows.pop("out_of_scope", None)
    actions = list(rows.values())
    call = ActionRow("call", _("Log a call"), link=phone_link)
    position = next((i for i, row in enumerate(actions) if row.name == "contact"), len(actions))
    actions.insert(position, call)  # between resolving and the contact attempts
    return actions, scope


def _offered(name: str, case: Case, user: object, clocks: list[Clock]) -> bool:
    if name == "override":
        return bool(f.counting_metrics(clocks)) and may_override(user)  # type: ignore[arg-type]
    if name == "out_of_scope":
        return may_mark_out_of_scope(case)
    return True


def _row(case: Case, name: str, failed: tuple[str, forms.Form, str] | None) -> ActionRow:
    spec = LAZY[name]
    if failed is not None and failed[0] == name:
        return ActionRow(name, spec.summary, form=failed[1], error=failed[2], button=spec.button)
    return ActionRow(name, spec.summary, url=reverse("desk:case_form", args=[case.number, name]))


@agent_required
@one_revision()
def action_form(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One closed action's form: the `<details>`'s body for htmx, else a page of its own.
    The same checks as the page (an agent, a case they may see) and as its `<details>` (the
    target's override for who may override, out of scope while the case can be)."""
    spec = LAZY.get(action)
    case = case_for(request.user, number)
    if spec is None or case is None:
        raise Http404
    if action == "override" and not may_override(request.user):  # type: ignore[arg-type]
        raise Http404
    if action == "out_of_scope" and not may_mark_out_of_scope(case):
        raise Http404
    context = {
        "case": case,
        "name": action,
        "form": spec.build(case),
        "label": spec.button,
        "summary": spec.summary,
        "rules": DeskRules.objects.filter(policy_id=case.policy_id).first()
        if action == "remote"
        else None,
    }
    htmx = bool(request.headers.get("HX-Request"))
    template = "desk/_action_body.html" if htmx else "desk/case_form.html"
    with timezone.override(ZoneInfo(case.organization.time_zone)):  # "today" is the client's
        return render(request, template, context)
