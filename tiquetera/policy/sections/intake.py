"""The sections about cases: [desk], [severities.CODE], [fields.KEY], [case_types.KEY],
[scope.KEY] and the ordered [[intake]] rules (tickets' DeskRules, Severity, CaseField, CaseType,
ScopeCategory and IntakeRule rows).

Each [[intake]] entry names its `rule` and that rule's parameters; `RULES` maps a rule to the
schema of its parameters, and `tickets/intake/rules/` has one function per rule. The checks
here are the ones the pipeline relies on: a case type's default severity and required fields
exist, a plan's severities are the policy's, each rule appears once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal, get_args

from django.utils.translation import gettext as _
from pydantic import BaseModel, Field, ValidationError

from tiquetera.policy.fields import SLUG, Strict
from tiquetera.policy.problems import FieldPath, Problem, shape_problem

CODE = re.compile(r"[A-Z][A-Z0-9]{0,7}")
MODALITIES = ("written", "call", "remote", "onsite")
CASE_KINDS = ("request", "incident", "question", "bug", "feature")
SCOPE_ACTIONS = ("accept", "reject", "sales", "refer")
# Fields every case has, which a type may require without declaring them under [fields].
BUILT_IN_FIELDS = ("description", "attachments")

Channel = Literal["portal", "email", "whatsapp", "phone", "api", "chat", "in_person"]
CHANNELS: tuple[str, ...] = get_args(Channel)
Role = Literal["usr", "manager", "administrator", "user"]
Covered = Literal["severity", "channel", "edition"]


# --- [desk] ------------------------------------------------------------------------------------
class DeskSpec(Strict):
    case_prefix: str = Field(default="TQ", max_length=8)
    writing_guide_url: str = Field(default="", max_length=300)
    modality_ladder: list[Literal["written", "call", "remote", "onsite"]] = Field(
        default_factory=list
    )
    remote_tools: list[str] = Field(default_factory=list)
    skip_needs_reason: bool = True
    one_requirement_per_case: bool = True
    confirm_resolution: bool = True
    # the case type of a case that arrives without one, per channel (email, whatsapp, …)
    channel_case_types: dict[str, str] = Field(default_factory=dict)
    # an email from a known contact whose sender the mail server did not vouch for (docs/email.md)
    unverified_email: Literal["park", "accept"] = "park"


# --- [severities.CODE], [fields.KEY], [case_types.KEY], [scope.KEY] ----------------------------
class SeveritySpec(Strict):
    name: str = Field(min_length=1, max_length=100)
    description: str = ""
    priority: str = ""  # "": the severity's own code is its priority
    rank: int = Field(default=100, ge=0, le=32767)
    urgent: bool = False


class FieldSpec(Strict):
    label: str = Field(min_length=1, max_length=100)
    help_text: str = Field(default="", max_length=300)


class CaseTypeSpec(Strict):
    name: str = Field(min_length=1, max_length=100)
    kind: Literal["request", "incident", "question", "bug", "feature"] = "request"
    description: str = ""
    default_severity: str = ""
    required_fields: list[str] = Field(default_factory=list)
    prerequisites: list[str] = Field(default_factory=list)


class ScopeSpec(Strict):
    name: str = Field(min_length=1, max_length=100)
    action: Literal["accept", "reject", "sales", "refer"]
    reason: str = ""
    keywords: list[str] = Field(default_factory=list)
    partner: str = Field(default="", max_length=200)
    contact: str = Field(default="", max_length=200)


# --- [[intake]]: one schema per rule -----------------------------------------------------------
class RequesterRule(Strict):
    """Who may open a case: contacts with these roles (and "may open cases"); contacts with a
    `stand_ins` role only while the organization has none of `roles` able to open cases, or while
    they are all away (seed 002: "en su defecto como medida temporal, el gerente y/o
    administrador"); others wait for the USR's verification ("verify") or are refused ("reject")."""

    rule: Literal["requester"]
    roles: list[Role] = Field(default_factory=lambda: list(get_args(Role)))
    stand_ins: list[Role] = Field(default_factory=list)
    others: Literal["verify", "reject"] = "verify"


class StandingRule(Strict):
    """A client behind on payments: the case is invalid, or flagged for the agent."""

    rule: Literal["standing"]
    behind: Literal["invalid", "flag"] = "invalid"


class ActivePlanRule(Strict):
    """Without an active contract: refused, flagged, or a per-event service on the terms of
    `plan` (its per-event price, and whether it waits for a purchase order or for the client to
    accept the price: the plan's `when_exhausted`)."""

    rule: Literal["active_plan"]
    without: Literal["reject", "per_event", "flag"] = "reject"
    plan: str = ""  # with "per_event": the plan whose per-event terms apply


class CoverageRule(Strict):
    """The severity, channel and edition must be covered by one of the client's active plans."""

    rule: Literal["coverage"]
    check: list[Covered] = Field(default_factory=lambda: list(get_args(Covered)))
    otherwise: Literal["reject", "flag"] = "reject"


class RequiredFieldsRule(Strict):
    """The case type's required fields (and these of the requester): missing ones close the case
    ("close") or park it until they arrive ("park")."""

    rule: Literal["required_fields"]
    requester: list[Literal["name", "email", "phone"]] = Field(default_factory=list)
    missing: Literal["close", "park"] = "park"


class ChannelRule(Strict):
    """The form is the channel: a case from another channel needs a justification (seed 002), or
    is not taken whatever it says (`justification = "ignored"`: seed 003's "Toda solicitud de
    soporte deberá ser ingresada a través de nuestro Portal"), else it is refused or flagged; an
    urgency may also need a phone or chat notice, recorded by an agent."""

    rule: Literal["channel"]
    form: list[Channel] = Field(default_factory=lambda: list[Channel](["portal"]))
    other: Literal["reject", "flag"] = "flag"
    justification: Literal["accepted", "ignored"] = "accepted"
    urgent_notice: bool = False
    # Seed 002: what these channels bring that is not about a case is an inquiry (tiquetera/
    # inquiries), answered by an agent, which the agent may turn into a case.
    inquiries: list[Channel] = Field(default_factory=list)
    # Seed 004: on the open days of `calls_calendar` (every day when "") a call gives the status
    # of cases, and opens one only of `failure_types` ("fallo total o parcial").
    calls: Literal["any", "status_or_failure"] = "any"
    calls_calendar: str = ""
    failure_types: list[str] = Field(default_factory=list)
    # Issue 16: "no clock, unless the policy sets one": the business time within which an agent
    # first answers an inquiry ("2h"), on `inquiry_calendar` ("" the default); "" no clock.
    inquiry_first_response: str = ""
    inquiry_calendar: str = ""


class GenericMailboxRule(Strict):
    """A shared mailbox (info@, ventas@, …) as the requester's address is flagged."""

    rule: Literal["generic_mailbox"]


class PhoneRule(Strict):
    """The requester's phone with country and area code, normalised; a bad one is flagged or
    parks the case."""

    rule: Literal["phone"]
    required: bool = False
    invalid: Literal["flag", "park"] = "flag"


class UrgentWordRule(Strict):
    """A word such as URGENTE in a subject whose severity is not urgent is flagged."""

    rule: Literal["urgent_word"]
    words: list[str] = Field(default_factory=lambda: ["URGENTE"])


class ScopeRule(Strict):
    """A case in an out-of-scope category (chosen by the requester) gets the category's action;
    a category only suggested by its keywords is flagged ("flag") or acted on ("apply")."""

    rule: Literal["scope"]
    keywords: Literal["flag", "apply"] = "flag"


class PrerequisitesRule(Strict):
    """The case type's prerequisite steps must be confirmed: otherwise invalid, parked or
    flagged."""

    rule: Literal["prerequisites"]
    missing: Literal["invalid", "park", "flag"] = "invalid"


class OutOfHoursRule(Strict):
    """A case received while `calendar` is closed is flagged. When it arrives on what `on` names
    — any closed moment ("closed_hours") or only a day the calendar does not open at all
    ("closed_days": weekends, holidays, closed dates) — and is not one of the cases still
    attended then (its severity among `severities` and its channel among `channels`, each when
    listed), it is accepted anyway ("accept"), attended as a per-event service ("per_event") or
    refused with the day and hour service opens again ("reject")."""

    rule: Literal["out_of_hours"]
    calendar: str = ""  # "": the policy's default calendar
    on: Literal["closed_hours", "closed_days"] = "closed_hours"
    severities: list[str] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    otherwise: Literal["accept", "per_event", "reject"] = "accept"
    plan: str = ""  # with "per_event": the plan whose per-event terms apply


RULES: dict[str, type[BaseModel]] = {
    "requester": RequesterRule,
    "standing": StandingRule,
    "active_plan": ActivePlanRule,
    "coverage": CoverageRule,
    "required_fields": RequiredFieldsRule,
    "channel": ChannelRule,
    "generic_mailbox": GenericMailboxRule,
    "phone": PhoneRule,
    "urgent_word": UrgentWordRule,
    "scope": ScopeRule,
    "prerequisites": PrerequisitesRule,
    "out_of_hours": OutOfHoursRule,
}

# The rules that only describe the request (flags for the agent, reading nothing but the case):
# they run even after an earlier rule refused the case, so a refused case keeps its flags.
DESCRIBING_RULES = frozenset({"generic_mailbox", "phone", "urgent_word"})


def rule_params(item: Mapping[str, Any]) -> BaseModel:
    """The checked parameters of one [[intake]] entry (raises pydantic's ValidationError)."""
    return RULES[str(item["rule"])].model_validate(dict(item))


# --- checks ------------------------------------------------------------------------------------
def intake_problems(
    *,
    desk: DeskSpec,
    severities: Mapping[str, SeveritySpec],
    fields: Mapping[str, FieldSpec],
    case_types: Mapping[str, CaseTypeSpec],
    scope: Mapping[str, ScopeSpec],
    intake: list[dict[str, Any]],
    plan_severities: Mapping[str, list[str]],
    calendars: Mapping[str, object] | None = None,
    plan_rules: Mapping[str, str] | None = None,
) -> Iterator[Problem]:
    if not CODE.fullmatch(desk.case_prefix):
        yield Problem(
            ("desk", "case_prefix"),
            _("“%(value)s” is not a case prefix: capital letters or digits, such as TQ or JQ.")
            % {"value": desk.case_prefix},
        )
    yield from _unique(desk.modality_ladder, ("desk", "modality_ladder"))
    for channel, key in desk.channel_case_types.items():
        at_channel: FieldPath = ("desk", "channel_case_types", channel)
        if channel not in CHANNELS:
            yield Problem(
                at_channel,
                _("“%(value)s” is not a channel: use one of %(channels)s.")
                % {"value": channel, "channels": ", ".join(CHANNELS)},
            )
        if key not in case_types:
            yield Problem(
                at_channel,
                _("“%(value)s” is not a case type: declare it under [case_types.%(value)s].")
                % {"value": key},
            )
    for code, severity in severities.items():
        if not CODE.fullmatch(code):
            yield Problem(("severities", code), _not_a_code(code))
        if severity.priority and not CODE.fullmatch(severity.priority):
            yield Problem(("severities", code, "priority"), _not_a_code(severity.priority))
    for section, keys in (("fields", fields), ("case_types", case_types), ("scope", scope)):
        for key in keys:
            if not SLUG.fullmatch(key) or len(key) > 50:
                yield Problem((section, key), _not_an_identifier(key))
    known_fields = set(fields) | set(BUILT_IN_FIELDS)
    for key, case_type in case_types.items():
        at: FieldPath = ("case_types", key)
        if case_type.default_severity and case_type.default_severity not in severities:
            yield Problem((*at, "default_severity"), _unknown_severity(case_type.default_severity))
        for index, name in enumerate(case_type.required_fields):
            if name not in known_fields:
                yield Problem(
                    (*at, "required_fields", index),
                    _("“%(value)s” is not a field: declare it under [fields.%(value)s].")
                    % {"value": name},
                )
        yield from _unique(case_type.required_fields, (*at, "required_fields"))
    if severities:
        for plan, codes in plan_severities.items():
            for index, code in enumerate(codes):
                if code not in severities:
                    yield Problem(("plans", plan, "severities", index), _unknown_severity(code))
    yield from rules_problems(
        intake, calendars=calendars, severities=severities, plan_rules=plan_rules
    )
    for index, item in enumerate(intake):
        if item.get("rule") != "channel" or not isinstance(item.get("failure_types"), list):
            continue
        for position, key in enumerate(item["failure_types"]):
            if key not in case_types:
                yield Problem(
                    ("intake", index, "failure_types", position),
                    _("“%(value)s” is not a case type: declare it under [case_types.%(value)s].")
                    % {"value": key},
                )


def rules_problems(
    intake: list[dict[str, Any]],
    *,
    calendars: Mapping[str, object] | None = None,
    severities: Mapping[str, object] | None = None,
    plan_rules: Mapping[str, str] | None = None,
) -> Iterator[Problem]:
    """Each [[intake]] entry names a known rule once, with that rule's parameters; the calendar
    and severities a rule names are the policy's (when the policy lists them)."""
    seen: set[str] = set()
    for index, item in enumerate(intake):
        at: FieldPath = ("intake", index)
        rule = item.get("rule")
        if rule not in RULES:
            yield Problem(
                (*at, "rule"),
                _("“%(value)s” is not an intake rule. Rules: %(choices)s.")
                % {"value": rule if rule is not None else "", "choices": ", ".join(RULES)},
            )
            continue
        if rule in seen:
            yield Problem(
                (*at, "rule"), _("The rule “%(value)s” is listed twice.") % {"value": rule}
            )
        seen.add(str(rule))
        try:
            params = rule_params(item)
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                problem = shape_problem(detail, RULES[str(rule)])
                yield Problem((*at, *problem.path), problem.message)
            continue
        if isinstance(params, OutOfHoursRule):
            yield from _out_of_hours_problems(params, at, calendars, severities)
        if isinstance(params, ChannelRule):
            yield from _channel_problems(params, at, calendars)
        if isinstance(params, ActivePlanRule | OutOfHoursRule):
            chosen = params.without if isinstance(params, ActivePlanRule) else params.otherwise
            yield from _per_event_plan_problems(params.plan, chosen, at, plan_rules)


PER_EVENT_RULES = ("per_event_po", "per_event_quote")  # contracts.Plan.NEEDS_PER_EVENT_PRICE


def _per_event_plan_problems(
    key: str, chosen: str, at: FieldPath, plan_rules: Mapping[str, str] | None
) -> Iterator[Problem]:
    """Seeds 000 and 001: per-event service for a client without a plan, or out of hours, is
    priced and released by the terms of one plan of the catalogue."""
    if chosen != "per_event":
        if key:
            yield Problem((*at, "plan"), _("A plan is named only with “per_event”."))
        return
    if not key:
        yield Problem(
            (*at, "plan"),
            _("Name the plan whose per-event price and terms apply, such as plan = “por-evento”."),
        )
    elif plan_rules is not None and key not in plan_rules:
        yield Problem(
            (*at, "plan"), _("“%(value)s” is not one of the policy's [plans].") % {"value": key}
        )
    elif plan_rules is not None and plan_rules[key] not in PER_EVENT_RULES:
        yield Problem(
            (*at, "plan"),
            _(
                "The plan “%(value)s” has no per-event terms: set its when_exhausted to "
                "“per_event_po” or “per_event_quote”, with its per_event_price."
            )
            % {"value": key},
        )


def _out_of_hours_problems(
    params: OutOfHoursRule,
    at: FieldPath,
    calendars: Mapping[str, object] | None,
    severities: Mapping[str, object] | None,
) -> Iterator[Problem]:
    if calendars is not None and params.calendar and params.calendar not in calendars:
        yield Problem(
            (*at, "calendar"),
            _("“%(value)s” is not one of the policy's [calendars].") % {"value": params.calendar},
        )
    for index, code in enumerate(params.severities):
        if not CODE.fullmatch(code):
            yield Problem((*at, "severities", index), _not_a_code(code))
        elif severities and code not in severities:
            yield Problem((*at, "severities", index), _unknown_severity(code))
    yield from _unique(params.severities, (*at, "severities"))
    yield from _unique(params.channels, (*at, "channels"))
    if params.otherwise == "accept" and (params.severities or params.channels):
        yield Problem(
            (*at, "otherwise"),
            _(
                "severities and channels name the cases still attended out of hours, but "
                'otherwise = "accept" attends every case: write "reject" or "per_event", or '
                "leave severities and channels out."
            ),
        )


def _channel_problems(
    params: ChannelRule, at: FieldPath, calendars: Mapping[str, object] | None
) -> Iterator[Problem]:
    yield from _unique(params.inquiries, (*at, "inquiries"))
    yield from _inquiry_clock_problems(params, at, calendars)
    if calendars is not None and params.calls_calendar and params.calls_calendar not in calendars:
        yield Problem(
            (*at, "calls_calendar"),
            _("“%(value)s” is not one of the policy's [calendars].")
            % {"value": params.calls_calendar},
        )
    if params.calls == "status_or_failure" and not params.failure_types:
        yield Problem(
            (*at, "failure_types"),
            _(
                "Name the case types a call may still open, such as failure_types = "
                "[“fallo-total”]."
            ),
        )
    if params.calls == "any" and (params.failure_types or params.calls_calendar):
        yield Problem(
            (*at, "calls"),
            _('failure_types and calls_calendar apply only with calls = "status_or_failure".'),
        )


def _inquiry_clock_problems(
    params: ChannelRule, at: FieldPath, calendars: Mapping[str, object] | None
) -> Iterator[Problem]:
    """A first-response time for inquiries is a business time like an [sla] target's, on a
    calendar of the policy, and only where the rule has inquiries."""
    from .sla import _calendar_problems, _duration_problems  # sla imports this module

    if params.inquiry_first_response:
        yield from _duration_problems(
            params.inquiry_first_response, (*at, "inquiry_first_response")
        )
        if not params.inquiries:
            yield Problem(
                (*at, "inquiry_first_response"),
                _("A first-response time for inquiries needs inquiries, such as [“whatsapp”]."),
            )
    elif params.inquiry_calendar:
        yield Problem(
            (*at, "inquiry_calendar"),
            _("inquiry_calendar applies only with an inquiry_first_response."),
        )
    if calendars is not None:
        yield from _calendar_problems(params.inquiry_calendar, calendars, (*at, "inquiry_calendar"))


def _unique(values: Sequence[str], path: FieldPath) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield Problem((*path, index), _("“%(value)s” is listed twice.") % {"value": value})
        seen.add(value)


def _not_a_code(value: str) -> str:
    return _(
        "“%(value)s” is not a severity or priority code such as S3 or P1: a capital letter, "
        "then capital letters or digits (at most 8)."
    ) % {"value": value}


def _not_an_identifier(value: str) -> str:
    return _("“%(value)s” is not an identifier: use letters, digits, hyphens and underscores.") % {
        "value": value
    }


def _unknown_severity(value: str) -> str:
    return _("“%(value)s” is not one of the policy's [severities].") % {"value": value}
