"""Searching cases: by number (a part of it is enough), by a word of their subject or
description, or of their replies — and, for agents, of their internal notes. Filtered by the
viewer like every read: agents find every case, a client's user only their organization's
cases and never a word that is only in an internal note.

PostgreSQL answers from the `tiq_spanish` expression indexes and the trigram index on numbers,
SQLite from its FTS5 tables (`tickets` migration 0010)."""

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from tiquetera.core.permissions import is_agent
from tiquetera.core.search import fts5_match, is_postgresql, like_pattern, words

from .models import Article, Case
from .permissions import client_contact

FOUND_LIMIT = 20

PG_TEXT = (
    "SELECT id FROM tickets_case WHERE to_tsvector('tiq_spanish', subject || ' ' || description)"
    " @@ websearch_to_tsquery('tiq_spanish', %s)"
    " UNION SELECT case_id FROM tickets_article WHERE kind IN ({kinds})"
    " AND to_tsvector('tiq_spanish', body_text) @@ websearch_to_tsquery('tiq_spanish', %s)"
)
SQLITE_TEXT = (
    "SELECT rowid FROM tickets_case_fts WHERE tickets_case_fts MATCH %s"
    " UNION SELECT a.case_id FROM tickets_article_fts f"
    " JOIN tickets_article a ON a.id = f.rowid"
    " WHERE tickets_article_fts MATCH %s AND a.kind IN ({kinds})"
)


def searchable_cases(viewer: Any) -> QuerySet[Case]:
    """The cases `viewer` may find: every case for an agent, their organization's for a
    client's user, none for anyone else."""
    if is_agent(viewer):
        return Case.objects.all()
    contact = client_contact(viewer)
    if contact is None:
        return Case.objects.none()
    return Case.objects.filter(organization_id=contact.organization_id)


def find_cases(
    text: str, *, viewer: Any, within: QuerySet[Case] | None = None, limit: int = FOUND_LIMIT
) -> list[Case]:
    """The cases matching `text` that `viewer` may find (and, when given, that are `within`
    a narrower set, as the portal's own list), newest first, at most `limit`."""
    cases = searchable_cases(viewer)
    if within is not None:
        cases = cases.filter(pk__in=within.values("pk"))
    condition = matching(text, notes=is_agent(viewer))
    if condition is None:
        return []
    found = cases.filter(condition).select_related("organization", "requester")
    return list(found.order_by("-created_at", "-pk")[:limit])


def matching(text: str, *, notes: bool) -> Q | None:
    """The condition on cases for `text`: its words in the case or in its replies (and notes,
    when `notes`), or the text within the case number. None when nothing searchable was typed."""
    text = text.strip()
    if not words(text):
        return None
    kinds = [Article.Kind.REPLY, Article.Kind.NOTE] if notes else [Article.Kind.REPLY]
    listed = ", ".join(f"'{kind.value}'" for kind in kinds)  # our own constants, not input
    if is_postgresql():
        sql, params = PG_TEXT.format(kinds=listed), [text, text]
    else:
        match = fts5_match(text)
        sql, params = SQLITE_TEXT.format(kinds=listed), [match, match]
    if any(char.isdigit() for char in text) and " " not in text:
        # numbers are stored upper-case ("JQ-2026-000123"); trigram-indexed on PostgreSQL
        sql += " UNION SELECT id FROM tickets_case WHERE number LIKE %s ESCAPE '\\'"
        params.append(like_pattern(text.upper()))
    return Q(pk__in=RawSQL(sql, params))


def case_by_number(text: str, *, viewer: Any) -> Case | None:
    """The case whose number is exactly `text` (any letter case), if `viewer` may find it and
    only one case has that number."""
    number = text.strip().upper()
    if not number or " " in number:
        return None
    cases = list(searchable_cases(viewer).filter(number=number)[:2])
    return cases[0] if len(cases) == 1 else None
