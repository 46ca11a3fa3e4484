"""Loading and exporting the sections about cases ([desk], [severities], [fields], [case_types],
[scope], [[intake]]) to and from the tickets app's catalogue rows.

Same contract as the other sections (`services.load_policy`): rows are matched by key, saved only
when a value differs, deleted when the file drops them; export writes only what differs from the
file's defaults, so dump → load changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model
from pydantic import BaseModel

from tiquetera.tickets.models import (
    DEFAULT_CASE_PREFIX,
    CaseField,
    CaseType,
    DeskRules,
    IntakeRule,
    ScopeCategory,
    Severity,
)

from .models import Policy
from .rows import save_policy_row, save_row
from .schema import PolicyDocument
from .sections.intake import CaseTypeSpec, DeskSpec, FieldSpec, ScopeSpec, SeveritySpec

if TYPE_CHECKING:
    from .services import LoadReport


def _sync(
    model: type[Model],
    policy: Policy,
    key_field: str,
    rows: Mapping[Any, dict[str, Any]],
    report: LoadReport,
) -> None:
    """Make `model`'s rows of `policy` exactly `rows` (key -> values), reporting each action."""
    existing = {
        getattr(row, key_field): row for row in model._default_manager.filter(policy=policy)
    }
    for key, values in rows.items():
        ref = f"{policy.slug}/{key}"
        save_row(
            model,
            existing.pop(key, None),
            values,
            ref=ref,
            report=report,
            policy=policy,
            **{key_field: key},
        )
    for key, row in existing.items():
        row.delete()
        report.add("deleted", model, f"{policy.slug}/{key}")


def _written(spec_class: type[BaseModel], values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` without those equal to the schema's defaults (required ones always kept)."""
    data: dict[str, Any] = {}
    for name, info in spec_class.model_fields.items():
        value = values[name]
        if info.is_required() or value != info.get_default(call_default_factory=True):
            data[name] = value
    return data


# --- [desk] ------------------------------------------------------------------------------------
_DESK_FIELDS = tuple(DeskSpec.model_fields)


def load_desk(policy: Policy, document: PolicyDocument, report: LoadReport) -> None:
    """One DeskRules row when the file's [desk] says anything; none (defaults) otherwise."""
    values = None if document.desk == DeskSpec() else document.desk.model_dump()
    save_policy_row(DeskRules, policy, values, report)


def export_desk(policy: Policy) -> dict[str, Any]:
    row = DeskRules.objects.filter(policy=policy).first()
    if row is None:
        return {}
    return _written(DeskSpec, {name: getattr(row, name) for name in _DESK_FIELDS})


# --- keyed tables ------------------------------------------------------------------------------
def _severity_rows(document: PolicyDocument) -> dict[str, dict[str, Any]]:
    return {
        code: {**spec.model_dump(), "priority": spec.priority or code}
        for code, spec in document.severities.items()
    }


def load_severities(policy: Policy, document: PolicyDocument, report: LoadReport) -> None:
    _sync(Severity, policy, "code", _severity_rows(document), report)


def export_severities(policy: Policy) -> dict[str, Any]:
    data = {}
    for row in Severity.objects.filter(policy=policy).order_by("rank", "code"):
        values = {name: getattr(row, name) for name in SeveritySpec.model_fields}
        if values["priority"] == row.code:
            values["priority"] = ""
        data[row.code] = _written(SeveritySpec, values)
    return data


def _positioned(specs: Mapping[str, BaseModel]) -> dict[str, dict[str, Any]]:
    """Rows in file order: each spec's values and its `position`."""
    return {
        key: {**spec.model_dump(), "position": index}
        for index, (key, spec) in enumerate(specs.items())
    }


def _export_positioned(
    model: type[Model], spec_class: type[BaseModel], policy: Policy
) -> dict[str, Any]:
    rows = model._default_manager.filter(policy=policy).order_by("position", "key")
    return {
        row.serializable_value("key"): _written(
            spec_class, {name: getattr(row, name) for name in spec_class.model_fields}
        )
        for row in rows
    }


def load_fields(policy: Policy, document: PolicyDocument, report: LoadReport) -> None:
    _sync(CaseField, policy, "key", _positioned(document.fields), report)


def export_fields(policy: Policy) -> dict[str, Any]:
    return _export_positioned(CaseField, FieldSpec, policy)


def load_case_types(policy: Policy, document: PolicyDocument, report: LoadReport) -> None:
    _sync(CaseType, policy, "key", _positioned(document.case_types), report)


def export_case_types(policy: Policy) -> dict[str, Any]:
    return _export_positioned(CaseType, CaseTypeSpec, policy)


def load_scope(policy: Policy, document: PolicyDocument, report: LoadReport) -> None:
    _sync(ScopeCategory, policy, "key", _positioned(document.scope), report)


def export_scope(policy: Policy) -> dict[str, Any]:
    return _export_positioned(ScopeCategory, ScopeSpec, policy)


# --- [[intake]] --------------------------------------------------------------------------------
def _intake_rows(document: PolicyDocument) -> dict[int, dict[str, Any]]:
    """Rules by position (1, 2, …), their parameters as written (defaults apply when read)."""
    return {
        index: {"kind": item["rule"], "params": {k: v for k, v in item.items() if k != "rule"}}
        for index, item in enumerate(document.intake, start=1)
    }


def load_intake(policy: Policy, document: PolicyDocument, report: LoadReport) -> None:
    _sync(IntakeRule, policy, "position", _intake_rows(document), report)


def export_intake(policy: Policy) -> list[dict[str, Any]]:
    return [
        {"rule": rule.kind, **rule.params}
        for rule in IntakeRule.objects.filter(policy=policy).order_by("position")
    ]


# --- a past revision's rows, not saved (`policy.in_force`) -------------------------------------
@dataclass(frozen=True)
class CaseRows:
    """The rows a file's sections about cases make, built in memory (never saved): what a past
    revision said, for a case judged by the rules in force at its arrival."""

    case_types: list[CaseType]
    severities: list[Severity]
    fields: list[CaseField]
    scope: list[ScopeCategory]
    desk: DeskRules | None
    intake: list[IntakeRule]


def case_rows(policy_id: int, document: PolicyDocument) -> CaseRows:
    """The rows `load_policy` would write for `document`'s sections about cases, unsaved. A case
    type keeps the team the live row of the same key has (assignment is as it is now)."""
    teams = dict(CaseType.objects.filter(policy_id=policy_id).values_list("key", "team_id"))
    desk = None if document.desk == DeskSpec() else document.desk.model_dump()
    return CaseRows(
        case_types=[
            CaseType(policy_id=policy_id, key=key, team_id=teams.get(key), **values)
            for key, values in _positioned(document.case_types).items()
        ],
        severities=[
            Severity(policy_id=policy_id, code=code, **values)
            for code, values in _severity_rows(document).items()
        ],
        fields=[
            CaseField(policy_id=policy_id, key=key, **values)
            for key, values in _positioned(document.fields).items()
        ],
        scope=[
            ScopeCategory(policy_id=policy_id, key=key, **values)
            for key, values in _positioned(document.scope).items()
        ],
        desk=DeskRules(policy_id=policy_id, **desk) if desk is not None else None,
        intake=[
            IntakeRule(policy_id=policy_id, position=position, **values)
            for position, values in _intake_rows(document).items()
        ],
    )


def case_prefix(policy: Policy) -> str:
    """The prefix of the policy's case numbers (TQ when the policy has no [desk])."""
    prefix = DeskRules.objects.filter(policy=policy).values_list("case_prefix", flat=True).first()
    return prefix or DEFAULT_CASE_PREFIX
