"""A case's email thread, so that clients' mail programs show one conversation per case and the
email channel finds the case a reply belongs to.

Every email queued about a case (`queue_email` with an organization and the "X-Tiquetera-Case"
header) gets the case number in its subject and the threading headers: In-Reply-To the email it
answers (see `answering`) or else the thread's root, References the root (and the parent). Its
Message-ID is recorded in the thread (`ThreadMessage`). The root is the case's first email:
the client's own when the case came by email, else our first notification.
"""

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import IntegrityError, transaction

from tiquetera.core.queries import insert_models
from tiquetera.directory.models import Organization
from tiquetera.tickets.models import Case

from .models import ThreadMessage

CASE_HEADER = "X-Tiquetera-Case"
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
MAX_ID_CHARS = ThreadMessage._meta.get_field("message_id").max_length or 255

_answering: ContextVar[str] = ContextVar("answering", default="")


@contextmanager
def answering(message_id: str) -> Iterator[None]:
    """Emails queued inside this block answer the client's email `message_id` (the pipeline's
    "we received your case" to the email that opened it): they thread under it."""
    token = _answering.set(message_id)
    try:
        yield
    finally:
        _answering.reset(token)


def message_key(message_id: str) -> str:
    """`message_id` as the thread stores it: "<…>" without spaces; a digest when too long."""
    found = MESSAGE_ID.search(message_id)
    key = found.group(0) if found else f"<{message_id.strip().strip('<>')}>"
    if len(key) > MAX_ID_CHARS:
        return "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def message_ids(header: str) -> list[str]:
    """The Message-IDs in an In-Reply-To or References header, in order."""
    return [message_key(found) for found in MESSAGE_ID.findall(header or "")]


def case_about(
    headers: Mapping[str, str], organization: Organization | None, context: Mapping[str, Any]
) -> Case | None:
    """The case an email is about: its "X-Tiquetera-Case" number within `organization` (the
    template's `case` when it is that one). Emails without an organization (staff alerts) stay
    out of the client's thread."""
    number = headers.get(CASE_HEADER, "")
    if not number or organization is None:
        return None
    given = context.get("case")
    if isinstance(given, Case) and (given.number, given.organization_id) == (
        number,
        organization.pk,
    ):
        return given
    return Case.objects.filter(organization=organization, number=number).first()


def subject_with_number(subject: str, case: Case) -> str:
    """`subject` carrying "[number]", which the email channel recognises in a reply."""
    tag = f"[{case.number}]"
    return subject if tag in subject else f"{tag} {subject}"


def thread_headers(case: Case, message_id: str, *, new_case: bool = False) -> dict[str, str]:
    """Record our email `message_id` in `case`'s thread; its In-Reply-To and References (none
    when it is the thread's first email). `new_case`: the case was made in this transaction, so
    its thread holds nothing yet but the email answered (no read to find the root)."""
    parent = _answering.get()
    if parent:
        record(case, parent, inbound=True)
    if new_case:
        root_id = message_key(parent) if parent else None
    else:
        root = ThreadMessage.objects.filter(case=case).order_by("pk").first()
        root_id = root.message_id if root is not None else None
    insert_models([ThreadMessage(message_id=message_key(message_id), case=case, inbound=False)])
    if root_id is None:
        return {}
    parent = message_key(parent) if parent else root_id
    references = [root_id] + ([parent] if parent != root_id else [])
    return {"In-Reply-To": parent, "References": " ".join(references)}


def record(case: Case, message_id: str, *, inbound: bool) -> None:
    """Put `message_id` in `case`'s thread (a Message-ID already there moves to this case: the
    client's reply to a closed case opened this one)."""
    key = message_key(message_id)
    if ThreadMessage.objects.filter(message_id=key).update(case=case):
        return
    try:
        with transaction.atomic():
            ThreadMessage.objects.create(message_id=key, case=case, inbound=inbound)
    except IntegrityError:  # recorded at the same moment by another worker
        ThreadMessage.objects.filter(message_id=key).update(case=case)


def cases_named(ids: Iterable[str]) -> list[Case]:
    """The cases whose threads hold any of `ids`, the case of the last id named first."""
    keys = list(dict.fromkeys(message_key(i) for i in ids))
    found = {
        row.message_id: row.case
        for row in ThreadMessage.objects.filter(message_id__in=keys).select_related("case")
    }
    cases: dict[int, Case] = {}
    for key in reversed(keys):
        if key in found:
            cases.setdefault(found[key].pk, found[key])
    return list(cases.values())
