"""Who may see which organizations and contacts: the directory's tenant boundary."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from tiquetera.core.permissions import is_agent

from .models import Agent, Contact, Organization


def organizations_for(viewer: User | AnonymousUser) -> QuerySet[Organization]:
    """Every organization for an agent; for a contact's portal user, only its own organization;
    nothing for anyone else (anonymous, inactive, a user who is neither)."""
    organizations = Organization.objects.select_related("policy")
    if is_agent(viewer):
        return organizations.all()
    if not (viewer.is_authenticated and viewer.is_active):
        return organizations.none()
    return organizations.filter(contacts__user=viewer, contacts__is_active=True)


def contacts_of(organization: Organization, viewer: User | AnonymousUser) -> QuerySet[Contact]:
    """The organization's contacts, or none when the viewer may not see the organization."""
    return (
        Contact.objects.filter(organization=organization)
        .filter(organization__in=organizations_for(viewer).values("pk"))
        .select_related("organization", "user")
    )


def is_vendor_admin(user: User | AnonymousUser) -> bool:
    """A superuser, or an active agent with the vendor administrator role."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return Agent.objects.filter(user=user, is_vendor_admin=True, is_active=True).exists()
