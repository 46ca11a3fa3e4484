"""Reading cases for the desk and the portal: one case as a viewer may see it, and its history."""

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import QuerySet, prefetch_related_objects

from tiquetera.audit.models import AuditEvent
from tiquetera.audit.selectors import history_of
from tiquetera.core.permissions import is_agent
from tiquetera.core.queries import Prepared
from tiquetera.directory.models import Contact

from .models import Article, Attachment, Case
from .permissions import can_view_case, client_contact, follows_all_cases

WRITTEN = ("case.replied", "case.noted")  # an article's own event: the article says it


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a case's history: an audit event or an article, at `when`."""

    when: dt.datetime
    kind: Literal["event", "article"]
    event: AuditEvent | None = None
    article: Article | None = None

    @property
    def sort_key(self) -> tuple[dt.datetime, int, int]:
        # same instant: the article first (its service writes it before its audit event)
        item = self.article if self.article is not None else self.event
        assert item is not None
        return (self.when, 0 if self.kind == "article" else 1, item.pk)


def cases_followed_by(contact: Contact) -> QuerySet[Case]:
    """The cases a client's contact follows (`permissions.follows_case` as a query): their own,
    or all of the organization's when they follow all of it."""
    cases = Case.objects.filter(organization_id=contact.organization_id)
    return cases if follows_all_cases(contact) else cases.filter(requester=contact)


def visible_cases(viewer: Any) -> QuerySet[Case]:
    """The cases `viewer` may see (the same rule as `can_view_case`): every case for an agent,
    the cases they follow for a client's contact, none for anyone else."""
    if is_agent(viewer):
        return Case.objects.all()
    contact = client_contact(viewer)
    return cases_followed_by(contact) if contact is not None else Case.objects.none()


# Read on every case page (the desk's and the portal's) and its htmx parts: compiled once per
# connection (core/queries.py), which costs more than PostgreSQL answering them.
_BY_NUMBER = Prepared(
    lambda number: (
        Case.objects.filter(number=number)
        .select_related("organization", "requester", "assignee", "team")
        .order_by()[:2]
    ),
    str,
)
_FILES = Prepared(
    lambda case_id: Attachment.objects.filter(case_id=case_id, article__isnull=True).order_by(
        "created_at", "pk"
    ),
    int,
)
_ARTICLES = Prepared(
    lambda case_id: (
        Article.objects.filter(case_id=case_id)
        .select_related("author", "author_contact")
        .order_by("created_at", "pk")
    ),
    int,
)
_ARTICLES_OF_KIND = Prepared(
    lambda case_id, kind: (
        Article.objects.filter(case_id=case_id, kind=kind)
        .select_related("author", "author_contact")
        .order_by("created_at", "pk")
    ),
    int,
    str,
)


def case_for(viewer: Any, number: str) -> Case | None:
    """The case numbered `number` if `viewer` may see it, else None. Numbers are unique per
    policy: when several policies share the number, None unless exactly one case has it."""
    cases = _BY_NUMBER.all(number)
    if len(cases) != 1 or not can_view_case(viewer, cases[0]):
        return None
    return cases[0]  # type: ignore[no-any-return]


def files_sent_with(case: Case) -> list[Attachment]:
    """The files that came with the case itself (the intake's), not with a reply or a note."""
    return _FILES.all(case.pk)  # type: ignore[no-any-return]


def case_history(case: Case, *, viewer: Any) -> list[HistoryEntry]:
    """The case's audit events and articles merged oldest first (ties: articles, then by id),
    in three queries whatever their number: events, articles, their attachments (none without
    articles). A viewer who is not an agent gets the events of their organization and the
    public replies only. A reply or a note is its article's line: the event that says it was
    written ("case.replied", "case.noted") stays in the audit log, not in the conversation."""
    events = history_of(case, viewer)
    if is_agent(viewer):
        articles = _ARTICLES.all(case.pk)
    else:
        articles = _ARTICLES_OF_KIND.all(case.pk, Article.Kind.REPLY.value)
    prefetch_related_objects(articles, "attachments")
    shown = {article.pk for article in articles}
    entries = [
        HistoryEntry(when=event.at, kind="event", event=event)
        for event in events
        if not (event.verb in WRITTEN and event.after.get("article") in shown)
    ]
    entries += [
        HistoryEntry(when=article.created_at, kind="article", article=article)
        for article in articles
    ]
    return sorted(entries, key=lambda entry: entry.sort_key)
