"""Searching the directory: contacts by name, email or phone (in any format: "310 614 9927"
finds +573106149927), organizations by name or tax id (a NIT with or without its check digit).
Filtered by the viewer (`organizations_for`); the desk is its only caller.

PostgreSQL answers from trigram indexes on folded names (`tiq_fold`), emails, phones and tax
ids; SQLite from FTS5 tables on names and emails (`directory` migration 0003)."""

from typing import Any

from django.db.models import Q
from django.db.models.expressions import RawSQL

from tiquetera.core.search import (
    MIN_DIGITS,
    digits,
    fold,
    fts5_match,
    is_postgresql,
    like_pattern,
    words,
)

from .models import Contact, Organization
from .selectors import organizations_for

FOUND_LIMIT = 20


def find_contacts(text: str, *, viewer: Any, limit: int = FOUND_LIMIT) -> list[Contact]:
    """Contacts of the organizations `viewer` may see whose name or email has every word of
    `text`, or whose phone or WhatsApp number holds its digits; by name."""
    typed = words(text)
    if not typed:
        return []
    condition = Q(pk__in=_by_words("directory_contact", ["name"], ["email"], typed, text))
    number = digits(text)
    if number:
        condition |= Q(phone__contains=number) | Q(whatsapp__contains=number)
    found = Contact.objects.filter(condition, organization__in=organizations_for(viewer))
    return list(found.select_related("organization").order_by("name", "pk")[:limit])


def find_organizations(text: str, *, viewer: Any, limit: int = FOUND_LIMIT) -> list[Organization]:
    """Organizations `viewer` may see whose legal name has every word of `text`, or whose tax
    id holds it ("900.123.456", "900123456-7" and "9001234567" all find 900123456-7)."""
    typed = words(text)
    if not typed:
        return []
    condition = Q(pk__in=_by_words("directory_organization", ["legal_name"], [], typed, text))
    number = digits(text)
    if number:  # a NIT: its digits, or its digits and check digit without the hyphen
        condition |= Q(tax_id__contains=number) | Q(tax_id=f"{number[:-1]}-{number[-1]}")
    typed_id = text.strip().upper()
    if " " not in typed_id and len(typed_id) >= MIN_DIGITS and any(c.isdigit() for c in typed_id):
        condition |= Q(tax_id__contains=typed_id)  # as stored: an RFC, a RUC with its hyphens
    found = organizations_for(viewer).filter(condition)
    return list(found.order_by("legal_name", "pk")[:limit])


def _by_words(
    table: str, names: list[str], plain: list[str], typed: list[str], text: str
) -> RawSQL:
    """The ids of `table`'s rows where every typed word is in one of the columns: `names`
    compared without accents or case, `plain` without case."""
    if not is_postgresql():
        return RawSQL(
            f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s", [fts5_match(text)]
        )
    columns = [f"tiq_fold({name})" for name in names] + [f"lower({name})" for name in plain]
    clauses, params = [], []
    for word in typed:
        pattern = like_pattern(fold(word))
        clauses.append("(" + " OR ".join(f"{column} LIKE %s" for column in columns) + ")")
        params += [pattern] * len(columns)
    return RawSQL(f"SELECT id FROM {table} WHERE " + " AND ".join(clauses), params)
