"""Seed 002: "Si el cliente requiere informar una urgencia, debe enviar el caso a través del
formulario y notificarlo a través de las líneas telefónicas o por chat". A WhatsApp message that
names one of the sender's organization's cases and says it is urgent ("urgente JQ-2026-000123")
is that notice: recorded on the case (the pending notice met, a system event for the agents, one
audit event) and the case's assignee told by email. A number of another organization's case
names nothing: the message is treated as not about a case.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from tiquetera.directory.models import Contact
from tiquetera.notifications.services import queue_email
from tiquetera.tickets.articles import add_event
from tiquetera.tickets.intake.pipeline import record_urgency_notice
from tiquetera.tickets.models import Article, Case, Channel
from tiquetera.tickets.statuses import FINAL

# "JQ-2026-000123" as we write it, or "JQ-123" as a client may: prefix, optional year, sequence
CASE_REFERENCE = re.compile(r"\b([A-Z][A-Z0-9]{0,7})-(?:(\d{4})-)?(\d{1,6})\b", re.IGNORECASE)
URGENCY = re.compile(r"\b(urgente|urgencia|urgent|urgency)\b", re.IGNORECASE)


def case_named(contact: Contact, text: str) -> Case | None:
    """The first case of the contact's organization, not final, that `text` names by number
    ("JQ-2026-000123", or "JQ-123": the latest case with that sequence)."""
    cases = Case.objects.filter(organization_id=contact.organization_id).exclude(status__in=FINAL)
    for prefix, year, sequence in CASE_REFERENCE.findall(text):
        tail = f"-{int(sequence):06d}"
        named = cases.filter(number__istartswith=f"{prefix}-", number__endswith=tail)
        if year:
            named = named.filter(number__iexact=f"{prefix}-{year}{tail}")
        case = named.order_by("-created_at", "-pk").first()
        if case is not None:
            return case
    return None


def says_urgent(text: str) -> bool:
    return URGENCY.search(text) is not None


def urgency_noticed(case: Case, contact: Contact, *, body: str, channel: str) -> Article:
    """Record the client's urgency notice on `case`: `record_urgency_notice` (the case's
    "urgency notified" time, one "case.urgency_notified" audit event), a system event with what
    they wrote, and an email to the case's assignee."""
    with transaction.atomic():
        case = record_urgency_notice(case, actor=None, channel=channel)
        with translation.override(case.policy.language or settings.LANGUAGE_CODE):
            text = gettext("Urgency notice by %(channel)s from %(name)s: %(body)s") % {
                "channel": Channel(channel).label,
                "name": contact.name,
                "body": body,
            }
        article = add_event(case, text=text)
        assignee = case.assignee
        if assignee is not None and assignee.email:
            queue_email(
                "case_urgency_notice",
                to=assignee.email,
                context={
                    "case": case,
                    "name": contact.name,
                    "body": body,
                    "channel": Channel(channel).label,
                    "site_url": settings.SITE_URL,
                },
                language=case.policy.language or settings.LANGUAGE_CODE,
                headers={"X-Tiquetera-Case": case.number},
            )
    return article
