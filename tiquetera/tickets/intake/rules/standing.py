"""The client's standing and plan: payments up to date, an active plan (or per-event service
without one), and what the plan covers."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from tiquetera.contracts.models import Plan
from tiquetera.directory.models import Organization
from tiquetera.policy.sections import intake as spec

from ...statuses import Status
from .base import PASS, Draft, Verdict, flag, reject
from .channel import channel_label


def standing(draft: Draft, params: spec.StandingRule) -> Verdict:
    """Seed 002: a case may be invalidated when the client is behind on its obligations."""
    if draft.organization.standing != Organization.Standing.BEHIND:
        return PASS
    message = _(
        "The account of %(organization)s is behind on its payments, so this case cannot be "
        "attended. Please contact our billing area; once the account is up to date, open the "
        "case again."
    ) % {"organization": draft.organization.legal_name}
    if params.behind == "flag":
        return flag("behind_on_payments", message)
    return reject(Status.INVALID, "behind_on_payments", message)


def active_plan(draft: Draft, params: spec.ActivePlanRule) -> Verdict:
    """Seed 003: "Para poder solicitar soporte, deberá contar con un plan de soporte activo";
    seeds 000 and 001: a client without a plan (or with an expired one) is served per event."""
    if draft.contracts:
        return PASS
    if params.without == "per_event":
        draft.per_event_plan = plan_named(draft, params.plan)
        draft.per_event_reason = "no_active_plan"
        return flag(
            "per_event",
            _("%(organization)s has no active support plan: the case is a per-event service.")
            % {"organization": draft.organization.legal_name},
        )
    message = _(
        "%(organization)s has no active support plan, which support requires. Contract a plan "
        "(or renew yours) and open the case again; our sales team can help."
    ) % {"organization": draft.organization.legal_name}
    if params.without == "flag":
        return flag("no_active_plan", message)
    return reject(Status.REJECTED, "no_active_plan", message)


def coverage(draft: Draft, params: spec.CoverageRule) -> Verdict:
    """Seed 002: the contractual service takes only severity 3 cases; seed 003: plans per
    edition (LOCAL / WEB). A case must fit one active plan in severity, channel and edition."""
    if not draft.contracts:
        return PASS  # the active_plan rule speaks about that
    gaps: list[str] = []
    for contract in draft.contracts:
        missing = _uncovered(draft, contract.plan, params.check)
        if not missing:
            return PASS
        gaps.append(
            _("%(plan)s covers %(gaps)s")
            % {"plan": contract.plan.name, "gaps": get_text_list(missing, _("and"))}
        )
    message = _(
        "Your support plan does not cover this case: %(gaps)s. Change the severity or channel if "
        "they were wrong, or ask us for a quote."
    ) % {"gaps": "; ".join(gaps)}
    if params.otherwise == "flag":
        return flag("not_covered", message)
    return reject(Status.REJECTED, "not_covered", message)


def _uncovered(draft: Draft, plan: Plan, check: Sequence[str]) -> list[str]:
    """What of the case `plan` does not cover, in words ("severities S3, not S1")."""
    severities, channels = plan.covered_severities, plan.covered_channels
    missing = []
    if "severity" in check and severities and draft.severity_code not in severities:
        missing.append(
            _("severities %(covered)s, not %(value)s")
            % {"covered": ", ".join(severities), "value": draft.severity_code or "—"}
        )
    if "channel" in check and channels and draft.request.channel not in channels:
        missing.append(
            _("the channels %(covered)s, not %(value)s")
            % {
                "covered": ", ".join(channel_label(c) for c in channels),
                "value": channel_label(draft.request.channel),
            }
        )
    if "edition" in check and plan.edition and plan.edition != draft.organization.edition:
        missing.append(
            _("the %(covered)s edition, not %(value)s")
            % {"covered": plan.edition, "value": draft.organization.edition or "—"}
        )
    return missing


def plan_named(draft: Draft, key: str) -> Plan | None:
    """The policy's plan `key` (`policy check` proves it exists and has per-event terms)."""
    return draft.reads.plan(draft.organization.policy_id, key)
