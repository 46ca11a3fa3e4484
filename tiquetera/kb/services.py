"""Every change to the knowledge base: entries written, published and withdrawn, the
feature-request cases an announcement resolves and their requesters told, readers' ratings.

Writes are for agents (`actor` is an agent) except ratings, which any reader who may see a
published entry leaves. Each change writes one audit event in its own transaction.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tiquetera.audit.services import changes, record, snapshot
from tiquetera.core.permissions import is_agent
from tiquetera.policy.models import Policy
from tiquetera.tickets.articles import add_event
from tiquetera.tickets.models import Case, CaseType
from tiquetera.tickets.notify import notify_requester

from .errors import KbError
from .models import RESERVED_SLUGS, Category, Entry, Rating, ResolvedCase
from .selectors import visible_entries

Actor = AbstractBaseUser | AnonymousUser | None

EDITABLE = ("title", "slug", "body_markdown", "category", "visibility", "kind")
MAX_COMMENT_CHARS = 1000
SLUG_LENGTH = Entry._meta.get_field("slug").max_length or 80


def create_entry(
    policy: Policy,
    *,
    title: str,
    body_markdown: str = "",
    kind: str = Entry.Kind.ARTICLE,
    category: Category | None = None,
    visibility: str = Entry.Visibility.CLIENTS,
    slug: str = "",
    actor: Actor,
) -> Entry:
    """Write a draft article or announcement in `policy`'s knowledge base. Without a `slug`,
    one is made from the title (made unique with a number). One "kb.entry_created" event.
    KbError "agents_only", "title_required", "bad_slug", "slug_reserved",
    "slug_taken", "other_policy_category", "invalid_choice" (nothing written)."""
    _ensure_agent(actor)
    entry = Entry(
        policy=policy,
        kind=kind,
        category=category,
        title=title.strip(),
        body_markdown=body_markdown,
        visibility=visibility,
        author=actor if isinstance(actor, User) else None,
    )
    entry.slug = slug.strip() or _free_slug(entry.title)
    _check(entry)
    with transaction.atomic():
        _save(entry)
        record(
            actor=actor,
            verb="kb.entry_created",
            target=entry,
            after=snapshot(entry, ["kind", "title", "slug", "category", "visibility"]),
        )
    return entry


def update_entry(entry: Entry, *, actor: Actor, **fields: Any) -> Entry:
    """Change any of `EDITABLE` of `entry` (its status has its own services). One
    "kb.entry_changed" event with what changed; nothing written when nothing changed. KbError
    "agents_only", "unknown_field" and those of `create_entry`."""
    _ensure_agent(actor)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise KbError("unknown_field", field=", ".join(sorted(unknown)))
    before = snapshot(entry, list(fields))
    for name, value in fields.items():
        setattr(entry, name, value.strip() if name in ("title", "slug") else value)
    _check(entry)
    old, new = changes(before, snapshot(entry, list(fields)))
    if not new:
        return entry
    with transaction.atomic():
        _save(entry)
        record(actor=actor, verb="kb.entry_changed", target=entry, before=old, after=new)
    return entry


def publish_entry(entry: Entry, *, actor: Actor) -> Entry:
    """Publish `entry` (its first publication sets `published_at`). An announcement then tells
    the requesters of the feature requests it resolves (see `notify_resolved_requesters`). One
    "kb.entry_published" event; publishing a published entry changes nothing (but still tells
    requesters not told yet). KbError "agents_only"."""
    _ensure_agent(actor)
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if not locked.is_published:
            locked.status = Entry.Status.PUBLISHED
            locked.published_at = locked.published_at or timezone.now()
            locked.save(update_fields=["status", "published_at", "updated_at"])
            record(
                actor=actor,
                verb="kb.entry_published",
                target=locked,
                before={"status": Entry.Status.DRAFT},
                after={"status": locked.status, "published_at": locked.published_at},
            )
        if locked.kind == Entry.Kind.ANNOUNCEMENT:
            notify_resolved_requesters(locked, actor=actor)
    entry.status, entry.published_at = locked.status, locked.published_at
    return entry


def unpublish_entry(entry: Entry, *, actor: Actor) -> Entry:
    """Take `entry` back to draft (readers no longer see it; `published_at` is kept). One
    "kb.entry_unpublished" event when it was published. KbError "agents_only"."""
    _ensure_agent(actor)
    with transaction.atomic():
        if Entry.objects.filter(pk=entry.pk, status=Entry.Status.PUBLISHED).update(
            status=Entry.Status.DRAFT, updated_at=timezone.now()
        ):
            entry.status = Entry.Status.DRAFT
            record(
                actor=actor,
                verb="kb.entry_unpublished",
                target=entry,
                before={"status": Entry.Status.PUBLISHED},
                after={"status": Entry.Status.DRAFT},
            )
    return entry


def resolution_problem(entry: Entry, case: Case) -> KbError | None:
    """Why `entry` cannot resolve `case`, or None: only an announcement resolves, and only
    feature requests (a case type of kind "feature") of its own policy."""
    if entry.kind != Entry.Kind.ANNOUNCEMENT:
        return KbError("not_an_announcement")
    if case.policy_id != entry.policy_id:
        return KbError("other_policy_case", number=case.number)
    is_feature = CaseType.objects.filter(
        policy_id=case.policy_id, key=case.case_type, kind=CaseType.Kind.FEATURE
    ).exists()
    if not is_feature:
        return KbError("not_a_feature_request", number=case.number)
    return None


def link_resolved_cases(entry: Entry, cases: Iterable[Case], *, actor: Actor) -> int:
    """Say the announcement `entry` resolves these feature-request `cases` (cases already
    linked are skipped). When it is already published, their requesters are told now. Returns
    how many cases were linked; one "kb.cases_linked" event when any was. The cases' status
    does not change: resolving a feature request is an agent's act on the case. KbError
    "agents_only", "not_an_announcement", "not_a_feature_request", "other_policy_case"
    (nothing written)."""
    _ensure_agent(actor)
    cases = list(cases)
    for case in cases:
        if (problem := resolution_problem(entry, case)) is not None:
            raise problem
    with transaction.atomic():
        linked = set(entry.resolutions.values_list("case_id", flat=True))
        new = [case for case in dict.fromkeys(cases) if case.pk not in linked]
        ResolvedCase.objects.bulk_create([ResolvedCase(entry=entry, case=case) for case in new])
        if new:
            record(
                actor=actor,
                verb="kb.cases_linked",
                target=entry,
                after={"cases": [case.number for case in new]},
            )
        if new and Entry.objects.filter(pk=entry.pk, status=Entry.Status.PUBLISHED).exists():
            notify_resolved_requesters(entry, actor=actor)
    return len(new)


def notify_resolved_requesters(entry: Entry, *, actor: Actor) -> int:
    """Tell the requester of each feature request the published announcement `entry` resolves
    ("case_kb_announcement" email, in the case's language) and write an event on the case.
    Each link is claimed by a conditional UPDATE of `notified_at`, so a requester is told once
    however often this runs, even twice at once. Returns how many cases were told; one
    "kb.requesters_notified" event when any was. A draft tells no one."""
    if not Entry.objects.filter(pk=entry.pk, status=Entry.Status.PUBLISHED).exists():
        return 0
    now = timezone.now()
    with transaction.atomic():
        waiting = list(
            ResolvedCase.objects.filter(entry=entry, notified_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        claimed = ResolvedCase.objects.filter(pk__in=waiting, notified_at__isnull=True)
        if not claimed.update(notified_at=now):
            return 0
        resolutions = list(
            ResolvedCase.objects.filter(pk__in=waiting, notified_at=now)
            .select_related("case__organization", "case__requester")
            .order_by("case__number")
        )
        url = settings.SITE_URL + reverse("kb:entry", args=[entry.slug])
        for resolution in resolutions:
            case = resolution.case
            email = notify_requester(case, "kb_announcement", {"entry": entry, "entry_url": url})
            with translation.override(settings.LANGUAGE_CODE):
                text = (
                    _("Announcement “%(title)s” published: it resolves this feature request. "
                      "The requester was told by email.")
                    if email is not None
                    else _("Announcement “%(title)s” published: it resolves this feature "
                           "request. The requester has no email address to tell.")
                )  # fmt: skip
                add_event(case, text=text % {"title": entry.title}, actor=actor)
        record(
            actor=actor,
            verb="kb.requesters_notified",
            target=entry,
            after={"cases": [resolution.case.number for resolution in resolutions]},
        )
    return len(resolutions)


def rate_entry(
    entry: Entry,
    *,
    useful: bool,
    comment: str = "",
    actor: Actor,
    session_key: str = "",
) -> Rating:
    """Record whether a reader found the published `entry` useful: one rating per signed-in
    user, or per anonymous `session_key`; rating again replaces the rating. One "kb.rated"
    event. KbError "not_visible" (the reader may not see it), "not_published",
    "comment_too_long"."""
    comment = comment.replace("\x00", "").strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise KbError("comment_too_long", limit=MAX_COMMENT_CHARS)
    if not visible_entries(actor).filter(pk=entry.pk).exists():
        raise KbError("not_visible")
    if not entry.is_published:
        raise KbError("not_published")
    user = actor if getattr(actor, "is_authenticated", False) else None
    if user is None and not session_key:
        raise KbError("not_visible")
    rater = {"user": user} if user is not None else {"user": None, "session_key": session_key}
    with transaction.atomic():
        rating = Rating.objects.select_for_update().filter(entry=entry, **rater).first()
        before = {"useful": rating.useful, "comment": rating.comment} if rating else {}
        if rating is None:
            rating = Rating.objects.create(entry=entry, useful=useful, comment=comment, **rater)
        else:
            rating.useful, rating.comment = useful, comment
            rating.save(update_fields=["useful", "comment", "updated_at"])
        record(
            actor=actor,
            verb="kb.rated",
            target=entry,
            before=before,
            after={"useful": useful, "comment": comment},
        )
    return rating


def _ensure_agent(actor: Actor) -> None:
    if not is_agent(actor):
        raise KbError("agents_only")


def _check(entry: Entry) -> None:
    if not entry.title:
        raise KbError("title_required")
    if entry.kind not in Entry.Kind.values:
        raise KbError("invalid_choice", value=entry.kind, field="kind")
    if entry.visibility not in Entry.Visibility.values:
        raise KbError("invalid_choice", value=entry.visibility, field="visibility")
    if slugify(entry.slug) != entry.slug or len(entry.slug) > SLUG_LENGTH:
        raise KbError("bad_slug", slug=entry.slug)
    if entry.slug in RESERVED_SLUGS:
        raise KbError("slug_reserved", slug=entry.slug)
    if Entry.objects.filter(slug=entry.slug).exclude(pk=entry.pk).exists():
        raise KbError("slug_taken", slug=entry.slug)
    if entry.category is not None and entry.category.policy_id != entry.policy_id:
        raise KbError("other_policy_category", category=entry.category)


def _save(entry: Entry) -> None:
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:  # the same slug taken by another writer just now
        raise KbError("slug_taken", slug=entry.slug) from None


def _free_slug(title: str) -> str:
    base = (slugify(title) or "entry")[: SLUG_LENGTH - 4].strip("-")
    if base in RESERVED_SLUGS:
        base = f"{base}-1"
    taken = set(Entry.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
