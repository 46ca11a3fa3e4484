"""One requirement per case: a second one is split into a new case; a duplicate is merged.

Seed 004 (Soho Apps): "No se atenderán nuevos requerimientos realizados de manera verbal durante
el momento de contacto telefónico. Cada requerimiento adicional deberá ser creado con un nuevo
ticket."
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from tiquetera.contracts.models import Consumption
from tiquetera.contracts.services.consuming import credit_back

from ..errors import TicketsError
from ..intake.pipeline import submit
from ..intake.request import IntakeRequest
from ..models import Case
from ..services import move
from ..statuses import TRANSITIONS, Status
from ._shared import Actor, copy_back, lock, required_text


def split_case(case: Case, *, subject: str, description: str, actor: Actor) -> Case:
    """Open a new case, `split_from` this one, for a second requirement found in it. It goes
    through the intake pipeline (`intake.pipeline.submit`) like any case — numbered, run through
    the policy's rules, its entitlement consumed, the requester told — as the same organization,
    requester, language, channel, type, severity and fields, with its own subject and
    description. Returns the new case.

    One audit event: the pipeline's "case.created" (actor: `actor`), which carries the link.
    TicketsError "subject_required"; the pipeline's
    IntakeError (nothing written).
    """
    subject = required_text(subject, "subject_required")
    with transaction.atomic():
        original = lock(case)
        new = submit(
            IntakeRequest(
                channel=original.channel,
                subject=subject,
                description=description.strip(),
                organization=original.organization,
                requester=original.requester,
                requester_name=original.requester_name,
                requester_email=original.requester_email,
                requester_phone=original.requester_phone,
                case_type=original.case_type,
                severity=original.severity,
                category=original.category,
                fields={str(k): str(v) for k, v in (original.fields or {}).items()},
                prerequisites_done=list(original.prerequisites_done or []),
                channel_justification=original.channel_justification,
                language=original.language,
                actor=actor,
                split_from=original,
            )
        )
    return new


def merge_duplicate(case: Case, *, into: Case, actor: Actor) -> Case:
    """Close `case` as a duplicate of `into` (same organization): sets `duplicate_of` and
    `closed_at`, and credits back what it consumed (contracts' `credit_back`, reason
    "duplicate"), nothing else — no email.

    Only statuses the lifecycle table lets close can be merged: new, the pending ones, waiting
    on the client, resolved. An open, in-progress or escalated case cannot be closed by the
    table (TicketsError "duplicate_not_closable"). One audit event per merge: "case.status_changed"
    on the case (closed, with `duplicate_of`, and `credited_back` when a ticket was given back).
    TicketsError "merge_into_self",
    "merge_other_organization", "already_duplicate", "merge_into_duplicate" (nothing written).
    """
    if case.pk == into.pk:
        raise TicketsError("merge_into_self")
    if case.organization_id != into.organization_id:
        raise TicketsError("merge_other_organization", number=into.number)
    with transaction.atomic():
        locked = lock(case)
        if locked.duplicate_of_id is not None:
            original = Case.objects.get(pk=locked.duplicate_of_id)
            raise TicketsError("already_duplicate", number=locked.number, original=original)
        target = Case.objects.select_related("duplicate_of").get(pk=into.pk)
        if target.duplicate_of is not None:
            raise TicketsError(
                "merge_into_duplicate", number=target.number, original=target.duplicate_of
            )
        if Status.CLOSED not in TRANSITIONS[Status(locked.status)]:
            raise TicketsError("duplicate_not_closable", status=Status(locked.status).label)
        credited = locked.consumption_id is not None and credit_back(
            Consumption.objects.get(pk=locked.consumption_id),
            reason=Consumption.CreditReason.DUPLICATE,
            actor=actor if isinstance(actor, AbstractBaseUser) else None,
            audited=False,  # said by the status change's one event
        )
        move(
            locked,
            Status.CLOSED,
            actor=actor,
            told={"credited_back": Consumption.CreditReason.DUPLICATE} if credited else None,
            duplicate_of=target,
            closed_at=timezone.now(),
        )
    copy_back(case, locked, "status", "duplicate_of", "closed_at")
    return case
