"""An accepted case an agent finds out of scope afterwards (issue 16; seed 004: "No son
inconvenientes ..." and "SOLICITUD DE ASISTENCIA DIFERENTE A SOPORTE TÉCNICO ... info@sohoapps.co";
seed 002: "será remitida al proveedor aliado ... bajo el consentimiento previo del cliente").

The agent refuses it, sends it to sales, or refers it to a partner with the client's consent,
always with a reason: the requester is told why (in the policy's words when the agent names a
scope category), the ticket the case took is credited back, and the case moves with exactly one
audit event, "case.status_changed", carrying the intake outcome and the credit
(`credited_back`); the consumption keeps its own record of the credit (`credited_at`,
`credit_reason`), without an event of its own.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from tiquetera.contracts.models import Consumption
from tiquetera.contracts.services.consuming import credit_back

from ..errors import TicketsError
from ..intake.rules.scope import scope_verdict
from ..models import Case, ScopeCategory
from ..notify import notify_requester
from ..services import move
from ..statuses import OUT_OF_SCOPE_MOVES, Status
from ._shared import Actor, copy_back, lock, required_text

Action = ScopeCategory.Action
OUT_OF_SCOPE_ACTIONS = (Action.REJECT, Action.SALES, Action.REFER)


def may_mark_out_of_scope(case: Case) -> bool:
    """Whether the case is one an agent may still mark out of scope (accepted and working)."""
    return Status(case.status) in OUT_OF_SCOPE_MOVES


def mark_out_of_scope(
    case: Case,
    *,
    action: str,
    reason: str,
    actor: Actor,
    category: str = "",
) -> Case:
    """Refuse (`reject`), send to sales (`sales`) or refer with consent (`refer`) an open, in
    progress or waiting case, with the agent's `reason`; `category` (a key of the policy's scope
    categories, optional) gives the name, the sales contact or the partner the requester reads.
    Refused and sent to sales: `rejected`; referred: `pending_consent`, answered as at intake
    (`lifecycle.consent`). The ticket is credited back (reason "out_of_scope"), the requester is
    told. TicketsError "reason_required", "unknown_scope_action", "unknown_scope_category",
    "not_out_of_scope_now" (nothing written)."""
    text = required_text(reason, "reason_required")
    if action not in OUT_OF_SCOPE_ACTIONS:
        raise TicketsError("unknown_scope_action", value=action)
    chosen = None
    if category:
        chosen = ScopeCategory.objects.filter(policy_id=case.policy_id, key=category).first()
        if chosen is None:
            raise TicketsError("unknown_scope_category", value=category)
    with transaction.atomic():
        locked = lock(case)
        if not may_mark_out_of_scope(locked):
            raise TicketsError("not_out_of_scope_now", status=Status(locked.status).label)
        with translation.override(locked.language or settings.LANGUAGE_CODE):
            verdict = scope_verdict(_as_marked(chosen, action))
            told = verdict.message if chosen is not None else _without_category(action)
            message = told + "\n\n" + _("Why: %(reason)s") % {"reason": text}
            refer = action == Action.REFER
            credited = locked.consumption_id is not None and credit_back(
                Consumption.objects.get(pk=locked.consumption_id),
                reason=Consumption.CreditReason.OUT_OF_SCOPE,
                actor=actor if isinstance(actor, AbstractBaseUser) else None,
                audited=False,  # said by the status change's one event
            )
            move(
                locked,
                Status.PENDING_CONSENT if refer else Status.REJECTED,
                actor=actor,
                note=text,
                also=OUT_OF_SCOPE_MOVES,
                told={"credited_back": Consumption.CreditReason.OUT_OF_SCOPE} if credited else None,
                intake=Case.Intake.PARKED if refer else Case.Intake.REFUSED,
                intake_reason=verdict.code,
                intake_message=message,
                category=chosen.key if chosen else locked.category,
            )
            notify_requester(locked, "parked" if refer else "refused")
    copy_back(case, locked, "status", "intake", "intake_reason", "intake_message", "category")
    return case


def _as_marked(chosen: ScopeCategory | None, action: str) -> ScopeCategory:
    """The category as the agent marks the case: its words, with the agent's action."""
    if chosen is None:
        return ScopeCategory(action=action)
    return ScopeCategory(
        name=chosen.name,
        action=action,
        reason=chosen.reason,
        partner=chosen.partner,
        contact=chosen.contact,
    )


def _without_category(action: str) -> str:
    if action == Action.REJECT:
        return _("After reviewing it, this case is not part of technical support.")
    if action == Action.SALES:
        return _("After reviewing it, this case is handled by our sales area, not by support.")
    return _(
        "After reviewing it, this case is not part of our support; it is attended by a partner. "
        "Reply “yes” to accept that we refer the case to them, or “no” to decline; you can also "
        "answer on the case's page in the portal."
    )
