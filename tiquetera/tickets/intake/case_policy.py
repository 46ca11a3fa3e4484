"""What an organization's policy asks of a new case from a channel: the catalogue (types,
severities, scope categories, fields) and what the enabled intake rules will look for. Read by the
case form (`forms.CaseForm`) of every door that opens cases on a form: the portal, a logged call
and the desk's "new case" page."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from tiquetera.directory.models import Organization
from tiquetera.policy.cache import cached
from tiquetera.policy.sections import intake as spec
from tiquetera.tickets.models import (
    CaseField,
    CaseType,
    DeskRules,
    IntakeRule,
    ScopeCategory,
    Severity,
)


@dataclass(frozen=True)
class CasePolicy:
    """What an organization's policy asks of a new case from `channel`: the catalogue and what
    the intake rules will look for (a phone, a justification for the channel)."""

    organization: Organization
    channel: str
    case_types: list[CaseType]
    severities: list[Severity]
    categories: list[ScopeCategory]  # every one: support, and what is not (with its action)
    fields: list[CaseField]
    desk: DeskRules | None
    phone_asked: bool = False
    phone_required: bool = False
    justification: str = ""  # "", "optional" or "required": this channel is not the form
    # the HTML of form fields drawn from this revision (the portal's `drawn` filter fills it):
    # shared by every copy `case_policy` makes of one revision, gone with the revision
    drawn: dict[tuple[Any, ...], str] = field(default_factory=dict, compare=False, repr=False)

    def case_type(self, key: str | None) -> CaseType | None:
        return next((t for t in self.case_types if t.key == key), None)

    def severity(self, code: str | None) -> Severity | None:
        return next((s for s in self.severities if s.code == code), None)

    @property
    def writing_guide_url(self) -> str:
        """The policy's guide to writing a case, when it is a web address (never a script)."""
        url = self.desk.writing_guide_url if self.desk else ""
        return url if url.startswith(("https://", "http://")) else ""


def case_policy(organization: Organization, *, channel: str = "portal") -> CasePolicy:
    """The catalogue of the organization's policy and what its enabled intake rules ask for:
    read once per policy revision and channel (`policy.cache`), one read of the revision
    after that. Its lists are shared by every request: read them, never change them."""
    loaded = cached(organization.policy_id, f"case_policy:{channel}", partial(_load, channel))
    return replace(loaded, organization=organization)


def _load(channel: str, policy_id: int) -> CasePolicy:
    phone_asked = phone_required = False
    justification = ""
    for rule in IntakeRule.objects.filter(policy_id=policy_id, enabled=True).order_by("position"):
        params: Any = spec.rule_params({"rule": rule.kind, **rule.params})
        if rule.kind == "phone":
            phone_asked = True
            phone_required = phone_required or params.required
        elif rule.kind == "required_fields" and "phone" in params.requester:
            phone_asked = phone_required = True
        elif rule.kind == "channel" and channel not in params.form:
            justification = "required" if params.other == "reject" else "optional"
    return CasePolicy(
        organization=None,  # type: ignore[arg-type]  # set by case_policy
        channel=channel,
        case_types=list(CaseType.objects.filter(policy_id=policy_id)),
        severities=list(Severity.objects.filter(policy_id=policy_id)),
        categories=list(ScopeCategory.objects.filter(policy_id=policy_id)),
        fields=list(CaseField.objects.filter(policy_id=policy_id)),
        desk=DeskRules.objects.filter(policy_id=policy_id).first(),
        phone_asked=phone_asked,
        phone_required=phone_required,
        justification=justification,
    )


def channel_rule(organization: Organization) -> spec.ChannelRule | None:
    """The organization's enabled `channel` intake rule, with its checked parameters: what the
    channel adapters read to know whether a message is an inquiry (seed 002) or what a call may
    do (seed 004). None when the policy has none."""
    rule = IntakeRule.objects.filter(
        policy_id=organization.policy_id, kind="channel", enabled=True
    ).first()
    if rule is None:
        return None
    params = spec.rule_params({"rule": rule.kind, **rule.params})
    assert isinstance(params, spec.ChannelRule)
    return params
