"""A policy's case catalogue — case types, severities, fields, scope categories, desk rules and
intake rules — read once per process and kept until the policy's `revision` changes.

Every case the pipeline takes in needs all of it; reading it from the database each time was
a third of an intake's queries. Saving or deleting any of these rows (admin, policy file,
code) gives the policy a new revision (the signals below), and `catalogue()` compares the
revision it holds with the stored one on each call (one indexed read), so every web process
and worker sees a change at its next case. The rows handed out are shared: read them, never
change them.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from tiquetera.policy.models import Policy

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
    revision: uuid.UUID
    case_types: dict[str, CaseType]
    severities: dict[str, Severity]
    fields: dict[str, CaseField]
    scope: list[ScopeCategory]
    desk: DeskRules | None
    rules: list[tuple[int, str, dict[str, Any]]]  # the enabled intake rules, in order


_cached: dict[int, Catalogue] = {}
_lock = threading.Lock()


def catalogue(policy_id: int) -> Catalogue:
    """The catalogue of the policy as it is now stored."""
    revision = Policy.objects.filter(pk=policy_id).values_list("revision", flat=True).get()
    cached = _cached.get(policy_id)
    if cached is not None and cached.revision == revision:
        return cached
    fresh = _load(policy_id, revision)
    with _lock:
        _cached[policy_id] = fresh
    return fresh


def _load(policy_id: int, revision: uuid.UUID) -> Catalogue:
    rules = IntakeRule.objects.filter(policy_id=policy_id, enabled=True).order_by("position")
    return Catalogue(
        revision=revision,
        case_types={t.key: t for t in CaseType.objects.filter(policy_id=policy_id)},
        severities={s.code: s for s in Severity.objects.filter(policy_id=policy_id)},
        fields={f.key: f for f in CaseField.objects.filter(policy_id=policy_id)},
        scope=list(ScopeCategory.objects.filter(policy_id=policy_id)),
        desk=DeskRules.objects.filter(policy_id=policy_id).first(),
        rules=[(rule.position, rule.kind, rule.params) for rule in rules],
    )


def _changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    Policy.bump_revision(instance.policy_id)


def connect_signals() -> None:
    """Called once from the app's `ready()`."""
    for model in CATALOGUE_MODELS:
        post_save.connect(_changed, sender=model, dispatch_uid=f"catalogue-save-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"catalogue-delete-{model.__name__}"
        )
