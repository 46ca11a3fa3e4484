"""Recording audit events: the one write of the audit log.

Every service that changes a case, a contract, a policy or the directory calls `record` once
per state change, inside its own transaction, so the event and the change commit or roll back
together. `changes` turns two snapshots into the before/after of only the fields that differ.
"""

import datetime as dt
import enum
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from tiquetera.core.queries import insert_models

from .errors import AuditError
from .models import AuditEvent

SYSTEM_ACTOR = "sistema"  # the actor_label of what the system does by itself (renewals, expiry)
VERB = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
_BACKDATED: ContextVar[dt.datetime | None] = ContextVar("audit_backdated", default=None)


@contextmanager
def backdated(at: dt.datetime | None) -> Iterator[None]:
    """Events recorded inside carry `at` as their time, not the moment they are written: for
    changes recorded after the fact with their own time (a service's `at=`, the demo's three
    months of history), so a case's history reads in the order things happened. None leaves the
    time as it was: now, or an enclosing block's."""
    token = _BACKDATED.set(at or _BACKDATED.get())
    try:
        yield
    finally:
        _BACKDATED.reset(token)


def record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    verb: str,
    target: models.Model,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    organization: models.Model | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one event: `actor` (None: the system) did `verb` ("contract.started") to `target`.

    Must be called inside the caller's `transaction.atomic()` block, after the change is written,
    so the event exists exactly when the change does (AuditError "outside_transaction"
    otherwise). `before`/`after` hold only the fields that changed (see `changes`), made
    JSON-safe here. `organization` (the tenant whose history shows the event) defaults to the
    target itself when it is an organization, or to the target's `organization`.
    """
    (event,) = record_many(
        [
            Entry(
                actor=actor,
                verb=verb,
                target=target,
                before=before,
                after=after,
                organization=organization,
                note=note,
            )
        ]
    )
    return event


@dataclass(frozen=True)
class Entry:
    """One event for `record_many`: the arguments of `record`."""

    actor: AbstractBaseUser | AnonymousUser | None
    verb: str
    target: models.Model
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None
    organization: models.Model | None = None
    note: str = ""


def record_many(entries: Iterable[Entry], *, read_back: bool = True) -> list[AuditEvent]:
    """Append several events in one INSERT (a sweep's breaches): the same checks and fields as
    `record`, called the same way, inside the caller's transaction. `read_back` False: written
    by `core.queries.insert_models` (with a `held_inserts` block's other rows), their ids not
    read back."""
    if not transaction.get_connection().in_atomic_block:
        raise AuditError("outside_transaction")
    events = []
    at = _BACKDATED.get() or timezone.now()
    for entry in entries:
        if not VERB.match(entry.verb):
            raise AuditError("bad_verb", value=entry.verb)
        user = entry.actor if isinstance(entry.actor, AbstractBaseUser) else None
        events.append(
            AuditEvent(
                at=at,
                actor_id=user.pk if user is not None else None,
                actor_label=_label(user)[:200],
                verb=entry.verb,
                content_type=ContentType.objects.get_for_model(entry.target),
                object_id=str(entry.target.pk),
                target_label=str(entry.target)[:200],
                before=json_safe(dict(entry.before or {})),
                after=json_safe(dict(entry.after or {})),
                organization_id=(
                    entry.organization.pk
                    if entry.organization is not None
                    else _organization_id(entry.target)
                ),
                note=entry.note,
            )
        )
    if not read_back:
        insert_models(events)
        return events
    return AuditEvent.objects.bulk_create(events)


def changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (before, after) of only the keys whose values differ, JSON-safe; ({}, {}) when
    nothing changed. A key in only one of the two counts as None in the other."""
    changed = [
        key
        for key in dict.fromkeys([*before, *after])
        if json_safe(before.get(key)) != json_safe(after.get(key))
    ]
    return (
        {key: json_safe(before.get(key)) for key in changed},
        {key: json_safe(after.get(key)) for key in changed},
    )


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The instance's values of `fields` (a foreign key by its id), to compare with `changes`."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = getattr(instance, attname)
    return values


def json_safe(value: Any) -> Any:
    """`value` with dates, times, Decimals, UUIDs and choices as strings, a model as its pk,
    tuples and sets as lists, recursively: what JSON stores and compares exactly."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, enum.Enum):
        return json_safe(value.value)
    if isinstance(value, str):
        return str(value)  # a TextChoices member or lazy subclass becomes a plain str
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return json_safe(value.pk)
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [json_safe(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return str(value)


def _label(user: AbstractBaseUser | None) -> str:
    if user is None:
        return SYSTEM_ACTOR
    full_name = getattr(user, "get_full_name", lambda: "")()
    return str(full_name or user.get_username())


def _organization_id(target: models.Model) -> Any:
    if target._meta.label == "directory.Organization":
        return target.pk
    return getattr(target, "organization_id", None)
