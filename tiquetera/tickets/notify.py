"""Emails to the requester about their case, queued in the outbox in the requester's language.

Each kind has its templates in `templates/notifications/case_<kind>/` (subject.txt, body.txt),
rendered with `case` plus the caller's context. Call `notify_requester` inside the transaction
that makes the change it tells about: a rolled-back change sends nothing.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from tiquetera.notifications.models import Notification
from tiquetera.notifications.services import RenderedEmail, queue_email, render_email

from .models import Case


def requester_address(case: Case) -> str:
    """Where the requester hears from us: the address they wrote from, else their contact's."""
    if case.requester_email:
        return case.requester_email
    if case.requester is not None:
        return case.requester.email
    return ""


def requester_email(
    case: Case, kind: str, context: Mapping[str, Any] | None = None
) -> RenderedEmail | None:
    """The `case_<kind>` email to the requester rendered, nothing stored (the intake renders it
    before its transaction, then queues it with `notify_requester(rendered=…)`)."""
    if not requester_address(case):
        return None
    return render_email(
        f"case_{kind}", _context(case, context), case.language or settings.LANGUAGE_CODE
    )


def notify_requester(
    case: Case,
    kind: str,
    context: Mapping[str, Any] | None = None,
    *,
    rendered: RenderedEmail | None = None,
    new_case: bool = False,
) -> Notification | None:
    """Queue the `case_<kind>` email to the case's requester; None when there is no address.
    `rendered`: what `requester_email` gave for the same case, kind and context; `new_case`:
    the case was made in this transaction (its thread is empty)."""
    to = requester_address(case)
    if not to:
        return None
    return queue_email(
        f"case_{kind}",
        to=to,
        context=_context(case, context),
        language=case.language or settings.LANGUAGE_CODE,
        organization=case.organization,
        headers={"X-Tiquetera-Case": case.number},
        rendered=rendered,
        new_case=new_case,
    )


def _context(case: Case, context: Mapping[str, Any] | None) -> dict[str, Any]:
    return {"case": case, "site_url": settings.SITE_URL, **(context or {})}
