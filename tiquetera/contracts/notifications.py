"""Emails to clients about their contracts, queued in the outbox (`tiquetera.notifications`) in
each contact's language. Their templates are in `templates/notifications/<kind>/`."""

from django.conf import settings

from tiquetera.directory.models import Contact
from tiquetera.notifications.models import Notification
from tiquetera.notifications.services import queue_email

from .models import Contract


def renewal_recipients(contract: Contract) -> list[Contact]:
    """Who hears about the organization's contracts: its active contacts with an email who are
    the USR, a manager or an administrator, or who may sign purchase orders."""
    roles = [Contact.Role.USR, Contact.Role.MANAGER, Contact.Role.ADMINISTRATOR]
    contacts = contract.organization.contacts.filter(is_active=True).exclude(email="")
    return [c for c in contacts.order_by("name") if c.role in roles or c.may_sign_purchase_orders]


def queue_renewal_notice(contract: Contract) -> list[Notification]:
    """Queue the email telling the client that the contract renews by itself on its end date, and
    how to change or cancel it before then (seed 003): one per recipient. Call it in the
    transaction that claims the notice."""
    return [
        queue_email(
            "renewal_notice",
            to=contact.email,
            context={"contract": contract, "contact": contact, "plan": contract.plan},
            language=contact.language or settings.LANGUAGE_CODE,
            organization=contract.organization,
        )
        for contact in renewal_recipients(contract)
    ]
