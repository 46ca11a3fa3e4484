"""The one door for every case (DESIGN.md): `submit` takes an `IntakeRequest` from any channel,
identifies requester and organization, runs the policy's intake rules in order, and stores the
case — accepted, parked or refused, always with its reason — with its entitlement consumed,
its intake trail, one audit event and the requester's notification, in one transaction.

Every case is judged by the policy revision in force at its arrival (`catalogue_at`,
`policy.in_force`), whenever the rules run; a dated revision whose moment has come is applied
before a case is taken in.

A parked case comes back through `verify_case`, `supply_information`, `answer_consent` or
`release_case` (a purchase order attached, a price accepted), which run the rules again (or
settle the case) with the same guarantees. No other code creates a Case (a test checks it).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import astuple, replace

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, transaction
from django.utils import timezone, translation

from tiquetera.audit.services import Entry, changes, record, record_many
from tiquetera.contracts.models import Consumption
from tiquetera.contracts.periods import local_date
from tiquetera.contracts.services.consuming import ticket_source
from tiquetera.core.permissions import is_agent
from tiquetera.core.queries import held_inserts, insert_models, insert_rows
from tiquetera.directory.models import Agent, Contact, Organization
from tiquetera.notifications.services import RenderedEmail
from tiquetera.policy.cache import one_revision
from tiquetera.policy.revisions import apply_due_first

from ..catalogue import catalogue_at
from ..errors import TicketsError
from ..lifecycle.assignment import auto_assign
from ..models import Case, IntakeCheck, IntakeKey, RawPayload
from ..notify import notify_requester, requester_email
from ..numbering import next_number
from ..services import change_status, move
from ..statuses import PENDING, Status
from .deciding import (
    SENDER_UNVERIFIED,
    Opening,
    consume_for,
    decision,
    draft_of,
    judge,
    new_case,
    opening_for,
    outside_the_quota,
    prefix_of,
    received_context,
    settle,
    unverified_email_policy,
)
from .request import IntakeError, IntakeRequest, cleaned
from .rules import Draft, Ruling, run_rules

Actor = AbstractBaseUser | AnonymousUser | None
Outcome = IntakeCheck.Outcome


def store_raw(channel: str, content: bytes, content_type: str = "") -> RawPayload:
    """Keep what a channel received before parsing it: committed on its own (one INSERT in
    autocommit), or with the caller's transaction when there is one."""
    return RawPayload.objects.create(
        channel=channel, content=bytes(content), content_type=content_type[:100]
    )


# --- submit ------------------------------------------------------------------------------------
def submit(request: IntakeRequest) -> Case:
    """Take one case in through the policy's rules; the stored case says how it went
    (`intake`, `intake_reason`, `intake_message`, `status`, its `intake_checks`).

    Raises IntakeError — and notes the reason on the raw payload — only when there is no case to
    store: the organization cannot be told, or a text is over its limit."""
    try:
        with one_revision():  # the policy as of one revision for the whole intake
            return _submit(request)
    except IntakeError as error:
        if request.raw is not None:
            with translation.override(request.language or settings.LANGUAGE_CODE):
                RawPayload.objects.filter(pk=request.raw.pk).update(error=error.message)
        raise


def _submit(request: IntakeRequest) -> Case:
    request, organization, contact, flags = arrived(request)
    with translation.override(request.language):
        # judged by the rules in force when it arrived (an email fetched late); what needs no
        # write is worked out before the case's transaction (on SQLite its BEGIN IMMEDIATE takes
        # the database's one write lock): the rules, which only read, and — for the case that
        # opens as expected — its assignee, clocks and email
        draft, rulings = judge(request, organization, contact, flags)
        # PostgreSQL: reserved before the case's transaction, as a database sequence would be:
        # the counter row is locked for one statement, not for the whole intake (a case that
        # fails after this leaves a gap in the numbers). SQLite: inside it, whose write lock
        # stops every writer anyway — one transaction fewer; what is rendered before it names
        # the case by a stand-in, replaced then (`_numbered`)
        inside = _numbered_inside(draft)
        number = PENDING_NUMBER if inside else _number(draft)
        case = new_case(draft, rulings, number)
        ready = _prepare(case, draft)
        with transaction.atomic():
            if inside:
                _numbered(case, _number(draft), ready)
            return _create(case, draft, rulings, ready)


Arrived = tuple[IntakeRequest, Organization, Contact | None, list[str]]


def arrived(request: IntakeRequest) -> Arrived:
    """The request cleaned, its language and arrival set, its organization and requester
    identified (`identify`); a dated policy revision whose moment has come is applied first, so
    a case taken in during the minute before the worker's next run gets the rules of its
    moment (not in the simulator's replay, which judges by the file it loaded)."""
    request, flags = cleaned(request)
    organization, contact = identify(request)
    if not request.replay:
        apply_due_first(organization.policy_id, timezone.now())
    language = request.language or (contact.language if contact else "") or "es"
    arrival = request.received_at or timezone.now()
    return replace(request, language=language, received_at=arrival), organization, contact, flags


# --- an email whose sender is not verified (channels/email/authentication.py) -----------------
def decide_sender(case: Case, *, actor: Actor, accept: bool, note: str = "") -> Case:
    """An agent lets in (the rules run again, the sender check passed) or turns away (invalid,
    nothing consumed) a case parked because its email's sender was not verified."""
    if not is_agent(actor):
        raise IntakeError("not_allowed")
    with transaction.atomic():
        case = _locked_pending(case, {Status.PENDING_VERIFICATION})
        if case.intake_reason != SENDER_UNVERIFIED:
            raise IntakeError("not_pending", number=case.number, status=case.get_status_display())
        with translation.override(case.language or settings.LANGUAGE_CODE):
            from django.utils.translation import gettext as _

            if not accept:
                message = _(
                    "We could not confirm that you sent this email, so the case will not be "
                    "attended. If you did, write to us again or open it in the support portal."
                )
                return _settle(case, Status.INVALID, "sender_refused", message, actor, note)
            IntakeCheck.objects.create(
                case=case,
                position=0,
                rule="sender",
                outcome=Outcome.PASS,
                code="sender_accepted",
                message=_("Sender accepted by %(who)s.") % {"who": _who(actor)},
            )
            return _rerun(case, actor, note or "sender_accepted")


def identify(request: IntakeRequest) -> tuple[Organization, Contact | None]:
    """The organization and the requester: as the channel says, or by the requester's email."""
    contacts = Contact.objects.select_related("organization")  # filtered only when read
    if request.organization is not None:
        contact = request.requester
        if contact is None and request.requester_email:
            contact = contacts.filter(
                is_active=True,
                organization=request.organization,
                email__iexact=request.requester_email,
            ).first()
        return request.organization, contact
    if request.requester is not None:
        return request.requester.organization, request.requester
    if request.requester_email:
        found = list(contacts.filter(is_active=True, email__iexact=request.requester_email)[:2])
        if len(found) == 1:
            return found[0].organization, found[0]
    raise IntakeError("unknown_requester")


def _number(draft: Draft) -> str:
    if draft.request.replay:
        # the simulator's replay (rolled back) takes no number from the sequence: the counter
        # row would stay locked, and live intakes wait, until the whole simulation ends
        return f"{prefix_of(draft)}-SIM-{uuid.uuid4().hex[:16]}"
    year = local_date(draft.now, draft.organization.time_zone).year
    return next_number(draft.organization.policy_id, year, prefix_of(draft))


# Stands for the case number in what is rendered before the number is reserved: letters and
# digits only, so escaping HTML and quoting URLs leave it (and a number of such characters) as is.
PENDING_NUMBER = "N" + uuid.uuid4().hex
_PLAIN_NUMBER = re.compile(r"[A-Za-z0-9-]+")


def _numbered_inside(draft: Draft) -> bool:
    """Reserve the number inside the case's transaction: on SQLite, when the number is made of
    characters the stand-in's replacement keeps exact (letters, digits, hyphens)."""
    return connection.vendor == "sqlite" and bool(_PLAIN_NUMBER.fullmatch(prefix_of(draft)))


def _numbered(case: Case, number: str, ready: Opening | None) -> None:
    """Give `case` its `number`, in what was rendered for it before too."""
    case.number = number
    if ready is not None and ready.email is not None:
        ready.email = RenderedEmail(
            *(text.replace(PENDING_NUMBER, number) for text in astuple(ready.email))
        )


def _prepare(case: Case, draft: Draft) -> Opening | None:
    """Before the transaction, for a case that will open: the opening it gets if its ticket
    comes from its best contract, as it does unless that contract's quota ran out, and the
    requester's email saying so. `_create` uses it when that is what happened."""
    if case.status != Status.OPEN:
        return None
    if outside_the_quota(draft) or not draft.contracts or draft.per_event_plan is not None:
        plan: str | None = ""
    else:
        plan = draft.contracts[0].plan.key
    opening = opening_for(case, draft, plan)
    if not draft.request.replay:  # a replay (rolled back) tells nobody: no email to render
        opening.email = requester_email(case, "received", received_context(opening.agent))
    if plan and case.intake == Case.Intake.ACCEPTED:
        best = draft.contracts[0]
        opening.sources[best.pk] = ticket_source(
            best, local_date(draft.now, case.organization.time_zone)
        )
    return opening


def _create(case: Case, draft: Draft, rulings: list[Ruling], ready: Opening | None) -> Case:
    request = draft.request
    consumed, opening = settle(case, draft, ready)
    agent = opening.agent if opening is not None else None
    clocks = opening.clocks if opening is not None else []
    case.save()
    # the rows nothing here reads back, in one statement on PostgreSQL (core/queries.py): the
    # form key (a concurrent twin fails on it there, and rolls back), clocks, checks, audit
    # events, and the requester's email and its thread; written before any other statement
    with held_inserts():
        if request.idempotency_key:
            owner = request.actor
            assert isinstance(owner, AbstractBaseUser), "a key belongs to a user (submit_once)"
            insert_models(
                [
                    IntakeKey(
                        owner_id=owner.pk,
                        key=request.idempotency_key,
                        case=case,
                        fingerprint=request.idempotency_fingerprint,
                    )
                ]
            )
        insert_models(clocks)
        _record_checks(case, rulings)
        _record_creation(case, request, consumed)
        _store_attachments(case, request)
        if not request.replay:
            email = opening.email if opening is not None else None
            _tell_requester(case, agent, email, new_case=True)
    return case


def _record_creation(case: Case, request: IntakeRequest, consumed: Consumption | None) -> None:
    """The new case's audit events: made, and assigned when it was."""
    events = [
        Entry(
            actor=request.actor,
            verb="case.created",
            target=case,
            after={
                "status": case.status,
                "intake": case.intake,
                "reason": case.intake_reason,
                "channel": case.channel,
                "consumption": consumed.outcome if consumed else "",
                "split_from": case.split_from.number if case.split_from else "",
            },
        )
    ]
    before, after = changes(
        {"team": None, "assignee": None}, {"team": case.team_id, "assignee": case.assignee_id}
    )
    if after:  # as `auto_assign` records it: by the system
        events.append(Entry(None, "case.assigned", case, before=before, after=after))
    record_many(events, read_back=False)


def _record_checks(case: Case, rulings: Sequence[Ruling]) -> None:
    """The intake trail: one INSERT compiled once (nothing reads the rows back here)."""
    at = timezone.now()  # `checked_at` is auto_now_add
    insert_rows(
        IntakeCheck,
        ["case", "position", "rule", "outcome", "code", "message", "checked_at"],
        [
            (case.pk, r.position, r.rule, r.verdict.outcome, r.verdict.code, r.verdict.message, at)
            for r in rulings
        ],
    )


def _store_attachments(case: Case, request: IntakeRequest) -> None:
    """Each file through the attachments service; one it refuses (too big, a type not taken)
    leaves the case whole, flagged with the reason."""
    if not request.attachments or request.replay:
        return
    from ..attachments import store_attachment

    refused = []
    for name, content in request.attachments:
        try:
            with transaction.atomic():
                store_attachment(case, (name, content), actor=request.actor)
        except TicketsError as error:
            refused.append(error.message)
    if refused:
        case.flags = [*case.flags, "attachment_refused"]
        case.save(update_fields=["flags", "updated_at"])
        IntakeCheck.objects.create(
            case=case,
            position=0,
            rule="attachments",
            outcome=Outcome.FLAG,
            code="attachment_refused",
            message="\n".join(refused),
        )


def _tell_requester(
    case: Case,
    agent: Agent | None = None,
    rendered: RenderedEmail | None = None,
    *,
    new_case: bool = False,
) -> None:
    """The requester's email about the intake (`rendered`: its "received" email, rendered
    before the transaction for the same case and agent; `new_case`: the case was just made)."""
    if case.intake == Case.Intake.ACCEPTED or case.status == Status.OPEN:
        received = received_context(agent)
        notify_requester(case, "received", received, rendered=rendered, new_case=new_case)
    elif case.intake == Case.Intake.PARKED:
        notify_requester(case, "parked", new_case=new_case)
        if case.status == Status.PENDING_VERIFICATION and case.intake_reason != SENDER_UNVERIFIED:
            _ask_verifiers(case)
    else:
        notify_requester(case, "refused", new_case=new_case)


def _ask_verifiers(case: Case) -> None:
    """Seed 002: the USR verifies a case reported by someone else."""
    from tiquetera.notifications.services import queue_email

    verifiers = case.organization.contacts.filter(is_active=True).exclude(email="")
    for contact in verifiers:
        if contact.role == Contact.Role.USR or contact.may_verify_cases:
            queue_email(
                "case_verification_requested",
                to=contact.email,
                context={"case": case, "contact": contact, "site_url": settings.SITE_URL},
                language=contact.language or settings.LANGUAGE_CODE,
                organization=case.organization,
                headers={"X-Tiquetera-Case": case.number},
            )


# --- coming back from a park -------------------------------------------------------------------
def may_verify(user: Actor, case: Case) -> bool:
    """An agent, or a contact of the case's organization who is its USR or may verify cases;
    only an agent for a case whose email's sender was not verified (`decide_sender`)."""
    if is_agent(user):
        return True
    if case.intake_reason == SENDER_UNVERIFIED:
        return False
    contact = getattr(user, "contact", None)
    return bool(
        contact is not None
        and contact.is_active
        and contact.organization_id == case.organization_id
        and (contact.role == Contact.Role.USR or contact.may_verify_cases)
    )


def verify_case(case: Case, *, actor: Actor, approve: bool, note: str = "") -> Case:
    """Seed 002: the USR verifies (the rules run again, the requester rule passing) or declines
    (the case is invalid) a case reported by someone not authorized."""
    if not may_verify(actor, case):
        raise IntakeError("not_allowed")
    with transaction.atomic():
        case = _locked_pending(case, {Status.PENDING_VERIFICATION})
        with translation.override(case.language or settings.LANGUAGE_CODE):
            from django.utils.translation import gettext as _

            if not approve:
                message = _(
                    "Your organization's supervisor did not verify this case, so it will not be "
                    "attended. Ask your supervisor (USR) to open it if it is needed."
                )
                return _settle(case, Status.INVALID, "not_verified", message, actor, note)
            IntakeCheck.objects.create(
                case=case,
                position=0,
                rule="requester",
                outcome=Outcome.PASS,
                code="verified",
                message=_("Verified by %(who)s.") % {"who": _who(actor)},
            )
            return _rerun(case, actor, note or "verified")


def supply_information(
    case: Case,
    *,
    actor: Actor,
    fields: Mapping[str, str] | None = None,
    description: str = "",
    prerequisites_done: Sequence[str] = (),
    requester_phone: str = "",
) -> Case:
    """The requester (or an agent for them) completes a case parked for information: fields
    are merged, a description is added below the one given; the rules run again."""
    extra, _flags = cleaned(
        IntakeRequest(
            channel=case.channel,
            subject=case.subject,
            description=description,
            fields=dict(fields or {}),
            prerequisites_done=prerequisites_done,
            requester_phone=requester_phone,
        )
    )
    with transaction.atomic():
        case = _locked_pending(case, {Status.PENDING_INFORMATION})
        case.fields = {**case.fields, **extra.fields}
        case.description = "\n\n".join(filter(None, [case.description, extra.description]))
        case.prerequisites_done = list(
            dict.fromkeys([*case.prerequisites_done, *extra.prerequisites_done])
        )
        if extra.requester_phone:
            case.requester_phone = extra.requester_phone
        case.save()
        with translation.override(case.language or settings.LANGUAGE_CODE):
            return _rerun(case, actor, "information_supplied")


def answer_consent(case: Case, *, accepted: bool, actor: Actor) -> Case:
    """Seed 002: out-of-scope work goes to the partner only with the client's consent."""
    with transaction.atomic():
        case = _locked_pending(case, {Status.PENDING_CONSENT})
        with translation.override(case.language or settings.LANGUAGE_CODE):
            from django.utils.translation import gettext as _

            if accepted:
                message = _("With your consent, the case has been referred to our partner.")
                return _settle(case, Status.REFERRED, "referred", message, actor, "consent")
            message = _("You declined the referral, so the case is closed without action.")
            return _settle(case, Status.REJECTED, "consent_declined", message, actor, "consent")


def release_case(case: Case, *, actor: Actor) -> Case | None:
    """A case that waited for its purchase order or for the client to accept a price opens once
    its consumption is released (contracts' `consumptions_released`): intake accepted, one
    status change (its SLA clocks start now: the wait never counts), the requester told, and
    auto-assignment. None when the case is not waiting any more (it was released already)."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update().select_related("organization__policy").get(pk=case.pk)
        )
        if case.status not in BILLABLE_WAIT:
            return None
        case.intake, case.intake_reason, case.intake_message = Case.Intake.ACCEPTED, "", ""
        case.save(update_fields=["intake", "intake_reason", "intake_message", "updated_at"])
        reason = "purchase_order" if case.status == Status.PENDING_PURCHASE_ORDER else "accepted"
        change_status(case, Status.OPEN, actor=actor, reason=reason)
        with translation.override(case.language or settings.LANGUAGE_CODE):
            notify_requester(case, "received")
        auto_assign(case)
    return case


BILLABLE_WAIT = frozenset({Status.PENDING_PURCHASE_ORDER, Status.PENDING_ACCEPTANCE})


def decline_billable(case: Case, *, actor: Actor) -> Case:
    """The client declines the price (or will send no purchase order): the case is closed as
    refused, nothing is billed, one status change, the requester told."""
    from tiquetera.contracts.services import decline_offer

    with transaction.atomic():
        case = _locked_pending(case, set(BILLABLE_WAIT))
        if case.consumption is not None:
            decline_offer(
                case.consumption, actor=actor if isinstance(actor, AbstractBaseUser) else None
            )
        with translation.override(case.language or settings.LANGUAGE_CODE):
            from django.utils.translation import gettext as _

            message = _("You declined the service's price, so the case is closed without action.")
            return _settle(case, Status.REJECTED, "price_declined", message, actor, "declined")


def record_urgency_notice(case: Case, *, actor: Actor, channel: str) -> Case:
    """Seed 002: an agent records the phone or chat notice that comes with an urgency."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        case.urgency_notified_at = timezone.now()
        case.flags = [f for f in case.flags if f != "urgency_notice_pending"]
        case.save(update_fields=["urgency_notified_at", "flags", "updated_at"])
        record(actor=actor, verb="case.urgency_notified", target=case, after={"channel": channel})
    return case


def _locked_pending(case: Case, statuses: set[str]) -> Case:
    locked = Case.objects.select_for_update().select_related("organization__policy").get(pk=case.pk)
    if locked.status not in statuses:
        raise IntakeError("not_pending", number=locked.number, status=locked.get_status_display())
    return locked


def _who(actor: Actor) -> str:
    if isinstance(actor, AbstractBaseUser):
        return actor.get_full_name() or actor.get_username()  # type: ignore[attr-defined]
    return "—"


def _settle(case: Case, status: str, code: str, message: str, actor: Actor, note: str) -> Case:
    """End a parked case by a decision (declined verification, consent): one status change, its
    one audit event carrying the intake outcome that changed with it."""
    intake = Case.Intake.REFUSED if status != Status.REFERRED else Case.Intake.ACCEPTED
    move(
        case,
        Status(status),
        actor=actor,
        note=note,
        intake=intake,
        intake_reason=code,
        intake_message=message,
    )
    # a referred case is not attended here either: the requester reads why (referred), not that
    # an agent will take it
    notify_requester(case, "refused")
    return case


def _rerun(case: Case, actor: Actor, note: str) -> Case:
    """Run the rules again on the stored case and move it where they say: one audit event."""
    request = IntakeRequest.of_case(case, actor=actor)  # judged as it arrived
    known = catalogue_at(case.policy_id, case.created_at)  # by the rules in force then
    draft = draft_of(request, case.organization, case.requester, [], known)
    draft.verified = case.intake_checks.filter(code="verified").exists()
    draft.urgency_notified = case.urgency_notified_at is not None
    rulings = run_rules(draft, known.checked_rules)
    intake, deciding, message = decision(rulings)
    before = case.status
    case.intake, case.intake_message = intake, message
    case.intake_reason = deciding.code if deciding else ""
    case.status = deciding.status if deciding else Status.OPEN
    case.flags = list(
        dict.fromkeys(
            [*case.flags, *(r.verdict.code for r in rulings if r.verdict.outcome == Outcome.FLAG)]
        )
    )
    if intake == Case.Intake.ACCEPTED and case.consumption_id is None:
        consume_for(case, draft)
    target = case.status
    case.status = before  # change_status moves it, with the one audit event
    case.save()
    _record_checks(case, rulings)
    if target != before:
        change_status(case, target, actor=actor, reason=note)
    else:
        record(actor=actor, verb="case.intake_rerun", target=case, note=note)
    _tell_requester(case)
    if case.status == Status.OPEN:
        auto_assign(case)
    return case


__all__ = [
    "PENDING",
    "SENDER_UNVERIFIED",
    "IntakeError",
    "IntakeRequest",
    "answer_consent",
    "arrived",
    "decide_sender",
    "decline_billable",
    "identify",
    "record_urgency_notice",
    "release_case",
    "store_raw",
    "submit",
    "supply_information",
    "unverified_email_policy",
    "verify_case",
]
