"""A policy's case catalogue — case types, severities, fields, scope categories, desk rules and
intake rules — read once per process and policy revision (`policy.cache`).

Every case the pipeline takes in needs all of it; reading it from the database each time was
a third of an intake's queries. The rows handed out are shared: read them, never change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from tiquetera.policy.cache import cached

from .models import CaseField, CaseType, DeskRules, IntakeRule, ScopeCategory, Severity

CATALOGUE_MODELS: tuple[type[Model], ...] = (
    CaseType,
    Severity,
    CaseField,
    ScopeCategory,
    IntakeRule,
    DeskRules,
)


@dataclass(frozen=True)
class Catalogue:
    case_types: dict[str, CaseType]
    severities: dict[str, Severity]
    fields: dict[str, CaseField]
    scope: list[ScopeCategory]
    desk: DeskRules | None
    rules: list[tuple[int, str, dict[str, Any]]]  # the enabled intake rules, in order


def catalogue(policy_id: int) -> Catalogue:
    """The catalogue of the policy as it is now stored."""
    return cached(policy_id, "catalogue", _load)


def _load(policy_id: int) -> Catalogue:
    rules = IntakeRule.objects.filter(policy_id=policy_id, enabled=True).order_by("position")
    return Catalogue(
        case_types={
            t.key: t for t in CaseType.objects.filter(policy_id=policy_id).select_related("team")
        },
        severities={s.code: s for s in Severity.objects.filter(policy_id=policy_id)},
        fields={f.key: f for f in CaseField.objects.filter(policy_id=policy_id)},
        scope=list(ScopeCategory.objects.filter(policy_id=policy_id)),
        desk=DeskRules.objects.filter(policy_id=policy_id).first(),
        rules=[(rule.position, rule.kind, rule.params) for rule in rules],
    )
