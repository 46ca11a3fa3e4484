"""Contacts: role defaults, cleaning, creating and updating them, and their portal login."""

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from tiquetera.audit.services import record

from ..errors import InvalidInput, InvalidValue
from ..models import Contact, Organization
from ..validation import check_email, normalize_phone
from .shared import Saved, assign_and_record, require_agent, required, too_long


@dataclass(frozen=True)
class RolePermissions:
    may_open_cases: bool
    may_verify_cases: bool
    may_sign_purchase_orders: bool


# Seed 002: the USR reports and verifies; the manager or administrator may report in their
# stead; anyone else's case is invalid unless the USR verifies it. Each contact's flags start
# from this table and can then be changed one by one.
ROLE_DEFAULTS = {
    Contact.Role.USR: RolePermissions(True, True, True),
    Contact.Role.MANAGER: RolePermissions(True, False, True),
    Contact.Role.ADMINISTRATOR: RolePermissions(True, False, True),
    Contact.Role.USER: RolePermissions(True, False, False),
}


@dataclass(frozen=True)
class ContactFields:
    name: str
    email: str = ""
    phone: str = ""
    whatsapp: str = ""
    whatsapp_opt_in: bool = False
    role: str = Contact.Role.USER
    # None: the role's default (ROLE_DEFAULTS); on an update, kept unless the role changes.
    may_open_cases: bool | None = None
    may_verify_cases: bool | None = None
    may_sign_purchase_orders: bool | None = None
    language: str = "es"
    is_active: bool = True
    away_until: dt.date | None = None


def clean_contact(fields: ContactFields, *, country: str) -> tuple[ContactFields, list[str]]:
    """The fields normalised (E.164 phones read with the organization's country, email with a
    lower-case domain); raises InvalidInput listing every refused field. A contact who accepts
    WhatsApp without a WhatsApp number gets their phone as that number."""
    problems: list[InvalidValue] = []
    warnings: list[str] = []
    name = " ".join(fields.name.split())
    if not name:
        problems.append(required("name", _("The contact's full name is required.")))
    elif len(name) > 200:
        problems.append(too_long("name", _("full name"), 200))
    email = ""
    if fields.email.strip():
        try:
            checked = check_email(fields.email)
            email = checked.email
            warnings += [checked.warning] if checked.warning else []
        except InvalidValue as problem:
            problems.append(problem)
    phones: dict[str, str] = {}
    for column in ("phone", "whatsapp"):
        text = getattr(fields, column).strip()
        phones[column] = ""
        if text:
            try:
                result = normalize_phone(text, country, field=column)
                phones[column] = result.e164
                warnings += [result.warning] if result.warning else []
            except InvalidValue as problem:
                problems.append(problem)
    whatsapp = phones["whatsapp"] or (phones["phone"] if fields.whatsapp_opt_in else "")
    if fields.whatsapp_opt_in and not (fields.whatsapp.strip() or fields.phone.strip()):
        problems.append(
            required("whatsapp", _("A contact who accepts WhatsApp needs a WhatsApp number."))
        )
    if fields.role not in Contact.Role.values:
        problems.append(
            InvalidValue(
                "role_unknown",
                _("“%(value)s” is not a role: use usr, manager, administrator or user.")
                % {"value": fields.role},
                field="role",
            )
        )
    language = fields.language.strip().lower() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        problems.append(
            InvalidValue(
                "language_unknown",
                _("“%(value)s” is not a language of Tiquetera (es or en).")
                % {"value": fields.language},
                field="language",
            )
        )
    if problems:
        raise InvalidInput(problems)
    cleaned = replace(
        fields, name=name, email=email, phone=phones["phone"], whatsapp=whatsapp, language=language
    )
    return cleaned, warnings


def create_contact(
    organization: Organization, fields: ContactFields, *, actor: User | None
) -> Saved[Contact]:
    """A new contact (audited as "contact.created"); permission flags left as None take the
    role's defaults (ROLE_DEFAULTS)."""
    require_agent(actor)
    cleaned, warnings = clean_contact(fields, country=organization.country)
    _refuse_taken_email(organization, cleaned.email)
    values = _contact_values(cleaned, ROLE_DEFAULTS[Contact.Role(cleaned.role)])
    with transaction.atomic():
        contact = Contact.objects.create(organization=organization, **values)
        record(actor=actor, verb="contact.created", target=contact, after=values)
    return Saved(contact, warnings, created=True)


def update_contact(
    contact: Contact, fields: ContactFields, *, actor: User | None
) -> Saved[Contact]:
    """The contact with these fields. A flag left as None keeps its value, unless the role
    changes: then it takes the new role's default. Saved (and audited as "contact.updated") only
    when something differs."""
    require_agent(actor)
    cleaned, warnings = clean_contact(fields, country=contact.organization.country)
    _refuse_taken_email(contact.organization, cleaned.email, exclude=contact.pk)
    if cleaned.role != contact.role:
        defaults = ROLE_DEFAULTS[Contact.Role(cleaned.role)]
    else:
        defaults = RolePermissions(
            contact.may_open_cases, contact.may_verify_cases, contact.may_sign_purchase_orders
        )
    changed = assign_and_record(
        contact, _contact_values(cleaned, defaults), actor=actor, verb="contact.updated"
    )
    return Saved(contact, warnings, changed=changed)


def grant_portal_login(contact: Contact, *, actor: User | None) -> Saved[User]:
    """The contact's portal user (created once, its username the contact's email), with an
    unusable password until the contact sets one through a reset. Audited as
    "contact.portal_login_granted" when the login is made, not when it already existed."""
    require_agent(actor)
    if contact.user is not None:
        return Saved(contact.user, changed=False)
    if not contact.email:
        raise InvalidValue(
            "login_without_email",
            _("%(name)s has no email address: add one before giving a portal login.")
            % {"name": contact.name},
            field="email",
        )
    username = contact.email.lower()
    users = get_user_model().objects
    if users.filter(username=username).exists():
        raise InvalidValue(
            "username_taken",
            _("There is already a user %(username)s: link it to the contact or change the email.")
            % {"username": username},
            field="email",
        )
    first_name, _space, last_name = contact.name.partition(" ")
    with transaction.atomic():
        user = users.create_user(
            username=username,
            email=contact.email,
            password=None,  # unusable until reset
            first_name=first_name[:150],
            last_name=last_name[:150],
        )
        contact.user = user
        contact.save(update_fields=["user"])
        record(
            actor=actor,
            verb="contact.portal_login_granted",
            target=contact,
            before={"user": None},
            after={"user": user.get_username()},
        )
    return Saved(user, created=True)


def _contact_values(fields: ContactFields, defaults: RolePermissions) -> dict[str, Any]:
    def flag(value: bool | None, default: bool) -> bool:
        return default if value is None else value

    return {
        "name": fields.name,
        "email": fields.email,
        "phone": fields.phone,
        "whatsapp": fields.whatsapp,
        "whatsapp_opt_in": fields.whatsapp_opt_in,
        "role": fields.role,
        "may_open_cases": flag(fields.may_open_cases, defaults.may_open_cases),
        "may_verify_cases": flag(fields.may_verify_cases, defaults.may_verify_cases),
        "may_sign_purchase_orders": flag(
            fields.may_sign_purchase_orders, defaults.may_sign_purchase_orders
        ),
        "language": fields.language,
        "is_active": fields.is_active,
        "away_until": fields.away_until,
    }


def _refuse_taken_email(
    organization: Organization, email: str, *, exclude: int | None = None
) -> None:
    if not email:
        return
    taken = Contact.objects.filter(organization=organization, email__iexact=email)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise InvalidInput(
            [
                InvalidValue(
                    "email_taken",
                    _("Another contact of %(organization)s already has the email %(email)s.")
                    % {"organization": organization.legal_name, "email": email},
                    field="email",
                )
            ]
        )
