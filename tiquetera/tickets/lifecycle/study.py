"""Feature requests: studied, then quoted as custom development, put on the roadmap, or
rejected; the requesters of a roadmap feature hear when its release is published.

Seed 002 (JQ Systems): "JQ Systems creará un caso de estudio sobre dicho requerimiento para
determinar si se trata de un desarrollo a medida o una funcionalidad para nuevas
actualizaciones. Al tratarse de un desarrollo a medida se presentará un presupuesto al cliente
como servicio contractual que aplicará descuentos según el grado de su suscripción; … informará
al cliente … al liberar la actualización que la posea en caso de aprobarse. Si se determina que
la funcionalidad o requerimiento no es viable, JQ Systems se reserva el derecho de rechazar
dicha solicitud."
"""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from tiquetera.audit.services import record
from tiquetera.billing.errors import BillingRefused
from tiquetera.billing.quotes import quote_line, quote_work
from tiquetera.contracts.models import Plan
from tiquetera.policy.models import Policy

from ..errors import TicketsError
from ..models import Case, CaseType, FeatureStudy
from ..notify import notify_requester
from ._shared import Actor, ensure_not_final, lock, required_text, today_for, user_of

Decision = FeatureStudy.Decision


def start_study(case: Case, *, actor: Actor) -> FeatureStudy:
    """Open the study of a feature request (a case whose type is of kind "feature"), pending a
    decision. One "case.study_started" event. TicketsError "not_a_feature_request",
    "study_exists", "case_final" (nothing written)."""
    is_feature = CaseType.objects.filter(
        policy_id=case.policy_id, key=case.case_type, kind=CaseType.Kind.FEATURE
    ).exists()
    if not is_feature:
        raise TicketsError("not_a_feature_request", number=case.number)
    with transaction.atomic():
        locked = lock(case)
        ensure_not_final(locked)
        if FeatureStudy.objects.filter(case=locked).exists():
            raise TicketsError("study_exists", number=locked.number)
        study = FeatureStudy.objects.create(case=locked)
        record(
            actor=actor,
            verb="case.study_started",
            target=locked,
            after={"study": study, "decision": study.decision},
        )
    return study


def quote_custom_development(
    case: Case,
    *,
    actor: Actor,
    amount: Decimal | None = None,
    service: str = "",
    quantity: Decimal | int = 1,
) -> FeatureStudy:
    """Decide the feature is custom development and quote it as a contractual service through
    billing's pricing (`quotes.quote_work`): `amount`, or `quantity` units of the catalogue's
    `service` (JQ: hours of "desarrollo-a-la-medida"), less the discount on extra services of
    the organization's best plan in force — the subscription level's (seed 002: "aplicará
    descuentos según el grado de su suscripción") — rounded as billing rounds. Without a plan in
    force there is no discount and the policy's first plan gives the currency. Stores the
    amount, the percent, the net and the currency on the study, and a billing quote (reference:
    the case number) the client may accept; queues the "study_quote" email. One
    "case.study_quoted" event. TicketsError "bad_amount", "unknown_service", "no_currency",
    "no_study", "study_decided", "case_final" (nothing written)."""
    if not service and (
        isinstance(amount, bool)
        or not isinstance(amount, Decimal | int)  # a float is refused, as billing refuses it
        or not Decimal(amount).is_finite()
        or amount <= 0
    ):
        raise TicketsError("bad_amount", value=amount)
    with transaction.atomic():
        locked, study = _pending_study(case)
        try:
            quote = quote_work(
                locked.organization,
                actor=actor,
                amount=Decimal(amount) if amount is not None else None,
                service_key=service,
                quantity=quantity,
                description=locked.subject[:200],
                reference=locked.number,
                currency=_policy_currency(locked),
                on=today_for(locked),
                audited=False,  # "case.study_quoted" records the quote
            )
        except BillingRefused as refused:
            code = refused.code if refused.code in ("unknown_service", "no_currency") else ""
            raise TicketsError(code or "bad_amount", value=amount, service=service) from refused
        line = quote_line(quote)
        discount = line.discounts[0].percent if line.discounts else Decimal(0)
        _decide(
            locked,
            study,
            Decision.CUSTOM,
            actor=actor,
            verb="case.study_quoted",
            quote_amount=line.gross.amount,
            quote_discount=discount,
            quote_net=line.net.amount,
            currency=line.gross.currency,
        )
        notify_requester(locked, "study_quote", {"study": study, "line": line})
    return study


def put_on_roadmap(case: Case, *, release: str, actor: Actor) -> FeatureStudy:
    """Decide the feature goes into the product, in `release`; queues the "study_roadmap"
    email. `announce_release` tells the requester again when that release is published. One
    "case.study_on_roadmap" event. TicketsError "release_required", "no_study",
    "study_decided", "case_final" (nothing written)."""
    release = required_text(release, "release_required")
    with transaction.atomic():
        locked, study = _pending_study(case)
        _decide(
            locked,
            study,
            Decision.ROADMAP,
            actor=actor,
            verb="case.study_on_roadmap",
            release=release,
        )
        notify_requester(locked, "study_roadmap", {"study": study})
    return study


def reject_feature(case: Case, *, reason: str, actor: Actor) -> FeatureStudy:
    """Decide the feature is not viable, with the `reason` the requester is told ("study_rejected"
    email). One "case.study_rejected" event. TicketsError "reason_required", "no_study",
    "study_decided", "case_final" (nothing written)."""
    reason = required_text(reason, "reason_required")
    with transaction.atomic():
        locked, study = _pending_study(case)
        _decide(
            locked, study, Decision.REJECTED, actor=actor, verb="case.study_rejected", reason=reason
        )
        notify_requester(locked, "study_rejected", {"study": study})
    return study


def announce_release(policy: Policy, release: str, *, actor: Actor) -> int:
    """Tell every requester whose feature the policy put on the roadmap for `release` that the
    release is published ("release_published" email) and mark their studies notified. Returns
    how many studies were notified. Idempotent and safe to run twice at once: each study is
    claimed by a conditional UPDATE, so a second call notifies no one. One
    "policy.release_announced" event (on the policy, listing the cases) when anyone was notified.
    TicketsError "release_required"."""
    release = required_text(release, "release_required")
    now = timezone.now()
    with transaction.atomic():
        waiting = FeatureStudy.objects.filter(
            case__policy=policy,
            decision=Decision.ROADMAP,
            release=release,
            release_notified_at__isnull=True,
        )
        ids = list(waiting.values_list("pk", flat=True))
        claimed = FeatureStudy.objects.filter(pk__in=ids, release_notified_at__isnull=True)
        if not claimed.update(release_notified_at=now):
            return 0
        studies = list(
            FeatureStudy.objects.filter(pk__in=ids, release_notified_at=now)
            .select_related("case__organization", "case__requester")
            .order_by("case__number")
        )
        for study in studies:
            notify_requester(study.case, "release_published", {"study": study})
        record(
            actor=actor,
            verb="policy.release_announced",
            target=policy,
            after={"release": release, "cases": [study.case.number for study in studies]},
        )
    return len(studies)


def _pending_study(case: Case) -> tuple[Case, FeatureStudy]:
    locked = lock(case)
    ensure_not_final(locked)
    study = FeatureStudy.objects.select_for_update().filter(case=locked).first()
    if study is None:
        raise TicketsError("no_study", number=locked.number)
    if study.decision != Decision.PENDING:
        raise TicketsError(
            "study_decided", number=locked.number, decision=Decision(study.decision).label
        )
    return locked, study


def _decide(
    case: Case, study: FeatureStudy, decision: str, *, actor: Actor, verb: str, **fields: Any
) -> None:
    study.decision = decision
    study.decided_by = user_of(actor)
    study.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(study, name, value)
    study.save(update_fields=["decision", "decided_by", "decided_at", *fields])
    record(
        actor=actor,
        verb=verb,
        target=case,
        before={"decision": Decision.PENDING},
        after={"decision": decision, **fields},
    )


def _policy_currency(case: Case) -> str:
    currency = (
        Plan.objects.filter(policy_id=case.policy_id)
        .order_by("tier_rank", "pk")
        .values_list("currency", flat=True)
        .first()
    )
    return currency or ""
