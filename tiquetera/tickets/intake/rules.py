"""The intake rules: one function per `kind` of `IntakeRule`, each reading a `Draft` (the case
being taken in, with what the policy and the database say about it) and returning a `Verdict`.

A verdict passes, flags (a warning for the agent), parks (the case waits for verification,
information or consent) or rejects (the case is stored, final, with the reason). Every message
is written for the requester, in the language active while the pipeline runs, and says what to
do next. The parameters come checked from the policy file (`policy/sections/intake.py`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.contracts.models import Contract, Plan
from tiquetera.directory.errors import InvalidValue
from tiquetera.directory.models import Contact, Organization
from tiquetera.directory.validation import check_email, normalize_phone
from tiquetera.policy.sections import intake as spec

from ..models import CaseField, CaseType, DeskRules, IntakeCheck, ScopeCategory, Severity
from ..statuses import Status
from .request import IntakeRequest

Outcome = IntakeCheck.Outcome


@dataclass(frozen=True)
class Verdict:
    outcome: str  # IntakeCheck.Outcome
    code: str = ""
    message: str = ""
    status: str = ""  # where a park or a reject sends the case


PASS = Verdict(Outcome.PASS)


def flag(code: str, message: str) -> Verdict:
    return Verdict(Outcome.FLAG, code, message)


def park(status: str, code: str, message: str) -> Verdict:
    return Verdict(Outcome.PARK, code, message, status)


def reject(status: str, code: str, message: str) -> Verdict:
    return Verdict(Outcome.REJECT, code, message, status)


@dataclass
class Draft:
    """A case being taken in: the cleaned request and everything the rules look up."""

    request: IntakeRequest
    organization: Organization
    requester: Contact | None
    case_type: CaseType | None
    case_types_defined: bool  # the policy lists case types: a case must name one
    severity: Severity | None
    severity_code: str
    contracts: list[Contract]
    scope: list[ScopeCategory]
    fields: dict[str, CaseField]
    desk: DeskRules | None
    now: dt.datetime
    verified: bool = False
    urgency_notified: bool = False
    phone: str = ""  # the requester's phone in E.164, once the phone rule read it
    flags: list[str] = field(default_factory=list)
    # set by a rule that makes the case a per-event service (no plan, out of hours): the plan
    # whose per-event terms apply, and why (a contracts.Consumption.Reason)
    per_event_plan: Plan | None = None
    per_event_reason: str = ""

    @property
    def email(self) -> str:
        return self.request.requester_email or (self.requester.email if self.requester else "")

    @property
    def name(self) -> str:
        return self.request.requester_name or (self.requester.name if self.requester else "")

    @property
    def phone_given(self) -> str:
        return self.request.requester_phone or (self.requester.phone if self.requester else "")

    @property
    def guide(self) -> str:
        url = self.desk.writing_guide_url if self.desk else ""
        return (
            (" " + _("See the guide to writing a good case: %(url)s") % {"url": url}) if url else ""
        )


# --- who, standing, plan -----------------------------------------------------------------------
def requester(draft: Draft, params: spec.RequesterRule) -> Verdict:
    """Seed 002: only the USR — temporarily the manager or administrator — reports cases; others
    are invalid unless the USR verifies them."""
    contact = draft.requester
    if draft.verified:
        return PASS
    if contact and contact.is_active and contact.may_open_cases and contact.role in params.roles:
        return PASS
    allowed = get_text_list([str(Contact.Role(role).label) for role in params.roles], _("or"))
    if params.others == "verify":
        return park(
            Status.PENDING_VERIFICATION,
            "needs_verification",
            _(
                "Cases of %(organization)s are opened by its %(allowed)s. We have asked your "
                "supervisor (USR) to verify this case; it will be attended once verified."
            )
            % {"organization": draft.organization.legal_name, "allowed": allowed},
        )
    return reject(
        Status.INVALID,
        "not_authorized",
        _(
            "Cases of %(organization)s can only be opened by its %(allowed)s. Please ask one of "
            "them to open it."
        )
        % {"organization": draft.organization.legal_name, "allowed": allowed},
    )


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
        draft.per_event_plan = _plan(draft, params.plan)
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
                "covered": ", ".join(_channel_label(c) for c in channels),
                "value": _channel_label(draft.request.channel),
            }
        )
    if "edition" in check and plan.edition and plan.edition != draft.organization.edition:
        missing.append(
            _("the %(covered)s edition, not %(value)s")
            % {"covered": plan.edition, "value": draft.organization.edition or "—"}
        )
    return missing


# --- what the case says ------------------------------------------------------------------------
def required_fields(draft: Draft, params: spec.RequiredFieldsRule) -> Verdict:
    """Seed 004: tickets lacking application, module, process, description … are closed with the
    reason and a guide to writing them."""
    missing: list[str] = []
    labels = {"name": _("full name"), "email": _("email"), "phone": _("contact phone")}
    given = {"name": draft.name, "email": draft.email, "phone": draft.phone_given}
    missing += [str(labels[key]) for key in params.requester if not given[key].strip()]
    if draft.case_type is None and draft.case_types_defined:
        missing.append(_("type"))
    elif draft.case_type is not None:
        for key in draft.case_type.required_fields:
            if key == "description":
                present = bool(draft.request.description)
            elif key == "attachments":
                present = bool(draft.request.attachments)
            else:
                present = bool(draft.request.fields.get(key, "").strip())
            if not present:
                missing.append(_field_label(draft, key))
    if not missing:
        return PASS
    what = get_text_list(missing, _("and"))
    if params.missing == "close":
        return reject(
            Status.CLOSED,
            "insufficient_information",
            _(
                "The case lacks the information needed to attend it: %(missing)s. It has been "
                "closed; please open a new case with those details."
            )
            % {"missing": what}
            + draft.guide,
        )
    return park(
        Status.PENDING_INFORMATION,
        "insufficient_information",
        _(
            "The case lacks the information needed to attend it: %(missing)s. Reply to this "
            "case with those details and we will take it from there."
        )
        % {"missing": what}
        + draft.guide,
    )


def _field_label(draft: Draft, key: str) -> str:
    if key == "description":
        return _("description")
    if key == "attachments":
        return _("screenshots or attachments")
    found = draft.fields.get(key)
    return found.label if found else key


def channel(draft: Draft, params: spec.ChannelRule) -> Verdict:
    """Seed 002: the case form is the channel; an urgency is also notified by phone or chat;
    another channel without a valid justification may be refused."""
    channels = get_text_list([_channel_label(c) for c in params.form], _("or"))
    if draft.request.channel not in params.form:
        if draft.request.channel_justification:
            return flag(
                "other_channel",
                _("Received by %(channel)s instead of %(form)s, because: %(why)s")
                % {
                    "channel": _channel_label(draft.request.channel),
                    "form": channels,
                    "why": draft.request.channel_justification,
                },
            )
        message = _(
            "Cases are received through %(form)s. Please send it there; if you cannot, tell us "
            "why when you write."
        ) % {"form": channels}
        if params.other == "flag":
            return flag("other_channel", message)
        return reject(Status.REJECTED, "wrong_channel", message)
    urgent = draft.severity is not None and draft.severity.urgent
    if params.urgent_notice and urgent and not draft.urgency_notified:
        return flag(
            "urgency_notice_pending",
            _(
                "An urgency is also notified by phone or chat, so we can attend it sooner: "
                "please call or write to us quoting the case number."
            ),
        )
    return PASS


def _channel_label(value: str) -> str:
    from ..models import Channel

    try:
        return str(Channel(value).label)
    except ValueError:
        return value


def generic_mailbox(draft: Draft, params: spec.GenericMailboxRule) -> Verdict:
    """Seed 004: the requester's own address, "no un buzón de correo electrónico general"."""
    if not draft.email:
        return PASS
    try:
        result = check_email(draft.email)
    except InvalidValue as error:
        return flag("email_invalid", error.message)
    return flag("generic_mailbox", result.warning) if result.warning else PASS


def phone(draft: Draft, params: spec.PhoneRule) -> Verdict:
    """Seed 004: a landline with country and area code ("+57 (6) 3134484"), normalised."""
    given = draft.phone_given
    if not given:
        if not params.required:
            return PASS
        message = _("Give a contact phone with its country and area code, e.g. %(example)s.")
        problem = message % {"example": "+57 606 3134484"}
        return _phone_problem(params, "phone_missing", problem)
    try:
        result = normalize_phone(given, draft.organization.country)
    except InvalidValue as error:
        return _phone_problem(params, "phone_invalid", error.message)
    draft.phone = result.e164
    return flag("phone_rewritten", result.warning) if result.warning else PASS


def _phone_problem(params: spec.PhoneRule, code: str, message: str) -> Verdict:
    if params.invalid == "park":
        return park(Status.PENDING_INFORMATION, code, message)
    return flag(code, message)


def urgent_word(draft: Draft, params: spec.UrgentWordRule) -> Verdict:
    """Seed 004: avoid "URGENTE" in a subject unless the need is critical and immediate."""
    if draft.severity is not None and draft.severity.urgent:
        return PASS
    subject = _plain(draft.request.subject)
    for word in params.words:
        if re.search(rf"\b{re.escape(_plain(word))}\b", subject):
            return flag(
                "urgent_word",
                _(
                    "The subject says “%(word)s” but the severity %(severity)s is not an urgency: "
                    "the case is attended by its severity."
                )
                % {"word": word, "severity": draft.severity_code or "—"},
            )
    return PASS


def _plain(text: str) -> str:
    """Lower case without accents, for matching words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def scope(draft: Draft, params: spec.ScopeRule) -> Verdict:
    """Seed 004 lists what is not support (training, operating systems, viruses, peripherals,
    installs, networks, audits); seed 002 refers such work to a partner with the client's
    consent. A category the requester chose is acted on; one only suggested by keywords is
    flagged (or acted on, when the policy says "apply")."""
    chosen = next((c for c in draft.scope if c.key == draft.request.category), None)
    if chosen is not None:
        return _scope_action(chosen)
    text = _plain(f"{draft.request.subject}\n{draft.request.description}")
    for category in draft.scope:
        if category.action == ScopeCategory.Action.ACCEPT:
            continue
        if any(re.search(rf"\b{re.escape(_plain(k))}", text) for k in category.keywords if k):
            if params.keywords == "apply":
                return _scope_action(category)
            return flag(
                "possibly_out_of_scope",
                _("This may be “%(category)s”, which is not support: check before attending.")
                % {"category": category.name},
            )
    return PASS


def _scope_action(category: ScopeCategory) -> Verdict:
    reason = f" {category.reason}" if category.reason else ""
    if category.action == ScopeCategory.Action.REJECT:
        return reject(
            Status.REJECTED,
            "out_of_scope",
            _("“%(category)s” is not part of technical support.") % {"category": category.name}
            + reason,
        )
    if category.action == ScopeCategory.Action.SALES:
        where = (
            " " + _("Please write to %(contact)s.") % {"contact": category.contact}
            if category.contact
            else ""
        )
        return reject(
            Status.REJECTED,
            "routed_to_sales",
            _("“%(category)s” is handled by our sales area, not by support.")
            % {"category": category.name}
            + reason
            + where,
        )
    if category.action == ScopeCategory.Action.REFER:
        partner = category.partner or _("a partner")
        return park(
            Status.PENDING_CONSENT,
            "needs_consent",
            _(
                "“%(category)s” is not part of our support; it is attended by %(partner)s. Reply "
                "to accept that we refer the case to them, or to decline."
            )
            % {"category": category.name, "partner": partner}
            + reason,
        )
    return PASS


def prerequisites(draft: Draft, params: spec.PrerequisitesRule) -> Verdict:
    """Seed 002: a case is invalid when the steps given to the USR to rule out common causes
    were not done first."""
    required = draft.case_type.prerequisites if draft.case_type else []
    done = {_plain(item) for item in draft.request.prerequisites_done}
    missing = [step for step in required if _plain(step) not in done]
    if not missing:
        return PASS
    message = _("Before opening this case, please do these steps and confirm them: %(steps)s.") % {
        "steps": "; ".join(missing)
    }
    if params.missing == "flag":
        return flag("prerequisites_missing", message)
    if params.missing == "park":
        return park(Status.PENDING_INFORMATION, "prerequisites_missing", message)
    return reject(Status.INVALID, "prerequisites_missing", message)


# --- when it arrives ----------------------------------------------------------------------------
def out_of_hours(draft: Draft, params: spec.OutOfHoursRule) -> Verdict:
    """Seed 000 (ISYS): support "en horario extra-laboral (fuera de cobertura del servicio
    estándar)" is a per-event service that "genera[n] sus respectivos cobros adicionales"; seed
    004 (Soho): "Los fines de semana y festivos: Solo se atenderán requerimientos vía llamada
    telefónica y para solicitudes de soporte prioritario". A case received while the calendar is
    closed is always flagged; what else happens is the policy's (see `OutOfHoursRule`)."""
    calendars = Calendar.objects.filter(policy_id=draft.organization.policy_id)
    if params.calendar:
        calendar = calendars.filter(key=params.calendar).first()
    else:
        calendar = calendars.filter(is_default=True).order_by("pk").first()
    if calendar is None:
        return PASS
    engine = engine_for(calendar)
    if engine.is_open(draft.now):
        return PASS
    opens = _moment_text(engine.next_open(draft.now))
    received = draft.now.astimezone(engine.tz)
    attended = bool(params.severities or params.channels) and (
        (not params.severities or draft.severity_code in params.severities)
        and (not params.channels or draft.request.channel in params.channels)
    )
    applies = params.on == "closed_hours" or engine.closed_reason(received.date()) is not None
    if attended or not applies or params.otherwise == "accept":
        return flag(
            "out_of_hours",
            _("Received out of service hours (%(calendar)s); service opens again on %(opens)s.")
            % {"calendar": calendar.name, "opens": opens},
        )
    if params.otherwise == "per_event":
        draft.flags.append("billable_per_event")
        draft.per_event_plan = draft.per_event_plan or _plan(draft, params.plan)
        draft.per_event_reason = draft.per_event_reason or "out_of_hours"
        return flag(
            "out_of_hours",
            _(
                "Received outside the coverage of %(calendar)s: it is attended as a per-event "
                "service, billed apart. Service in hours opens again on %(opens)s."
            )
            % {"calendar": calendar.name, "opens": opens},
        )
    if params.severities or params.channels:
        closed = _("This case arrived out of service hours, when we only attend %(which)s.") % {
            "which": _attended_out_of_hours(params)
        }
    else:
        closed = _("This case arrived out of service hours.")
    return reject(
        Status.REJECTED,
        "out_of_hours",
        closed
        + " "
        + _("Service opens again on %(opens)s: please open the case again then.")
        % {"opens": opens},
    )


def _plan(draft: Draft, key: str) -> Plan | None:
    """The policy's plan `key` (`policy check` proves it exists and has per-event terms)."""
    return Plan.objects.filter(policy_id=draft.organization.policy_id, key=key).first()


def _moment_text(moment: dt.datetime) -> str:
    """'Monday July 27, 2026 at 08:00' in the active language (the requester's)."""
    return _("%(weekday)s %(date)s at %(time)s") % {
        "weekday": date_format(moment, "l"),
        "date": date_format(moment, "DATE_FORMAT"),
        "time": f"{moment:%H:%M}",
    }


def _attended_out_of_hours(params: spec.OutOfHoursRule) -> str:
    """'cases of severity ALTA received by phone', from the rule's lists."""
    which = _("cases")
    if params.severities:
        which += " " + _("of severity %(codes)s") % {
            "codes": get_text_list(list(params.severities), _("or"))
        }
    if params.channels:
        which += " " + _("received by %(channels)s") % {
            "channels": get_text_list([_channel_label(c) for c in params.channels], _("or"))
        }
    return which


RuleFunction = Callable[[Draft, Any], Verdict]
FUNCTIONS: dict[str, RuleFunction] = {
    "requester": requester,
    "standing": standing,
    "active_plan": active_plan,
    "coverage": coverage,
    "required_fields": required_fields,
    "channel": channel,
    "generic_mailbox": generic_mailbox,
    "phone": phone,
    "urgent_word": urgent_word,
    "scope": scope,
    "prerequisites": prerequisites,
    "out_of_hours": out_of_hours,
}
assert set(FUNCTIONS) == set(spec.RULES), "every rule of the file has its function"


@dataclass(frozen=True)
class Ruling:
    """What one rule said, with the rule it came from."""

    position: int
    rule: str
    verdict: Verdict


def run_rules(draft: Draft, rules: Sequence[tuple[int, str, dict[str, Any]]]) -> list[Ruling]:
    """Run `rules` (position, kind, params) in order; the first rejection ends the run."""
    rulings = []
    for position, kind, params in rules:
        verdict = FUNCTIONS[kind](draft, spec.rule_params({"rule": kind, **params}))
        rulings.append(Ruling(position, kind, verdict))
        if verdict.outcome == Outcome.REJECT:
            break
    return rulings
