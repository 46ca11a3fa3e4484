"""Portal invitations: a contact given portal access gets an email, in their language, with a
link to choose a password. The link is valid for `INVITATION_DAYS` and works once (Django's
password-reset token: it is signed over the password hash and the last login, both of which
change when the password is chosen)."""

import datetime as dt
from typing import cast

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from tiquetera.audit.services import record
from tiquetera.notifications.models import Notification
from tiquetera.notifications.services import queue_email

from ..errors import InvalidValue
from ..models import Contact
from .contacts import grant_portal_login
from .shared import Saved, require_agent

INVITATION_DAYS = 7


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """A password-reset token of its own kind (another salt) and lifetime (`INVITATION_DAYS`)."""

    key_salt = "tiquetera.directory.invitation"

    def check_token(self, user: AbstractBaseUser | None, token: str | None) -> bool:
        if user is None or not token or "-" not in token:
            return False
        timestamp_b36 = token.split("-")[0]
        try:
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            expected = self._make_token_with_timestamp(cast(User, user), timestamp, secret)
            if constant_time_compare(expected, token):
                break
        else:
            return False
        age = dt.timedelta(seconds=self._num_seconds(self._now()) - timestamp)
        return age <= dt.timedelta(days=INVITATION_DAYS)


invitation_tokens = InvitationTokenGenerator()


def invitation_link(user: User) -> str:
    """The address where `user` chooses a password, valid for `INVITATION_DAYS`, once."""
    path = reverse(
        "portal_invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def invite_contact(contact: Contact, *, actor: User | None) -> Saved[Notification]:
    """Give `contact` a portal login (`grant_portal_login`, once) and queue the invitation email
    in their language, with a link to choose a password. Calling it again re-sends a fresh
    invitation (an earlier link stays valid until used or expired). One audit event
    "contact.invited". InvalidValue "login_without_email", "username_taken", "contact_inactive",
    "already_signed_in" (the contact chose a password already: they use "Forgot your password?").
    """
    require_agent(actor)
    if not contact.is_active:
        raise InvalidValue(
            "contact_inactive",
            _("%(name)s is not an active contact: reactivate them before inviting them.")
            % {"name": contact.name},
            field="is_active",
        )
    if contact.user is not None and contact.user.has_usable_password():
        raise InvalidValue(
            "already_signed_in",
            _(
                "%(name)s already chose a password: they can sign in, or use “Forgot your "
                "password?” on the sign-in page."
            )
            % {"name": contact.name},
            field="email",
        )
    with transaction.atomic():
        user = grant_portal_login(contact, actor=actor).obj
        notification = queue_email(
            "contact_invitation",
            to=contact.email or user.email,
            language=contact.language,
            organization=contact.organization,
            context={
                "name": contact.name,
                "organization": contact.organization.legal_name,
                "username": user.get_username(),
                "link": invitation_link(user),
                "days": INVITATION_DAYS,
                "site_url": settings.SITE_URL,
            },
        )
        record(
            actor=actor,
            verb="contact.invited",
            target=contact,
            after={"to": notification.to, "user": user.get_username()},
        )
    return Saved(notification, created=True)
