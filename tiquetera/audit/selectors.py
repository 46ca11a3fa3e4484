"""Reading the audit log: a row's history, as the case page and admin show it."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from tiquetera.core.permissions import is_agent
from tiquetera.core.queries import Prepared
from tiquetera.directory.selectors import organizations_for

from .models import AuditEvent

# an agent's read, on every case page: compiled once (core/queries.py)
_EVENTS = Prepared(
    lambda content_type_id, object_id: (
        AuditEvent.objects.filter(content_type_id=content_type_id, object_id=object_id)
        .select_related("actor", "organization")
        .order_by("at", "pk")
    ),
    int,
    str,
)


def history_of(target: Model, viewer: AbstractBaseUser | AnonymousUser) -> list[AuditEvent]:
    """The target's events, oldest first (ties in insertion order). An agent sees them all; a
    client's portal user only those of their own organization; anyone else nothing."""
    content_type = ContentType.objects.get_for_model(target)
    if is_agent(viewer):
        return _EVENTS.all(content_type.pk, str(target.pk))  # type: ignore[no-any-return]
    events = AuditEvent.objects.filter(
        content_type=content_type,
        object_id=str(target.pk),
        organization__in=organizations_for(viewer).values("pk"),  # type: ignore[arg-type]
    )
    return list(events.select_related("actor", "organization").order_by("at", "pk"))
