"""Reading the audit log: a row's history, as the case page and admin show it."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from tiquetera.core.permissions import is_agent
from tiquetera.directory.selectors import organizations_for

from .models import AuditEvent


def history_of(target: Model, viewer: AbstractBaseUser | AnonymousUser) -> QuerySet[AuditEvent]:
    """The target's events, oldest first (ties in insertion order). An agent sees them all; a
    client's portal user only those of their own organization; anyone else nothing."""
    events = (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
        )
        .select_related("actor", "organization")
        .order_by("at", "pk")
    )
    if is_agent(viewer):
        return events
    return events.filter(organization__in=organizations_for(viewer).values("pk"))  # type: ignore[arg-type]
