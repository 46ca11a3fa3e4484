"""Seed 002 (JQ Systems), "Actividades no incluidas": work that is not support "será remitida al
proveedor aliado de servicios que corresponda, bajo el consentimiento previo del cliente".

A case of a scope category whose action is "refer" waits in `pending_consent`. The client answers
on the portal's case page, through the API (`POST /api/v1/cases/{number}/consent`) or by writing
"sí" / "no" on the case by email, WhatsApp or the API's replies (`inbound.client_wrote` calls
`answer_in_words`); an agent records an answer given by phone on the desk's case page. Accepted:
the case is referred; declined: it is closed without action (`intake.pipeline.answer_consent`).
"""

from __future__ import annotations

from typing import Any

from tiquetera.core.permissions import is_agent
from tiquetera.directory.models import Contact

from ..errors import TicketsError
from ..intake.pipeline import answer_consent
from ..models import Case
from ..notify import notify_requester
from ..permissions import client_contact, follows_case
from ..statuses import Status
from ._shared import Actor


def waiting_for_consent(case: Case) -> bool:
    return case.status == Status.PENDING_CONSENT


def may_consent(user: Any, case: Case, *, contact: Contact | None = None) -> bool:
    """Who may answer the referral: an agent (on the client's word), or the requester or a
    contact who follows all of the organization's cases (its USR) — the signed-in user's contact,
    or `contact` when a channel identified them."""
    if user is not None and is_agent(user):
        return True
    contact = contact or client_contact(user)
    return contact is not None and follows_case(contact, case)


def answer_referral(
    case: Case, *, accepted: bool, actor: Actor, contact: Contact | None = None
) -> Case:
    """The client's answer to the referral: the case is referred, or closed without action; one
    status change, the requester told. TicketsError "not_allowed" for someone who may not
    answer; IntakeError "not_pending" when the case is not waiting for consent (answered
    already): nothing changes."""
    if not may_consent(actor, case, contact=contact):
        raise TicketsError("not_allowed")
    return answer_consent(case, accepted=accepted, actor=actor)


def answer_in_words(case: Case, text: str, contact: Contact, actor: Actor) -> Case:
    """A message written on a case waiting for consent: "Sí, acepto" / "yes" consents, "No,
    gracias" / "no" declines (from someone who may answer). Anything else stays a reply, and the
    client is asked again."""
    from .billable import yes_or_no

    answer = yes_or_no(text)
    if answer is None or not may_consent(actor, case, contact=contact):
        notify_requester(case, "parked")  # the question again
        return case
    return answer_consent(case, accepted=answer, actor=actor)
