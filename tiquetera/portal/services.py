"""The portal's writes: a client's new case, handed to the intake pipeline; a reply, the
confirmation or reopening of a resolved case (tickets' lifecycle services); the satisfaction
survey's answer."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from tiquetera.audit.services import record
from tiquetera.core.errors import DomainError
from tiquetera.directory.models import Contact
from tiquetera.tickets.attachments import Upload
from tiquetera.tickets.intake.idempotency import submit_once
from tiquetera.tickets.intake.pipeline import store_raw, submit
from tiquetera.tickets.intake.request import IntakeError, IntakeRequest
from tiquetera.tickets.lifecycle.inbound import client_wrote
from tiquetera.tickets.lifecycle.resolution import confirm_resolution, reopen
from tiquetera.tickets.models import Article, Case, Channel

from .case_selectors import RATEABLE, may_act_on
from .models import Satisfaction


def submit_case_form(
    contact: Contact,
    *,
    values: Mapping[str, Any],
    posted: Mapping[str, Any],
    actor: AbstractBaseUser | AnonymousUser,
    form_token: str = "",
) -> Case:
    """Keep the form as posted (`posted`: its texts and the files' names, never their bytes),
    then take the case in through the pipeline with channel "portal", `contact` as requester.

    `values` are the cleaned form's `IntakeRequest` fields (`CaseForm.case_values`). The form's
    one-time `form_token` makes it an idempotent intake: the same form sent again gives the case
    the first sending made. Raises IntakeError when the pipeline cannot store a case (a text
    over its limit); the raw payload stays, with the reason noted on it."""
    if getattr(actor, "contact", None) != contact:
        raise IntakeError("unknown_requester")

    def intake() -> IntakeRequest:
        document = {"contact": contact.pk, "organization": contact.organization_id, "form": posted}
        raw = store_raw(
            Channel.PORTAL,
            json.dumps(document, ensure_ascii=False, sort_keys=True).encode(),
            "application/json",
        )
        return IntakeRequest(
            channel=Channel.PORTAL,
            organization=contact.organization,
            requester=contact,
            raw=raw,
            actor=actor,
            **values,
        )

    if not form_token:
        return submit(intake())
    return submit_once(actor, f"portal-form:{form_token}", intake).case


# --- on a case -------------------------------------------------------------------------------
class PortalError(DomainError):
    """A portal action refused: `code` says why."""

    messages = {
        "not_allowed": gettext_lazy(
            "Only the requester or your organization's supervisor may do this."
        ),
        "not_resolved": gettext_lazy("The survey opens once the case is resolved."),
        "already_rated": gettext_lazy(
            "This case has already been rated: each case takes one answer to the survey."
        ),
        "bad_score": gettext_lazy("Choose a score from 1 to 5."),
    }


def reply_to_case(
    case: Case,
    *,
    contact: Contact,
    body: str,
    attachments: Iterable[Upload] = (),
    actor: AbstractBaseUser | AnonymousUser,
) -> Article:
    """The client's reply from the portal: tickets' `client_wrote` (a case waiting on the
    client goes back to in progress, a resolved one is reopened, one parked for information is
    completed by it). TicketsError "case_final", ArticleError, AttachmentError, IntakeError:
    nothing written."""
    return client_wrote(
        case,
        body=body,
        contact=contact,
        channel=Channel.PORTAL,
        attachments=attachments,
        actor=actor,
    )


def confirm_solved(
    case: Case, *, contact: Contact, actor: AbstractBaseUser | AnonymousUser
) -> Case:
    """The requester (or the organization's supervisor) confirms the resolution: the case is
    closed (tickets' `confirm_resolution`)."""
    _check_may_act(case, contact)
    return confirm_resolution(case, actor=actor)


def not_solved(
    case: Case, *, contact: Contact, reason: str, actor: AbstractBaseUser | AnonymousUser
) -> Case:
    """The resolution did not solve it: tickets' `reopen` with the client's reason."""
    _check_may_act(case, contact)
    return reopen(case, actor=actor, reason=reason)


def rate_case(
    case: Case,
    *,
    contact: Contact,
    score: int,
    comment: str = "",
    actor: AbstractBaseUser | AnonymousUser,
) -> Satisfaction:
    """The survey's answer for a resolved or closed case: one per case (a second is refused
    with "already_rated"), one audit event "case.rated"."""
    _check_may_act(case, contact)
    if score not in Satisfaction.SCORES:
        raise PortalError("bad_score")
    if case.status not in RATEABLE:
        raise PortalError("not_resolved")
    try:
        with transaction.atomic():
            answer = Satisfaction.objects.create(
                case=case, contact=contact, score=score, comment=comment.strip()
            )
            record(
                actor=actor,
                verb="case.rated",
                target=case,
                after={"score": score, "comment": bool(answer.comment)},
            )
    except IntegrityError:
        raise PortalError("already_rated") from None
    return answer


def _check_may_act(case: Case, contact: Contact) -> None:
    if case.organization_id != contact.organization_id or not may_act_on(contact, case):
        raise PortalError("not_allowed")
