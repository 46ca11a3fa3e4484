"""Emails to clients about their contracts. One function per kind of email, with its subject and
text in templates (`templates/contracts/email/`), written in each contact's language."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from tiquetera.directory.models import Contact

from .models import Contract

logger = logging.getLogger(__name__)


def renewal_recipients(contract: Contract) -> list[Contact]:
    """Who hears about the organization's contracts: its active contacts with an email who are
    the USR, a manager or an administrator, or who may sign purchase orders."""
    roles = [Contact.Role.USR, Contact.Role.MANAGER, Contact.Role.ADMINISTRATOR]
    contacts = contract.organization.contacts.filter(is_active=True).exclude(email="")
    return [c for c in contacts.order_by("name") if c.role in roles or c.may_sign_purchase_orders]


def send_renewal_notice(contract: Contract) -> int:
    """Tell the client that the contract renews by itself on its end date, and how to change or
    cancel it before then (seed 003). Returns how many emails were sent."""
    sent = 0
    for contact in renewal_recipients(contract):
        with translation.override(contact.language or settings.LANGUAGE_CODE):
            context = {"contract": contract, "contact": contact, "plan": contract.plan}
            subject = render_to_string("contracts/email/renewal_notice_subject.txt", context)
            body = render_to_string("contracts/email/renewal_notice.txt", context)
        sent += send_mail(" ".join(subject.split()), body, None, [contact.email])
    return sent
