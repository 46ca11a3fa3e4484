"""Emails to the requester about their case, queued in the outbox in the requester's language.

Each kind has its templates in `templates/notifications/case_<kind>/` (subject.txt, body.txt),
rendered with `case` plus the caller's context. Call `notify_requester` inside the transaction
that makes the change it tells about: a rolled-back change sends nothing.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from tiquetera.notifications.models import Notification
from tiquetera.notifications.services import queue_email

from .models import Case


def requester_address(case: Case) -> str:
    """Where the requester hears from us: the address they wrote from, else their contact's."""
    if case.requester_email:
        return case.requester_email
    if case.requester is not None:
        return case.requester.email
    return ""


def notify_requester(
    case: Case, kind: str, context: Mapping[str, Any] | None = None
) -> Notification | None:
    """Queue the `case_<kind>` email to the case's requester; None when there is no address."""
    to = requester_address(case)
    if not to:
        return None
    return queue_email(
        f"case_{kind}",
        to=to,
        context={"case": case, "site_url": settings.SITE_URL, **(context or {})},
        language=case.language or settings.LANGUAGE_CODE,
        organization=case.organization,
        headers={"X-Tiquetera-Case": case.number},
    )
