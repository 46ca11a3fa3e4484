"""The agents' case page: the case, how intake judged it, and its history in order."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.messages import get_messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tiquetera.core.labels import verb_label
from tiquetera.core.permissions import agent_required
from tiquetera.core.queries import Prepared
from tiquetera.kb.selectors import linkable_for
from tiquetera.policy.cache import one_revision
from tiquetera.tickets.forms import PurchaseOrderForm
from tiquetera.tickets.models import Case
from tiquetera.tickets.selectors import HistoryEntry, case_for, case_history, files_sent_with
from tiquetera.tickets.statuses import Status

from .canned import fill_in
from .case_blocks import CaseBlocks, case_blocks, clock_rows
from .case_forms import (
    MacroForm,
    NoteForm,
    PriceDecisionForm,
    ReplyForm,
    canned_response_list,
    canned_responses_for,
)
from .case_lazy_forms import LAZY, action_rows
from .case_tags import tags_context
from .email_forms import HeldEmailForm, SenderDecisionForm
from .macros import macros_for
from .models import CannedResponse
from .presence import seen_on_case
from .scope_forms import ConsentDecisionForm


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
            label=verb_label(event.verb),
            status_before=_status_label(event.before.get("status")),
            status_after=_status_label(event.after.get("status")),
        )


# the picker shows titles: not the articles' bodies (200 of them at most); compiled once
_KB_PICKER = Prepared(lambda policy_id: linkable_for(policy_id).only("pk", "title")[:200], int)


@agent_required
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    """One case for an agent; 404 for an unknown number (or one several policies share).
    `?canned=ID` fills the reply box with a canned response (the form without JavaScript)."""
    case = case_for(request.user, number)
    if case is None:
        raise Http404
    return render_case(request, case)


@one_revision()  # the policy's catalogue, read by several forms and the template: one read
def render_case(
    request: HttpRequest,
    case: Case,
    *,
    failed: tuple[str, forms.Form, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page; `failed` is the action whose form is shown again, bound, with the
    domain's message (`error`) beside it."""
    history = [HistoryRow.of(entry) for entry in case_history(case, viewer=request.user)]
    blocks = case_blocks(case)
    canned = _canned(request, case)
    action_forms = blank_forms(case, blocks, _reply_start(request, case))
    action_errors: dict[str, str] = {}
    if failed is not None and failed[0] not in LAZY:
        name, form, error = failed
        action_forms[name] = form
        if error:
            action_errors[name] = error
    phone_link = _phone_link(case)
    actions, scope_action = action_rows(
        case,
        request.user,
        clocks=[row.clock for row in blocks.clocks],
        phone_link=phone_link,
        failed=failed,
    )
    context = {
        **tags_context(case),
        "case": case,
        "checks": blocks.checks,
        "files": files_sent_with(case),
        "history": history,
        "blocks": blocks,
        "rules": blocks.rules,
        "forms": action_forms,
        "errors": action_errors,
        "actions": actions,  # the closed ones, fetched when opened (desk/case_lazy_forms.py)
        "scope_action": scope_action,
        "phone_link": phone_link,
        "canned_responses": canned_response_list(case),
        "macros": macros_for(case, request.user),
        "canned_chosen": canned.pk if canned else None,
        "kb_articles": _KB_PICKER.all(case.policy_id),
        "open_action": failed[0] if failed else "",
        "now": timezone.now(),  # the SLA clocks' countdowns
        # Shown inside #case, which htmx swaps after an action; base.html's list stays empty.
        "confirmations": [str(message) for message in get_messages(request)],
        "messages": (),
    }
    return render(request, "desk/case.html", context, status=status)


def blank_forms(case: Case, blocks: CaseBlocks, reply: str = "") -> dict[str, forms.Form | None]:
    """The empty forms the page shows open: the composer's, and those a waiting case asks
    for (desk/_case_actions.html, _case_scope.html, _case_emails.html). The reply starts from
    `reply` (a canned response, a link). The closed ones are `case_lazy_forms.LAZY`."""
    status = case.status
    return {
        "reply": ReplyForm(initial={"body": reply} if reply else {}, case=case),
        "note": NoteForm(),
        "macro": MacroForm(case=case),
        "sender": SenderDecisionForm() if status == Status.PENDING_VERIFICATION else None,
        "purchase_order": PurchaseOrderForm(case=case, document_required=False)
        if status == Status.PENDING_PURCHASE_ORDER
        else None,
        "price": PriceDecisionForm() if status == Status.PENDING_ACCEPTANCE else None,
        "consent": ConsentDecisionForm() if status == Status.PENDING_CONSENT else None,
        "held_email": HeldEmailForm(case=case, emails=[row.email for row in blocks.emails])
        if blocks.emails
        else None,
    }


@require_POST
@agent_required
def presence(request: HttpRequest, number: str) -> HttpResponse:
    """htmx, every few seconds from the case page: "I am here (writing)"; answers with the
    warning of who else is (`desk/presence.py`)."""
    case = case_for(request.user, number)
    if case is None:
        raise Http404
    others = seen_on_case(case, request.user, writing=request.POST.get("writing") == "1")
    return render(request, "desk/_case_presence.html", {"others": others})


@agent_required
def clocks(request: HttpRequest, number: str) -> HttpResponse:
    """htmx, every minute from the case page: the SLA clocks with the business time left now."""
    case = case_for(request.user, number)
    if case is None:
        raise Http404
    with timezone.override(ZoneInfo(case.organization.time_zone)):
        return render(
            request,
            "desk/_case_clocks.html",
            {"case": case, "blocks": {"clocks": clock_rows(case)}},
        )


@agent_required
def canned_text(request: HttpRequest, number: str) -> HttpResponse:
    """htmx: the reply box filled with the chosen canned response (empty for none)."""
    case = case_for(request.user, number)
    if case is None:
        raise Http404
    form = ReplyForm(initial={"body": _reply_start(request, case)}, case=case)
    return render(request, "desk/_reply_body.html", {"field": form["body"]})


def _reply_start(request: HttpRequest, case: Case) -> str:
    """The reply box's text: what the agent had typed (`?body=`), then the canned response
    chosen (`?canned=ID`), then a link to the knowledge-base article chosen (`?kb=ID`, one the
    client can open)."""
    canned = _canned(request, case)
    typed = request.GET.get("body", "").strip()
    filled = fill_in(canned.body, case, request.user) if canned else ""
    parts = [text for text in (typed, filled) if text]
    kb_id = request.GET.get("kb", "")
    if kb_id.isdigit():
        entry = linkable_for(case.policy_id).filter(pk=int(kb_id)).first()
        if entry is not None:
            url = settings.SITE_URL + reverse("kb:entry", args=[entry.slug])
            parts.append(f"{entry.title}: {url}")
    return "\n\n".join(parts)


def _canned(request: HttpRequest, case: Case) -> CannedResponse | None:
    """The canned response `?canned=ID` names, if the case's policy offers it."""
    canned_id = request.GET.get("canned", "")
    if not canned_id.isdigit():
        return None
    return canned_responses_for(case).filter(pk=int(canned_id)).first()


def _phone_link(case: Case) -> str:
    """The phone channel's "log a call" form, with the requester chosen when known."""
    url = reverse("phone:new")
    return f"{url}?contact={case.requester_id}" if case.requester_id else url


def _status_label(value: object) -> str:
    if not value:
        return ""
    try:
        return str(Status(str(value)).label)
    except ValueError:
        return str(value)
