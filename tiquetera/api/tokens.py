"""Issuing, checking and revoking personal API tokens.

A token is `tq_` + 40 random URL-safe characters (240 bits): so much entropy that a plain SHA-256
digest is as safe to store as a slow password hash, and it lets a request find its token with
one indexed lookup. The token is returned once, when issued; only its digest and its first
characters (to tell tokens apart in a list) are kept.
"""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiquetera.audit.services import record
from tiquetera.core.errors import DomainError
from tiquetera.core.permissions import is_agent
from tiquetera.core.queries import Prepared
from tiquetera.directory.selectors import is_vendor_admin
from tiquetera.tickets.permissions import client_contact

from .models import ApiToken

Actor = AbstractBaseUser | AnonymousUser | None
PREFIX = "tq_"
PREFIX_SHOWN = 10  # "tq_" and 7 characters
TOUCH_EVERY = dt.timedelta(
    minutes=5
)  # how stale `last_used_at` may get (one write, not one a call)


class TokenError(DomainError):
    messages = {
        "not_allowed": _("You may only manage your own API tokens."),
        "no_rights": _("Only agents and clients' active contacts may have API tokens."),
        "name_required": _("Give the token a name that says what it is for."),
        "expired_in_past": _("A token's expiry must be in the future."),
    }


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    user: User, *, name: str, actor: Actor, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user` carrying their rights: an agent's, or a client's within their
    organization. Returns the stored row and the token, which is never shown again. The actor
    is the user themself or a vendor administrator. One "api_token.issued" event."""
    if actor is None or (actor != user and not is_vendor_admin(actor)):  # type: ignore[arg-type]
        raise TokenError("not_allowed")
    name = (name or "").strip()
    if not name:
        raise TokenError("name_required")
    if expires_at is not None and expires_at <= timezone.now():
        raise TokenError("expired_in_past")
    organization = None
    if not is_agent(user):
        contact = client_contact(user)
        if contact is None:
            raise TokenError("no_rights")
        organization = contact.organization
    token = PREFIX + secrets.token_urlsafe(30)
    with transaction.atomic():
        row = ApiToken.objects.create(
            name=name[:100],
            user=user,
            organization=organization,
            prefix=token[:PREFIX_SHOWN],
            digest=digest_of(token),
            expires_at=expires_at,
        )
        record(
            actor=actor,
            verb="api_token.issued",
            target=row,
            organization=organization,
            after={"name": row.name, "user": user.get_username(), "prefix": row.prefix},
        )
    return row, token


def revoke_token(row: ApiToken, *, actor: Actor) -> ApiToken:
    """Revoke `row` at once (its owner or a vendor administrator). One "api_token.revoked"
    event; revoking a revoked token changes nothing."""
    if actor is None or (actor != row.user and not is_vendor_admin(actor)):  # type: ignore[arg-type]
        raise TokenError("not_allowed")
    with transaction.atomic():
        if ApiToken.objects.filter(pk=row.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        ):
            row.refresh_from_db()
            record(
                actor=actor,
                verb="api_token.revoked",
                target=row,
                organization=row.organization,
                after={"name": row.name, "prefix": row.prefix},
            )
    return row


# the token with its user, and the user's contact and organization: one read compiled once
_BY_DIGEST = Prepared(
    lambda digest: (
        ApiToken.objects.select_related("user", "user__contact__organization")
        .filter(digest=digest, revoked_at__isnull=True)
        .order_by()[:1]
    ),
    str,
)


def user_for_token(token: str) -> Any:
    """The user a presented token stands for, or None: unknown, revoked or expired token, an
    inactive user, an agent who is no longer one, a client contact no longer active or no
    longer in the token's organization."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = _BY_DIGEST.first(digest_of(token))
    now = timezone.now()
    if row is None or (row.expires_at is not None and row.expires_at <= now):
        return None
    user = row.user
    if row.organization_id is None:
        if not is_agent(user):
            return None
    else:
        contact = client_contact(user)
        if contact is None or contact.organization_id != row.organization_id:
            return None
    if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return user
