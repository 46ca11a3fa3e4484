"""Searching cases: by number (a part of it is enough), by a word of their subject or
description, or of their replies — and, for agents, of their internal notes. Filtered by the
viewer like every read: agents find every case, a client's user only their organization's
cases and never a word that is only in an internal note.

PostgreSQL answers from the `tiq_spanish` expression indexes and the trigram index on numbers,
SQLite from its FTS5 tables (`tickets` migration 0011). Each way of matching is its own query
for the newest `limit` ids (`ORDER BY id DESC LIMIT n`), so the planner may walk the primary key
backwards for a word most cases have, or use the text index for a rare one; the newest of those
few ids are then read with what the page shows."""

import re
from typing import Any

from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from tiquetera.core.permissions import is_agent
from tiquetera.core.search import fts5_match, is_postgresql, like_pattern, words

from .models import Article, Case
from .permissions import client_contact

FOUND_LIMIT = 20

PG_CASE_TEXT = (
    "to_tsvector('tiq_spanish', tickets_case.subject || ' ' || tickets_case.description)"
    " @@ websearch_to_tsquery('tiq_spanish', %s)"
)
PG_ARTICLE_TEXT = (
    "tickets_case.id IN (SELECT case_id FROM tickets_article WHERE kind IN ({kinds})"
    " AND to_tsvector('tiq_spanish', body_text) @@ websearch_to_tsquery('tiq_spanish', %s))"
)
SQLITE_CASE_TEXT = (
    "tickets_case.id IN (SELECT rowid FROM tickets_case_fts WHERE tickets_case_fts MATCH %s)"
)
SQLITE_ARTICLE_TEXT = (
    "tickets_case.id IN (SELECT a.case_id FROM tickets_article_fts f"
    " JOIN tickets_article a ON a.id = f.rowid"
    " WHERE tickets_article_fts MATCH %s AND a.kind IN ({kinds}))"
)
NUMBER = "tickets_case.number LIKE %s ESCAPE '\\'"


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
    ids: set[int] = set()
    for condition in conditions(text, notes=is_agent(viewer)):
        ids.update(cases.filter(condition).order_by("-pk").values_list("pk", flat=True)[:limit])
    if not ids:
        return []
    newest = sorted(ids, reverse=True)[:limit]
    found = Case.objects.filter(pk__in=newest).select_related("organization", "requester")
    return list(found.order_by("-pk"))


def conditions(text: str, *, notes: bool) -> list[RawSQL]:
    """The ways a case matches `text`: its words in the case, in its replies (and notes, when
    `notes`), and, for a text with digits and no space, within its number. None when nothing
    searchable was typed."""
    text = text.strip()
    if not words(text):
        return []
    kinds = [Article.Kind.REPLY, Article.Kind.NOTE] if notes else [Article.Kind.REPLY]
    listed = ", ".join(f"'{kind.value}'" for kind in kinds)  # our own constants, not input
    if is_postgresql():
        found = [
            _condition(PG_CASE_TEXT, text),
            _condition(PG_ARTICLE_TEXT.format(kinds=listed), text),
        ]
    else:
        match = fts5_match(text)
        found = [
            _condition(SQLITE_CASE_TEXT, match),
            _condition(SQLITE_ARTICLE_TEXT.format(kinds=listed), match),
        ]
    if PART_OF_A_NUMBER.fullmatch(text) and sum(char.isdigit() for char in text) >= 4:
        # numbers are stored upper-case ("JQ-2026-000123"); trigram-indexed on PostgreSQL
        found.append(_condition(NUMBER, like_pattern(text.upper())))
    return found


# What a piece of a case number can be ("JQ-2026-001234", "2026-0012", "001234"): a prefix's
# letters, then runs of at most 7 digits joined by hyphens, 4 digits at least. A NIT
# ("900123456-8", "900.123.456") or an email is not looked for in every number: when no number
# holds it, PostgreSQL walks a million rows backwards to find none (370 ms).
PART_OF_A_NUMBER = re.compile(r"[A-Za-z]*-?\d{1,7}(?:-\d{0,7})*")


def case_by_number(text: str, *, viewer: Any) -> Case | None:
    """The case whose number is exactly `text` (any letter case), if `viewer` may find it and
    only one case has that number."""
    number = text.strip().upper()
    if not number or " " in number:
        return None
    cases = list(searchable_cases(viewer).filter(number=number)[:2])
    return cases[0] if len(cases) == 1 else None


def _condition(sql: str, param: str) -> RawSQL:
    return RawSQL(sql, [param], output_field=BooleanField())
