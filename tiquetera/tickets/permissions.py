"""Who may see a case and its files: agents see every case, a client's user only the cases of
their own organization, and never what is internal (notes and their attachments)."""

from typing import Any

from tiquetera.core.permissions import is_agent

from .models import Attachment, Case


def client_contact(user: Any) -> Any:
    """The active directory contact behind a signed-in client user, else None."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    contact = getattr(user, "contact", None)  # a missing reverse one-to-one is an AttributeError
    if contact is None or not contact.is_active:
        return None
    return contact


def can_view_case(user: Any, case: Case) -> bool:
    """Agents see every case; a client user sees the cases of their own organization."""
    if is_agent(user):
        return True
    contact = client_contact(user)
    return contact is not None and contact.organization_id == case.organization_id


def can_view_attachment(user: Any, attachment: Attachment) -> bool:
    """Who can see the case sees its attachments, except that clients never see the files of
    internal notes or system events: only those of public replies or of the case itself."""
    if not can_view_case(user, attachment.case):
        return False
    if is_agent(user):
        return True
    return attachment.article is None or attachment.article.is_public
