"""The agents' actions on a case page: one small form per action, each calling one service.

`POST /cases/NUMBER/ACTION/`. Done: a redirect to the case page (htmx follows it and swaps the
page's `#case` block). Refused — a form error or the domain's message (TicketsError, SlaError,
BillingRefused…, in the active language) — the case page again with that form bound and the
message beside it: status 422 for a plain browser; for htmx 200 with `HX-Retarget`/`HX-Reselect`
so only that form is swapped. Never a 500 for bad input.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tiquetera.billing.services import log_time
from tiquetera.core.errors import DomainError
from tiquetera.core.permissions import agent_required
from tiquetera.sla.models import Clock
from tiquetera.sla.services import override_target
from tiquetera.tickets.articles import add_note, add_reply
from tiquetera.tickets.forms import PurchaseOrderForm
from tiquetera.tickets.lifecycle import billable
from tiquetera.tickets.lifecycle.assignment import assign
from tiquetera.tickets.lifecycle.case_type import change_case_type
from tiquetera.tickets.lifecycle.consent import answer_referral
from tiquetera.tickets.lifecycle.contacts import log_contact_attempt
from tiquetera.tickets.lifecycle.escalation import escalate_to_rd
from tiquetera.tickets.lifecycle.linking import merge_duplicate, split_case
from tiquetera.tickets.lifecycle.modality import ONSITE, REMOTE, record_modality_step
from tiquetera.tickets.lifecycle.resolution import resolve
from tiquetera.tickets.lifecycle.scope import mark_out_of_scope
from tiquetera.tickets.lifecycle.severity import change_severity
from tiquetera.tickets.models import Case, Channel
from tiquetera.tickets.selectors import case_for
from tiquetera.tickets.services import change_status
from tiquetera.tickets.statuses import Status

from . import case_forms as f
from .case_views import render_case
from .email_forms import (
    HeldEmailForm,
    SenderDecisionForm,
    decide_held_email,
    decide_parked_sender,
)
from .macros import apply_macro
from .scope_forms import ConsentDecisionForm, OutOfScopeForm

User = Any  # the signed-in agent (request.user)


class Refused(Exception):
    """A form value the service cannot even be called with (an unknown case number)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Action:
    form: Callable[..., forms.Form]
    perform: Callable[[Case, dict[str, Any], User], object]


def _reply(case: Case, data: dict[str, Any], user: User) -> object:
    """The reply, then the status chosen with it ("send and set status"): both or neither."""
    with transaction.atomic():
        article = add_reply(
            case,
            body=data["body"],
            attachments=data["attachments"],
            actor=user,
            channel=Channel.PORTAL,
        )
        if data["then"] == Status.RESOLVED:
            resolve(case, resolution=article.body_text, actor=user)
        elif data["then"]:
            change_status(case, data["then"], actor=user)
    return article


def _note(case: Case, data: dict[str, Any], user: User) -> object:
    return add_note(case, body=data["body"], attachments=data["attachments"], actor=user)


def _assign(case: Case, data: dict[str, Any], user: User) -> object:
    return assign(case, team=data["team"], agent=data["agent"], actor=user)


def _status(case: Case, data: dict[str, Any], user: User) -> object:
    return change_status(case, data["status"], actor=user, reason=data["reason"])


def _severity(case: Case, data: dict[str, Any], user: User) -> object:
    return change_severity(case, data["severity"], actor=user, reason=data["reason"])


def _case_type(case: Case, data: dict[str, Any], user: User) -> object:
    return change_case_type(case, data["case_type"], actor=user, reason=data["reason"])


def _resolve(case: Case, data: dict[str, Any], user: User) -> object:
    return resolve(case, resolution=data["resolution"], actor=user)


def _contact(case: Case, data: dict[str, Any], user: User) -> object:
    return log_contact_attempt(
        case, channel=data["channel"], outcome=data["outcome"], note=data["note"], actor=user
    )


def _time(case: Case, data: dict[str, Any], user: User) -> object:
    return log_time(
        case.organization,
        data["minutes"],
        worked_on=data["worked_on"],
        description=data["description"],
        actor=user,
        reference=case.number,
        billable=data["billable"],
    )


def _remote(case: Case, data: dict[str, Any], user: User) -> object:
    return record_modality_step(case, modality=REMOTE, actor=user, **data)


def _onsite(case: Case, data: dict[str, Any], user: User) -> object:
    return record_modality_step(case, modality=ONSITE, actor=user, **data)


def _split(case: Case, data: dict[str, Any], user: User) -> object:
    return split_case(case, subject=data["subject"], description=data["description"], actor=user)


def _merge(case: Case, data: dict[str, Any], user: User) -> object:
    number = data["into"].strip()
    into = case_for(user, number)
    if into is None:
        raise Refused("into", _("There is no case numbered %(number)s.") % {"number": number})
    return merge_duplicate(case, into=into, actor=user)


def _escalate(case: Case, data: dict[str, Any], user: User) -> object:
    return escalate_to_rd(case, fix_due_on=data["fix_due_on"], note=data["note"], actor=user)


def _override(case: Case, data: dict[str, Any], user: User) -> object:
    return override_target(
        case, data["metric"], minutes=data["minutes"], reason=data["reason"], actor=user
    )


def _purchase_order(case: Case, data: dict[str, Any], user: User) -> object:
    """Seed 000: the client's signed purchase order, received by the agent (email, paper)."""
    return billable.attach_purchase_order(
        case, number=data["number"], amount=data["amount"], signer=data["signer"], actor=user
    )


def _price(case: Case, data: dict[str, Any], user: User) -> object:
    """Seeds 001 and 003: the client told the agent they accept (or decline) the price."""
    if data["decision"] == "accept":
        return billable.accept_price(case, actor=user)
    return billable.decline_price(case, actor=user)


def _consent(case: Case, data: dict[str, Any], user: User) -> object:
    """Seed 002: the client told the agent (by phone) they consent to the referral, or not."""
    return answer_referral(case, accepted=data["decision"] == "accept", actor=user)


def _out_of_scope(case: Case, data: dict[str, Any], user: User) -> object:
    """Seeds 002 and 004: an accepted case that is not support, refused, sent to sales or
    referred with consent; its ticket credited back."""
    return mark_out_of_scope(
        case,
        action=data["action"],
        reason=data["reason"],
        category=data["category"],
        actor=user,
    )


def _macro(case: Case, data: dict[str, Any], user: User) -> object:
    macro = data["macro"]
    if macro.owner_id not in (None, user.pk):  # another agent's own macro
        raise Refused("macro", _("That macro is another agent's."))
    apply_macro(case, macro, actor=user)
    return macro


def _with_case(form: Callable[..., forms.Form]) -> Callable[..., forms.Form]:
    return lambda data, files, case: form(data, files, case=case)


def _override_form(data: Any, files: Any, case: Case) -> forms.Form:
    return f.OverrideForm(data, clocks=list(Clock.objects.filter(case_id=case.pk)))


def _plain(form: type[forms.Form]) -> Callable[..., forms.Form]:
    return lambda data, files, case: form(data, files)


ACTIONS: dict[str, Action] = {
    "reply": Action(_with_case(f.ReplyForm), _reply),
    "note": Action(_plain(f.NoteForm), _note),
    "assign": Action(_with_case(f.AssignForm), _assign),
    "status": Action(_with_case(f.StatusForm), _status),
    "severity": Action(_with_case(f.SeverityForm), _severity),
    "case_type": Action(_with_case(f.CaseTypeForm), _case_type),
    "resolve": Action(_plain(f.ResolveForm), _resolve),
    "contact": Action(_plain(f.ContactAttemptForm), _contact),
    "time": Action(_plain(f.TimeForm), _time),
    "remote": Action(_plain(f.RemoteSessionForm), _remote),
    "onsite": Action(_plain(f.OnsiteVisitForm), _onsite),
    "split": Action(_plain(f.SplitForm), _split),
    "merge": Action(_plain(f.MergeForm), _merge),
    "escalate": Action(_plain(f.EscalateForm), _escalate),
    "override": Action(_override_form, _override),
    "purchase_order": Action(
        lambda data, files, case: PurchaseOrderForm(data, case=case, document_required=False),
        _purchase_order,
    ),
    "price": Action(_plain(f.PriceDecisionForm), _price),
    "consent": Action(_plain(ConsentDecisionForm), _consent),
    "out_of_scope": Action(_with_case(OutOfScopeForm), _out_of_scope),
    "macro": Action(_with_case(f.MacroForm), _macro),
    "held_email": Action(_with_case(HeldEmailForm), decide_held_email),
    "sender": Action(_plain(SenderDecisionForm), decide_parked_sender),
}


@require_POST
@agent_required
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """Run one action on the case (see the module's docstring)."""
    spec = ACTIONS.get(action)
    case = case_for(request.user, number)
    if spec is None or case is None:
        raise Http404
    form = spec.form(request.POST, request.FILES, case)
    if form.is_valid():
        data = form.cleaned_data
        try:
            spec.perform(case, data, request.user)
        except DomainError as error:
            return _refused(request, case, action, form, error.message)
        except Refused as refusal:
            form.add_error(refusal.field, refusal.message)
            return _refused(request, case, action, form, "")
        messages.success(request, _confirmation(action, form.cleaned_data))
        return redirect("desk:case", number=case.number)
    return _refused(request, case, action, form, "")


CONFIRMATIONS: dict[str, Promise] = {
    "reply": gettext_lazy("Reply sent."),
    "note": gettext_lazy("Internal note added."),
    "assign": gettext_lazy("Assignment saved."),
    "status": gettext_lazy("Status changed."),
    "severity": gettext_lazy("Severity changed."),
    "case_type": gettext_lazy("Case type changed; its SLA targets follow the new type."),
    "resolve": gettext_lazy("Case resolved."),
    "contact": gettext_lazy("Contact attempt logged."),
    "time": gettext_lazy("Time logged."),
    "remote": gettext_lazy("Remote session recorded."),
    "onsite": gettext_lazy("On-site visit recorded."),
    "split": gettext_lazy("New case opened from this one."),
    "merge": gettext_lazy("Case closed as a duplicate."),
    "escalate": gettext_lazy("Case escalated to R&D."),
    "override": gettext_lazy("SLA target changed."),
    "purchase_order": gettext_lazy("Purchase order recorded."),
    "price": gettext_lazy("The client's answer was recorded."),
    "consent": gettext_lazy("The client's answer to the referral was recorded."),
    "out_of_scope": gettext_lazy("Case marked out of scope; the requester was told."),
    "held_email": gettext_lazy("The decision on the held email was recorded."),
    "sender": gettext_lazy("The decision on the sender was recorded."),
}


def _confirmation(action: str, data: dict[str, Any]) -> str:
    """What the agent reads once the action is done (issue 17: a confirmation after each)."""
    if action == "reply" and data["then"] == Status.RESOLVED:
        return _("Reply sent and case resolved.")
    if action == "reply" and data["then"]:
        return _("Reply sent; the case is now “%(status)s”.") % {
            "status": Status(data["then"]).label
        }
    if action == "macro":
        return _("Macro “%(title)s” applied.") % {"title": data["macro"].title}
    return str(CONFIRMATIONS[action])


def _refused(
    request: HttpRequest, case: Case, action: str, form: forms.Form, error: str
) -> HttpResponse:
    htmx = bool(request.headers.get("HX-Request"))
    response = render_case(request, case, failed=(action, form, error), status=200 if htmx else 422)
    if htmx:
        response["HX-Retarget"] = f"#action-{action}"
        response["HX-Reselect"] = f"#action-{action}"
        response["HX-Reswap"] = "outerHTML"
    return response
