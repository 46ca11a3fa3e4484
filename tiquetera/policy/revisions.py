"""Dated policies (seed 003: "los cambios que estarán vigentes a partir del 1 de julio").

Every file loaded is kept as a `PolicyRevision` (its text, checksum, who loaded it and when). A
file whose `[policy] effective_from` is still to come is not loaded: it is scheduled, and the
worker (`tasks.apply_policy_revisions`, or `tiquetera policy apply-due`) loads it once that
moment has come — exactly once, even with several workers, since each claims the row it applies.

What a case gets is what was in force at its arrival (`in_force`): the intake applies a due
revision before it takes a case in (`apply_due_first`), so a case that arrives after the moment
gets the new rules even before the worker's next run; a case that arrived before the moment and
runs through the rules again after it (parked, then let in; an email fetched late) is judged by
the revision in force when it arrived, built from that revision's text (docs/policy.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Min, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from tiquetera.audit.services import record

from .cache import cached, unpin
from .models import Policy, PolicyRevision
from .problems import PolicyFileError, Problem
from .schema import PolicyFile, parse_policy
from .services import LoadReport, load_policy

State = PolicyRevision.State
EFFECTIVE_FROM = ("policy", "effective_from")


class RevisionError(Exception):
    """A revision that cannot be cancelled: `message` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Loaded:
    """What `load_file` did: loaded the file now (`report`), or scheduled it (`report` None)."""

    revision: PolicyRevision | None  # None: loaded the same file as the current revision
    report: LoadReport | None = None
    already_scheduled: bool = False  # the same file was scheduled for that moment before

    @property
    def scheduled(self) -> bool:
        return self.report is None


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_revision(slug: str) -> PolicyRevision | None:
    """The revision in force: the last one applied (None before the first recorded load)."""
    return (
        PolicyRevision.objects.filter(slug=slug, state=State.APPLIED)
        .select_related("loaded_by")
        .order_by("-applied_at", "-pk")
        .first()
    )


def scheduled_revisions(slug: str) -> list[PolicyRevision]:
    return list(
        PolicyRevision.objects.filter(slug=slug, state=State.SCHEDULED)
        .select_related("loaded_by", "policy")
        .order_by("effective_from", "pk")
    )


# --- checking ----------------------------------------------------------------------------------
def dated_problems(policy_file: PolicyFile, *, now: dt.datetime) -> list[Problem]:
    """`effective_from` already past is a mistake (a file meant for a date that went by), unless
    it is the moment of the revision in force: the file that was scheduled, checked again."""
    moment = policy_file.document.policy.effective_moment()
    if moment is None or moment > now:
        return []
    current = current_revision(policy_file.document.policy.slug)
    if current is not None and current.effective_from == moment:
        return []
    message = _(
        "The date %(date)s has already passed: a policy cannot take effect in the past. Write a "
        "date to come, or leave effective_from out to load the file now."
    ) % {"date": policy_file.document.policy.effective_from}
    return [Problem(EFFECTIVE_FROM, message, policy_file.line(EFFECTIVE_FROM))]


def check_dated(policy_file: PolicyFile, *, now: dt.datetime) -> None:
    if problems := dated_problems(policy_file, now=now):
        raise PolicyFileError(policy_file.filename, problems)


# --- loading and scheduling --------------------------------------------------------------------
def load_file(
    policy_file: PolicyFile,
    *,
    actor: AbstractBaseUser | None = None,
    now: dt.datetime | None = None,
) -> Loaded:
    """Load the checked file now, or schedule it when its `effective_from` is to come. Raises
    `PolicyFileError` for a moment already past (`dated_problems`) or for a moment another file
    is scheduled at; nothing is loaded then."""
    now = now or timezone.now()
    check_dated(policy_file, now=now)
    moment = policy_file.document.policy.effective_moment()
    if moment is not None and moment > now:
        return _schedule(policy_file, moment, actor=actor, now=now)
    with transaction.atomic():
        report = load_policy(policy_file.document, source=policy_file.source, actor=actor)
        revision = _record_applied(policy_file, report.policy, moment, actor=actor, now=now)
    return Loaded(revision, report)


def _record_applied(
    policy_file: PolicyFile,
    policy: Policy,
    moment: dt.datetime | None,
    *,
    actor: AbstractBaseUser | None,
    now: dt.datetime,
) -> PolicyRevision | None:
    """The file loaded now as the policy's current revision (none when it is the same file)."""
    digest = checksum(policy_file.text)
    current = current_revision(policy.slug)
    if current is not None and current.checksum == digest:
        return None
    revision = PolicyRevision.objects.create(
        slug=policy.slug,
        policy=policy,
        source=policy_file.source,
        text=policy_file.text,
        checksum=digest,
        effective_from=moment,
        state=State.APPLIED,
        loaded_at=now,
        loaded_by_id=actor.pk if actor else None,
        applied_at=now,
    )
    Policy.bump_revision(policy.pk)  # the revisions in force changed (`in_force`)
    return revision


def _schedule(
    policy_file: PolicyFile,
    moment: dt.datetime,
    *,
    actor: AbstractBaseUser | None,
    now: dt.datetime,
) -> Loaded:
    slug = policy_file.document.policy.slug
    digest = checksum(policy_file.text)
    with transaction.atomic():
        policy = Policy.objects.select_for_update().filter(slug=slug).first()
        pending = PolicyRevision.objects.filter(
            slug=slug, state=State.SCHEDULED, effective_from=moment
        ).first()
        if pending is not None and pending.checksum == digest:
            return Loaded(pending, already_scheduled=True)
        if pending is not None:
            message = _(
                "Another file is already scheduled to take effect at that moment (revision "
                "%(id)s). Cancel it first with “tiquetera policy unschedule %(id)s”."
            ) % {"id": pending.pk}
            line = policy_file.line(EFFECTIVE_FROM)
            raise PolicyFileError(policy_file.filename, [Problem(EFFECTIVE_FROM, message, line)])
        revision = PolicyRevision.objects.create(
            slug=slug,
            policy=policy,
            source=policy_file.source,
            text=policy_file.text,
            checksum=digest,
            effective_from=moment,
            state=State.SCHEDULED,
            loaded_at=now,
            loaded_by_id=actor.pk if actor else None,
        )
        record(
            actor=actor,
            verb="policy.revision_scheduled",
            target=revision,
            after={"source": revision.source, "effective_from": moment.isoformat()},
        )
        _revisions_changed(slug)
    return Loaded(revision)


# --- applying ----------------------------------------------------------------------------------
def _due(now: dt.datetime) -> QuerySet[PolicyRevision]:
    return PolicyRevision.objects.filter(state=State.SCHEDULED, effective_from__lte=now)


def apply_due_revisions(now: dt.datetime, *, wait: bool = False) -> list[PolicyRevision]:
    """Load every scheduled revision whose moment has come, oldest moment first (a worker that
    was down catches up in order, the latest winning). Each is claimed with a row lock and
    applied in its own transaction, so two workers never apply one twice: the worker skips a
    revision another process holds; with `wait` (the intake) the call waits for that process
    to finish, so it returns with every due revision applied. A revision that no longer loads
    (a plan it drops is still in use …) is marked failed with the reason, and the rules in
    force stay. Returns the revisions this call applied or failed."""
    due = list(_due(now).order_by("effective_from", "pk").values_list("pk", flat=True))
    done = [_apply(pk, now, wait=wait) for pk in due]
    return [revision for revision in done if revision is not None]


def apply_due_first(policy_id: int, now: dt.datetime) -> None:
    """The intake's guard (the worker runs once a minute): apply what is due before a case of
    the policy is taken in. The policy's next scheduled moment is kept with its cached rules
    (`policy.cache`): scheduling, cancelling and applying a revision give the policy a new
    revision, so every process sees it at its next intake; until a moment comes, no read."""
    moment = cached(policy_id, "next_scheduled_revision", _next_scheduled)
    if moment is None or moment > now:
        return
    apply_due_revisions(now, wait=True)
    unpin(policy_id)  # the rules this intake reads are the ones just applied


def _next_scheduled(policy_id: int) -> dt.datetime | None:
    slug = Policy.objects.filter(pk=policy_id).values("slug")[:1]
    scheduled = PolicyRevision.objects.filter(slug=Subquery(slug), state=State.SCHEDULED)
    return scheduled.aggregate(moment=Min("effective_from"))["moment"]  # type: ignore[no-any-return]


def _revisions_changed(slug: str) -> None:
    """A revision of the policy `slug` was scheduled, cancelled, applied or failed: every process
    reads the revisions in force and the next scheduled moment again (`apply_due_first`)."""
    for policy_id in Policy.objects.filter(slug=slug).values_list("pk", flat=True):
        Policy.bump_revision(policy_id)


def _apply(pk: int, now: dt.datetime, *, wait: bool = False) -> PolicyRevision | None:
    with transaction.atomic():
        revision = (
            PolicyRevision.objects.select_for_update(skip_locked=not wait)
            .filter(pk=pk, state=State.SCHEDULED)
            .first()
        )
        if revision is None:  # another worker holds it, or has applied it already
            return None
        try:
            with transaction.atomic():
                document = parse_policy(revision.text, revision.source)
                report = load_policy(document, source=revision.source)
        except PolicyFileError as error:
            revision.state, revision.error = State.FAILED, "\n".join(error.lines())
            record(actor=None, verb="policy.revision_failed", target=revision, note=revision.error)
        else:
            revision.state, revision.policy, revision.applied_at = State.APPLIED, report.policy, now
            record(
                actor=None,
                verb="policy.revision_applied",
                target=revision,
                after={"created": report.created, "updated": report.updated},
            )
        revision.save()
        _revisions_changed(revision.slug)  # the revisions in force changed
    return revision


def unschedule(revision_id: int, *, actor: AbstractBaseUser | None = None) -> PolicyRevision:
    """Cancel a scheduled revision: it will never be applied (it stays listed as cancelled)."""
    with transaction.atomic():
        revision = PolicyRevision.objects.select_for_update().filter(pk=revision_id).first()
        if revision is None:
            raise RevisionError(_("There is no policy revision %(id)s.") % {"id": revision_id})
        if revision.state != State.SCHEDULED:
            raise RevisionError(
                _("Revision %(id)s is not scheduled (it is %(state)s): there is nothing to cancel.")
                % {"id": revision.pk, "state": revision.get_state_display()}
            )
        revision.state, revision.cancelled_at = State.CANCELLED, timezone.now()
        revision.save(update_fields=["state", "cancelled_at"])
        record(actor=actor, verb="policy.revision_cancelled", target=revision)
        _revisions_changed(revision.slug)
    return revision
