"""What a viewer may read in the knowledge base, and the queries the pages need.

Anonymous visitors (and signed-in users who are neither agents nor clients' contacts) see the
published public entries; a client's contact also sees the published entries for clients of
their organization's policy; agents see everything, drafts included."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Case as Switch
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from tiquetera.core.permissions import is_agent
from tiquetera.core.search import fts5_match, is_postgresql, words
from tiquetera.tickets.permissions import client_contact

from .models import Category, Entry, Rating

RELATED_LIMIT = 5
Visibility = Entry.Visibility


def visible_entries(viewer: Any) -> QuerySet[Entry]:
    """The entries `viewer` (a user, possibly anonymous, or None) may read."""
    entries = Entry.objects.select_related("category", "policy")
    if viewer is not None and is_agent(viewer):
        return entries
    readable = Q(visibility=Visibility.PUBLIC)
    contact = client_contact(viewer)
    if contact is not None:
        readable |= Q(visibility=Visibility.CLIENTS, policy_id=contact.organization.policy_id)
    return entries.filter(readable, status=Entry.Status.PUBLISHED)


def entry_for(viewer: Any, slug: str) -> Entry | None:
    """The entry at `slug` if `viewer` may read it, else None."""
    return visible_entries(viewer).filter(slug=slug).first()


def articles(viewer: Any, *, category: Category | None = None) -> QuerySet[Entry]:
    """The articles `viewer` may read, by category position then title."""
    found = visible_entries(viewer).filter(kind=Entry.Kind.ARTICLE)
    if category is not None:
        found = found.filter(category=category)
    return found.order_by("category__position", "category__name", "title")


def announcements(viewer: Any) -> QuerySet[Entry]:
    """The announcements `viewer` may read, newest first (drafts, for agents, at the top)."""
    return (
        visible_entries(viewer)
        .filter(kind=Entry.Kind.ANNOUNCEMENT)
        .order_by("status", "-published_at", "-created_at")  # "draft" sorts first
    )


def categories(viewer: Any) -> QuerySet[Category]:
    """The categories holding at least one article `viewer` may read, with how many."""
    readable = articles(viewer).filter(category=OuterRef("pk"))
    return (
        Category.objects.filter(Exists(readable))
        .annotate(
            article_count=Count(
                "entries", filter=Q(entries__in=articles(viewer).values("pk")), distinct=True
            )
        )
        .order_by("position", "name")
    )


def search(viewer: Any, query: str) -> QuerySet[Entry]:
    """Entries `viewer` may read whose title or text has the words of `query` (full text: on
    PostgreSQL Spanish stems without accents, on SQLite FTS5 prefixes without accents) or
    contains it as typed, those matching by title first. One query, on SQLite and PostgreSQL."""
    query = query.strip()
    if not query:
        return visible_entries(viewer).none()
    condition = Q(title__icontains=query) | Q(body_markdown__icontains=query)
    if words(query):
        condition |= Q(pk__in=_full_text(query))
    return (
        visible_entries(viewer)
        .filter(condition)
        .annotate(
            title_rank=Switch(
                When(title__icontains=query, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("title_rank", "title")
    )


def _full_text(query: str) -> RawSQL:
    if is_postgresql():
        return RawSQL(
            "SELECT id FROM kb_entry WHERE to_tsvector('tiq_spanish', title || ' ' || "
            "body_markdown) @@ websearch_to_tsquery('tiq_spanish', %s)",
            [query],
        )
    return RawSQL("SELECT rowid FROM kb_entry_fts WHERE kb_entry_fts MATCH %s", [fts5_match(query)])


def related_entries(entry: Entry, viewer: Any, *, limit: int = RELATED_LIMIT) -> list[Entry]:
    """Up to `limit` entries `viewer` may read to show beside `entry`: those chosen as related
    first, then others of the same category. One query."""
    chosen = Entry.related.through.objects.filter(
        from_entry_id=entry.pk, to_entry_id=OuterRef("pk")
    )
    near = Q(Exists(chosen))
    if entry.category_id is not None:
        near |= Q(category_id=entry.category_id)
    return list(
        visible_entries(viewer)
        .exclude(pk=entry.pk)
        .filter(near)
        .annotate(chosen=Exists(chosen))
        .order_by("-chosen", "title")[:limit]
    )


@dataclass(frozen=True)
class RatingSummary:
    useful: int
    not_useful: int
    mine: Rating | None

    @property
    def total(self) -> int:
        return self.useful + self.not_useful


def rating_summary(entry: Entry, *, user: Any = None, session_key: str = "") -> RatingSummary:
    """How many readers found `entry` useful or not, and the rating of this reader (a signed-in
    `user`, else the anonymous `session_key`), if any."""
    counts = entry.ratings.aggregate(
        yes=Count("pk", filter=Q(useful=True)), no=Count("pk", filter=Q(useful=False))
    )
    return RatingSummary(
        useful=counts["yes"],
        not_useful=counts["no"],
        mine=rating_of(entry, user=user, session_key=session_key),
    )


def rating_of(entry: Entry, *, user: Any = None, session_key: str = "") -> Rating | None:
    """The rating of a signed-in `user`, else of the anonymous `session_key`, on `entry`."""
    if getattr(user, "is_authenticated", False):
        return entry.ratings.filter(user=user).first()
    if session_key:
        return entry.ratings.filter(user__isnull=True, session_key=session_key).first()
    return None


def linkable_for(policy_id: int) -> QuerySet[Entry]:
    """The published articles a client of the policy can open: what an agent may link in a
    reply (public ones, and the policy's clients-only ones), by title."""
    return Entry.objects.filter(
        Q(visibility=Visibility.PUBLIC) | Q(visibility=Visibility.CLIENTS, policy_id=policy_id),
        kind=Entry.Kind.ARTICLE,
        status=Entry.Status.PUBLISHED,
    ).order_by("title")
