"""Who may see a case and its files, and speak for it: agents every case; a client's contact the
cases they follow — their own, or all of their organization's when they are its USR or may
verify cases — and never what is internal (notes and their attachments). The portal and the
API both ask these functions: one rule, whichever door a client comes through."""

from typing import Any

from tiquetera.core.permissions import is_agent
from tiquetera.core.queries import Prepared
from tiquetera.directory.models import Contact

from .models import Attachment, Case

# every client page reads it: compiled once (core/queries.py)
_CONTACT = Prepared(
    lambda user_id: (
        Contact.objects.select_related("organization").filter(user_id=user_id).order_by()
    ),
    int,
)


def client_contact(user: Any) -> Any:
    """The active directory contact behind a signed-in client user, else None."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    fetched = user._state.fields_cache
    if "contact" not in fetched:  # the contact with its organization, in one read a request
        fetched["contact"] = _CONTACT.first(user.pk)
    contact = getattr(user, "contact", None)  # a missing reverse one-to-one is an AttributeError
    if contact is None or not contact.is_active:
        return None
    return contact


def follows_all_cases(contact: Contact) -> bool:
    """The USR, or a contact who may verify others' cases, follows all of the organization's."""
    return contact.role == Contact.Role.USR or contact.may_verify_cases


def follows_case(contact: Contact, case: Case) -> bool:
    """The contact's own case, or any case of their organization when they follow all of it:
    who may open the case, and confirm, reopen or rate it."""
    if contact.organization_id != case.organization_id:
        return False
    return case.requester_id == contact.pk or follows_all_cases(contact)


def can_view_case(user: Any, case: Case) -> bool:
    """Agents see every case; a client user the cases they follow (`follows_case`): a plain
    user does not open a colleague's case by its number."""
    if is_agent(user):
        return True
    contact = client_contact(user)
    return contact is not None and follows_case(contact, case)


def may_answer_resolution(user: Any, case: Case) -> bool:
    """Confirming or reopening a resolved case: an agent (on the client's word), the system
    (None), or a client who follows the case."""
    return user is None or can_view_case(user, case)


def can_view_attachment(user: Any, attachment: Attachment) -> bool:
    """Who can see the case sees its attachments, except that clients never see the files of
    internal notes or system events: only those of public replies or of the case itself."""
    if not can_view_case(user, attachment.case):
        return False
    if is_agent(user):
        return True
    return attachment.article is None or attachment.article.is_public
