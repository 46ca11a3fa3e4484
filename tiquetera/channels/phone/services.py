"""Phone calls: an agent logs a call, then opens a case from it on the client's behalf through
the intake pipeline (channel "phone"), or records it on the case it was about.

The policy's rules decide what a call may do (seeds 002 and 004): under JQ Systems a case by
phone needs a justification (the form is the channel) and an urgency's call is the phone notice
it needs; under Soho Apps the phone line is one of the two channels. Nothing here knows a vendor.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tiquetera.audit.services import record
from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.core.dates import long_datetime
from tiquetera.core.errors import DomainError
from tiquetera.core.permissions import is_agent
from tiquetera.directory.models import Contact, Organization
from tiquetera.directory.validation import national_phone, normalize_phone
from tiquetera.tickets.articles import add_note
from tiquetera.tickets.intake.case_policy import channel_rule
from tiquetera.tickets.intake.pipeline import record_urgency_notice, store_raw, submit
from tiquetera.tickets.intake.request import IntakeRequest
from tiquetera.tickets.models import Case, CaseType, Channel
from tiquetera.tickets.statuses import FINAL

from .models import Call

Actor = AbstractBaseUser | AnonymousUser | None
URGENCY_NOTICE_PENDING = "urgency_notice_pending"  # the channel rule's flag (tickets/intake)
# A call logged later than this after it started is fine; one starting in the future is not.
CLOCK_SKEW = dt.timedelta(minutes=5)

MESSAGES: dict[str, Promise] = {
    "not_allowed": _("Only agents log calls and open cases from them."),
    "contact_of_another_organization": _("%(contact)s is not a contact of %(organization)s."),
    "in_the_future": _("The call cannot start in the future."),
    "no_caller": _("Say who called: choose the contact or write the caller's name."),
    "no_summary": _("Write a summary of the call."),
    "already_linked": _("This call is already linked to case %(number)s."),
    "case_of_another_organization": _(
        "Case %(number)s belongs to another organization than the call's."
    ),
    "case_final": _("Case %(number)s is %(status)s: record the call on an open case."),
    "status_only": _(
        "On working days a call gives the status of cases; it opens a case only for %(types)s. "
        "Record the call on the case it asks about, or ask the client to use the support portal."
    ),
}


class CallError(DomainError):
    """A call, or a case from it, refused: `code` says why."""

    messages = MESSAGES


def _check_agent(actor: Actor) -> None:
    if not is_agent(actor):
        raise CallError("not_allowed")


def log_call(
    *,
    organization: Organization,
    contact: Contact | None = None,
    caller_name: str = "",
    number: str = "",
    direction: str = Call.Direction.INBOUND,
    started_at: dt.datetime,
    duration_seconds: int = 0,
    summary: str,
    actor: Actor,
) -> Call:
    """Log a call with a client (agents only): the number is stored in E.164 (read in the
    organization's country; an old Colombian landline is rewritten), the caller's name defaults
    to the contact's. One audit event "call.logged".

    Raises CallError, or the directory's InvalidValue for a number that is not one."""
    _check_agent(actor)
    if contact is not None and contact.organization_id != organization.pk:
        raise CallError(
            "contact_of_another_organization", contact=contact.name, organization=organization
        )
    caller_name = " ".join(caller_name.split()) or (contact.name if contact else "")
    if not caller_name:
        raise CallError("no_caller")
    summary = summary.replace("\x00", "").strip()
    if not summary:
        raise CallError("no_summary")
    if started_at > timezone.now() + CLOCK_SKEW:
        raise CallError("in_the_future")
    e164 = normalize_phone(number, organization.country).e164 if number.strip() else ""
    with transaction.atomic():
        call = Call.objects.create(
            organization=organization,
            contact=contact,
            caller_name=caller_name[:200],
            number=e164,
            direction=Call.Direction(direction),
            started_at=started_at,
            duration_seconds=max(int(duration_seconds), 0),
            summary=summary,
            agent=actor if isinstance(actor, User) else None,
        )
        record(
            actor=actor,
            verb="call.logged",
            target=call,
            after={
                "contact": contact.pk if contact else None,
                "caller_name": call.caller_name,
                "number": call.number,
                "direction": call.direction,
                "started_at": call.started_at,
                "duration_seconds": call.duration_seconds,
            },
        )
    return call


def open_case_from_call(
    call: Call,
    *,
    subject: str,
    case_type: str = "",
    severity: str = "",
    category: str = "",
    description: str = "",
    fields: Mapping[str, str] | None = None,
    prerequisites_done: Sequence[str] = (),
    requester_phone: str = "",
    channel_justification: str = "",
    actor: Actor,
) -> Case:
    """Open a case on the caller's behalf through the intake pipeline with channel "phone" (the
    contact as requester, the call's summary as description unless one is given), received when
    the call started, and link the call to it. The policy's rules decide the outcome.

    What the agent entered is kept first as the raw payload. When the rules flag the urgency's
    pending phone or chat notice, this call is that notice (`record_urgency_notice`). Audit:
    the pipeline's "case.created", then "call.case_opened" on the call. The pipeline commits
    the case on its own (an IntakeError notes its reason on the raw payload, which an outer
    transaction would roll back); the notice and the link follow in one transaction."""
    _check_agent(actor)
    if call.case_id is not None:
        raise CallError("already_linked", number=call.case.number if call.case else "")
    failure_types = types_a_call_may_open(call)
    if failure_types is not None and case_type not in failure_types:
        raise status_only(call, failure_types)
    request = IntakeRequest(
        channel=Channel.PHONE,
        subject=subject,
        description=description or call.summary,
        organization=call.organization,
        requester=call.contact,
        requester_name=call.caller_name,
        requester_phone=requester_phone or call.number,
        case_type=case_type,
        severity=severity,
        category=category,
        fields=dict(fields or {}),
        prerequisites_done=list(prerequisites_done),
        channel_justification=channel_justification,
        actor=actor,
        received_at=call.started_at,
    )
    raw = store_raw(Channel.PHONE, _payload(call, request), "application/json")
    case = submit(replace(request, raw=raw))
    with transaction.atomic():
        if URGENCY_NOTICE_PENDING in case.flags:
            case = record_urgency_notice(case, actor=actor, channel=Channel.PHONE)
        _link(call, case, actor=actor, verb="call.case_opened")
    return case


def types_a_call_may_open(call: Call) -> list[str] | None:
    """Seed 004: "La atención telefónica estará limitada a indicarle al solicitante el estado de
    su ticket, salvo ... fallo total o parcial del sistema". When the policy's channel rule says
    `calls = "status_or_failure"` and the call started on an open day of its `calls_calendar`
    (every day without one), the case types a call may still open; None when any may."""
    rule = channel_rule(call.organization)
    if rule is None or rule.calls != "status_or_failure":
        return None
    if rule.calls_calendar:
        calendar = Calendar.objects.filter(
            policy_id=call.organization.policy_id, key=rule.calls_calendar
        ).first()
        if calendar is not None:
            engine = engine_for(calendar)
            day = call.started_at.astimezone(engine.tz).date()
            if engine.closed_reason(day) is not None:
                return None  # weekends and holidays: the out_of_hours rule's
    return list(rule.failure_types)


def status_only(call: Call, failure_types: Sequence[str]) -> CallError:
    """The refusal of a case a status-only call may not open, naming the types it may."""
    names = CaseType.objects.filter(
        policy_id=call.organization.policy_id, key__in=failure_types
    ).values_list("name", flat=True)
    return CallError("status_only", types=get_text_list([f"“{n}”" for n in names], _("or")))


def record_call_on_case(call: Call, case: Case, *, actor: Actor) -> Case:
    """Record a call about an existing case of the call's organization: an urgency waiting for
    its phone notice gets it (`record_urgency_notice`, seed 002), any other case an internal note
    with the call's summary. The call is linked to the case ("call.recorded_on_case")."""
    _check_agent(actor)
    if call.case_id is not None:
        raise CallError("already_linked", number=call.case.number if call.case else "")
    if case.organization_id != call.organization_id:
        raise CallError("case_of_another_organization", number=case.number)
    if case.status in FINAL:
        raise CallError("case_final", number=case.number, status=case.get_status_display())
    with transaction.atomic():
        if URGENCY_NOTICE_PENDING in case.flags:
            case = record_urgency_notice(case, actor=actor, channel=Channel.PHONE)
        else:
            add_note(case, body=_note(call), actor=actor)
        _link(call, case, actor=actor, verb="call.recorded_on_case")
    return case


def _link(call: Call, case: Case, *, actor: Actor, verb: str) -> None:
    Call.objects.filter(pk=call.pk).update(case=case)
    call.case = case
    record(actor=actor, verb=verb, target=call, after={"case": case.number})


def _note(call: Call) -> str:
    started = timezone.localtime(call.started_at, ZoneInfo(call.organization.time_zone))
    header = gettext("Call with %(caller)s (%(number)s), %(when)s, %(minutes)s min:") % {
        "caller": call.caller_name,
        "number": national_phone(call.number, call.organization.country) or "—",
        "when": long_datetime(started),
        "minutes": call.duration_minutes,
    }
    return f"{header}\n\n{call.summary}"


def _payload(call: Call, request: IntakeRequest) -> bytes:
    """What the agent entered for the case, as JSON (the raw payload of a phone case)."""
    document: dict[str, object] = {
        "call": call.pk,
        "organization": call.organization_id,
        "contact": call.contact_id,
        "caller_name": call.caller_name,
        "number": call.number,
        "started_at": call.started_at.isoformat(),
        "subject": request.subject,
        "description": request.description,
        "case_type": request.case_type,
        "severity": request.severity,
        "category": request.category,
        "fields": dict(request.fields),
        "prerequisites_done": list(request.prerequisites_done),
        "requester_phone": request.requester_phone,
        "channel_justification": request.channel_justification,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode()
