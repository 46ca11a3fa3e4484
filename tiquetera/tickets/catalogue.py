"""A policy's case catalogue — case types, severities, fields, scope categories, desk rules and
intake rules — read once per process and policy revision (`policy.cache`).

Every case the pipeline takes in needs all of it; reading it from the database each time was
a third of an intake's queries. The rows handed out are shared: read them, never change them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from django.db.models import Model
from pydantic import BaseModel

from tiquetera.policy.cache import cached
from tiquetera.policy.in_force import document, revision_at
from tiquetera.policy.intake_io import case_rows
from tiquetera.policy.sections.intake import rule_params

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

    @cached_property
    def checked_rules(self) -> list[tuple[int, str, BaseModel]]:
        """`rules` with their parameters checked (`rule_params`), once per catalogue: every
        intake of the revision shares them (pydantic models, frozen)."""
        return [
            (position, kind, rule_params({"rule": kind, **params}))
            for position, kind, params in self.rules
        ]


def catalogue(policy_id: int) -> Catalogue:
    """The catalogue of the policy as it is now stored."""
    return cached(policy_id, "catalogue", _load)


def catalogue_at(policy_id: int, moment: dt.datetime) -> Catalogue:
    """The catalogue of the policy revision in force at `moment` (a case's arrival): the stored
    one, or — for a moment before the current revision took over — the one its file said, built
    in memory from the revision's text (`policy.in_force`)."""
    revision = revision_at(policy_id, moment)
    if revision is None:
        return catalogue(policy_id)
    return cached(policy_id, f"catalogue@{revision}", partial(_past, revision))


def _past(revision: int, policy_id: int) -> Catalogue:
    rows = case_rows(policy_id, document(revision))
    return Catalogue(
        case_types={t.key: t for t in rows.case_types},
        severities={s.code: s for s in rows.severities},
        fields={f.key: f for f in rows.fields},
        scope=rows.scope,
        desk=rows.desk,
        rules=[(rule.position, rule.kind, rule.params) for rule in rows.intake],
    )


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
