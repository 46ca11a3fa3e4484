"""What every directory service shares: the `Saved` result, the actor check and field errors."""

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tiquetera.audit.services import changes, record
from tiquetera.core.permissions import is_agent

from ..errors import InvalidValue, NotAllowed
from ..models import Agent, Contact, Organization

T = TypeVar("T")


@dataclass
class Saved(Generic[T]):
    """What a service made or changed, and the warnings to show to whoever asked."""

    obj: T
    warnings: list[str] = field(default_factory=list)
    created: bool = False
    changed: bool = True


def require_agent(actor: User | None) -> None:
    if actor is not None and not is_agent(actor):
        raise NotAllowed("not_an_agent", _("Only the vendor's agents may change the directory."))


def assign(obj: Organization | Contact | Agent, values: dict[str, Any]) -> bool:
    """Sets the values that differ and saves just those; True when something changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def assign_and_record(
    obj: Organization | Contact | Agent, values: dict[str, Any], *, actor: User | None, verb: str
) -> bool:
    """`assign`, plus one audit event `verb` with the fields that changed; none when none did."""
    before = {name: getattr(obj, name) for name in values}
    with transaction.atomic():
        if not assign(obj, values):
            return False
        old, new = changes(before, values)
        record(actor=actor, verb=verb, target=obj, before=old, after=new)
    return True


def required(field_name: str, message: str) -> InvalidValue:
    return InvalidValue("required", message, field=field_name)


def too_long(field_name: str, label: str, limit: int) -> InvalidValue:
    return InvalidValue(
        "too_long",
        _("%(field)s: at most %(limit)s characters.") % {"field": capfirst(label), "limit": limit},
        field=field_name,
    )
