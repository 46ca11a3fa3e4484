"""Read paths of inquiries: the desk's list ("Consultas") and one inquiry's page. Only agents
see inquiries, as they see calls."""

from typing import Any

from django.db.models import QuerySet

from tiquetera.core.permissions import is_agent

from .models import Inquiry

LISTED = 100
OPEN = (Inquiry.Status.OPEN, Inquiry.Status.ANSWERED)


def visible_inquiries(viewer: Any) -> QuerySet[Inquiry]:
    """Every inquiry for an agent (with what a list shows), none for anyone else."""
    if not is_agent(viewer):
        return Inquiry.objects.none()
    return Inquiry.objects.select_related("organization", "contact", "case")


def inquiries_for(viewer: Any, *, show: str = "open", limit: int = LISTED) -> list[Inquiry]:
    """The open inquiries (waiting for an answer first, then answered), or every one with
    `show="all"`, latest first."""
    if not is_agent(viewer):
        return []
    rows = Inquiry.objects.select_related("organization", "contact", "case")
    if show == "all":
        return list(rows.order_by("-last_message_at", "-pk")[:limit])
    # "open" sorts after "answered": waiting for an answer first
    rows = rows.filter(status__in=OPEN)
    return list(rows.order_by("-status", "-last_message_at", "-pk")[:limit])


def inquiry_for(viewer: Any, inquiry_id: int) -> Inquiry | None:
    """One inquiry with what its page shows, if `viewer` is an agent."""
    if not is_agent(viewer):
        return None
    rows = Inquiry.objects.select_related("organization__policy", "contact", "case", "call")
    return rows.filter(pk=inquiry_id).first()
