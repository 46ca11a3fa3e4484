"""The support-modality ladder: written, then a call, then a remote session, then a visit.

Seed 000 (ISYS): "se usaran los cuatro recursos en el orden secuencial antes mencionado" —
e-mail/WhatsApp, call or video, remote access with AnyDesk ("solo … con la herramienta en la
versión que se entrega"), and on-site support "cuando se presenten eventos que no puedan ser
solucionados por acceso remoto". The ladder, the remote tools and whether skipping a rung needs a
reason are the policy's `DeskRules`.
"""

from django.db import transaction

from tiquetera.audit.services import record
from tiquetera.billing.services import charge_onsite_visit

from ..errors import TicketsError
from ..models import Case, DeskRules, ModalityStep
from ._shared import Actor, ensure_not_final, lock, today_for, user_of

REMOTE = "remote"
ONSITE = "onsite"


def record_modality_step(
    case: Case,
    *,
    modality: str,
    actor: Actor,
    tool: str = "",
    session_id: str = "",
    skip_reason: str = "",
    note: str = "",
) -> ModalityStep:
    """Record that the case was worked on in `modality`, following the policy's ladder.

    With a ladder (`DeskRules.modality_ladder`), `modality` must be one of its rungs, and a step
    above the next rung after the highest one used so far skips rungs: it needs `skip_reason`
    when `DeskRules.skip_needs_reason`. Going back down or repeating a rung is free. Without desk
    rules or a ladder, any modality in any order. "remote" needs the `tool` (one of
    `DeskRules.remote_tools` when that list is not empty, stored as the list spells it) and the
    `session_id`. "onsite" records the visit with billing's `charge_onsite_visit` (free while the
    plan's monthly visits last, else charged) and keeps the charge on the step; its refusals
    (BillingRefused) write nothing. One "case.modality_step_recorded" event.
    TicketsError "unknown_modality", "skip_reason_required", "remote_tool_required",
    "remote_tool_not_allowed", "remote_session_required", "case_final" (nothing written).
    """
    modality = modality.strip().lower()
    tool, session_id = tool.strip(), session_id.strip()
    skip_reason, note = skip_reason.strip(), note.strip()
    with transaction.atomic():
        locked = lock(case)
        ensure_not_final(locked)
        rules = DeskRules.objects.filter(policy_id=locked.policy_id).first()
        _check_ladder(locked, rules, modality, skip_reason)
        if modality == REMOTE:
            tool = _check_remote(rules, tool, session_id)
        charge = None
        if modality == ONSITE:
            consumption = locked.consumption
            charge = charge_onsite_visit(
                locked.organization,
                on=today_for(locked),
                actor=actor,
                reference=locked.number,
                per_event_plan=consumption.plan if consumption is not None else None,
            )
        step = ModalityStep.objects.create(
            case=locked,
            modality=modality,
            tool=tool,
            session_id=session_id,
            skip_reason=skip_reason,
            note=note,
            charge=charge,
            agent=user_of(actor),
        )
        record(
            actor=actor,
            verb="case.modality_step_recorded",
            target=locked,
            after={
                "modality": modality,
                "tool": tool,
                "session_id": session_id,
                "skip_reason": skip_reason,
                "charge": charge,
                "charge_net": charge.net if charge is not None else None,
            },
            note=note,
        )
    return step


def _check_ladder(case: Case, rules: DeskRules | None, modality: str, skip_reason: str) -> None:
    ladder = [str(rung).strip().lower() for rung in (rules.modality_ladder if rules else [])]
    if not modality or (ladder and modality not in ladder):
        raise TicketsError("unknown_modality", modality=modality, ladder=", ".join(ladder))
    if not ladder:
        return
    used = set(case.modality_steps.values_list("modality", flat=True))
    highest = max((i for i, rung in enumerate(ladder) if rung in used), default=-1)
    skipped = ladder[highest + 1 : ladder.index(modality)]
    if skipped and rules is not None and rules.skip_needs_reason and not skip_reason:
        raise TicketsError(
            "skip_reason_required",
            modality=modality,
            skipped=", ".join(f"“{rung}”" for rung in skipped),
        )


def _check_remote(rules: DeskRules | None, tool: str, session_id: str) -> str:
    """The tool as the policy spells it."""
    if not tool:
        raise TicketsError("remote_tool_required")
    allowed = [str(name) for name in (rules.remote_tools if rules else [])]
    if allowed:
        spelled = {name.strip().casefold(): name for name in allowed}
        if tool.casefold() not in spelled:
            raise TicketsError("remote_tool_not_allowed", tools=", ".join(allowed), tool=tool)
        tool = spelled[tool.casefold()]
    if not session_id:
        raise TicketsError("remote_session_required")
    return tool
