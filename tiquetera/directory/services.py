"""Every change to the directory: organizations, their standing, contacts, portal logins, agents.

Each service validates and normalises its input (through `validation`), checks that the actor
may act, writes, and returns what it made together with warnings for the caller to show. An
`actor` of None is the operator at the command line (the CSV import), who is trusted.
"""

import zoneinfo
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

import phonenumbers
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tiquetera.core.permissions import is_agent
from tiquetera.policy.models import Policy

from .errors import InvalidInput, InvalidValue, NotAllowed
from .models import Agent, Contact, Organization, Team
from .selectors import is_vendor_admin as is_vendor_admin_user
from .validation import check_email, normalize_phone, validate_tax_id

T = TypeVar("T")

# A country's zone when the organization names none (the policy's zone otherwise).
COUNTRY_TIME_ZONES = {
    "CO": "America/Bogota",
    "MX": "America/Mexico_City",
    "PA": "America/Panama",
    "PE": "America/Lima",
    "EC": "America/Guayaquil",
    "VE": "America/Caracas",
    "CR": "America/Costa_Rica",
    "GT": "America/Guatemala",
    "CL": "America/Santiago",
    "AR": "America/Argentina/Buenos_Aires",
    "ES": "Europe/Madrid",
    "US": "America/New_York",
}


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


@dataclass
class Saved(Generic[T]):
    """What a service made or changed, and the warnings to show to whoever asked."""

    obj: T
    warnings: list[str] = field(default_factory=list)
    created: bool = False
    changed: bool = True


@dataclass(frozen=True)
class OrganizationFields:
    legal_name: str
    tax_id: str = ""
    country: str = "CO"
    time_zone: str = ""  # "" = the country's zone
    edition: str = ""
    notes: str = ""
    is_active: bool = True


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


# --- Organizations ----------------------------------------------------------------------------


def clean_organization(
    fields: OrganizationFields, *, policy: Policy
) -> tuple[OrganizationFields, list[str]]:
    """The fields normalised (tax id per country, upper-case country and edition, a time zone);
    raises InvalidInput listing every refused field."""
    problems: list[InvalidValue] = []
    legal_name = " ".join(fields.legal_name.split())
    if not legal_name:
        problems.append(_required("legal_name", _("The legal name is required.")))
    elif len(legal_name) > 200:
        problems.append(_too_long("legal_name", _("legal name"), 200))
    country = fields.country.strip().upper()
    if country not in phonenumbers.SUPPORTED_REGIONS:
        problems.append(
            InvalidValue(
                "country_unknown",
                _("“%(value)s” is not a country code such as CO, MX or PA.")
                % {"value": fields.country},
                field="country",
            )
        )
    tax_id = ""
    try:
        tax_id = validate_tax_id(country, fields.tax_id)
    except InvalidValue as problem:
        problems.append(problem)
    time_zone = fields.time_zone.strip() or COUNTRY_TIME_ZONES.get(country, policy.time_zone)
    if not _is_time_zone(time_zone):
        problems.append(
            InvalidValue(
                "time_zone_unknown",
                _("“%(value)s” is not a known time zone (e.g. America/Bogota).")
                % {"value": time_zone},
                field="time_zone",
            )
        )
    edition = fields.edition.strip().upper()
    if len(edition) > 32:
        problems.append(_too_long("edition", _("product edition"), 32))
    if problems:
        raise InvalidInput(problems)
    cleaned = replace(
        fields,
        legal_name=legal_name,
        country=country,
        tax_id=tax_id,
        time_zone=time_zone,
        edition=edition,
        notes=fields.notes.strip(),
    )
    return cleaned, []


def create_organization(
    policy: Policy, fields: OrganizationFields, *, actor: User | None
) -> Saved[Organization]:
    """A new client organization under `policy`, in standing "current"."""
    _require_agent(actor)
    cleaned, warnings = clean_organization(fields, policy=policy)
    _refuse_taken_tax_id(policy, cleaned)
    organization = Organization.objects.create(policy=policy, **_organization_values(cleaned))
    return Saved(organization, warnings, created=True)


def update_organization(
    organization: Organization, fields: OrganizationFields, *, actor: User | None
) -> Saved[Organization]:
    """The organization with these fields; saved only when something differs."""
    _require_agent(actor)
    cleaned, warnings = clean_organization(fields, policy=organization.policy)
    _refuse_taken_tax_id(organization.policy, cleaned, exclude=organization.pk)
    changed = _assign(organization, _organization_values(cleaned))
    return Saved(organization, warnings, changed=changed)


def set_payment_standing(
    organization: Organization, standing: str, *, actor: User | None
) -> Saved[Organization]:
    """Marks the client current or behind on payments, recording who did it and when.

    Setting the standing it already has changes nothing (the earlier who/when stay)."""
    _require_agent(actor)
    if standing not in Organization.Standing.values:
        raise InvalidValue(
            "standing_unknown",
            _("“%(value)s” is not a payment standing (current or behind).") % {"value": standing},
            field="standing",
        )
    if organization.standing == standing:
        return Saved(organization, changed=False)
    organization.standing = standing
    organization.standing_set_by = actor
    organization.standing_set_at = timezone.now()
    organization.save(update_fields=["standing", "standing_set_by", "standing_set_at"])
    return Saved(organization)


def _organization_values(fields: OrganizationFields) -> dict[str, Any]:
    return {
        "legal_name": fields.legal_name,
        "tax_id": fields.tax_id,
        "country": fields.country,
        "time_zone": fields.time_zone,
        "edition": fields.edition,
        "notes": fields.notes,
        "is_active": fields.is_active,
    }


def _refuse_taken_tax_id(
    policy: Policy, fields: OrganizationFields, *, exclude: int | None = None
) -> None:
    if not fields.tax_id:
        return
    taken = Organization.objects.filter(policy=policy, country=fields.country, tax_id=fields.tax_id)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise InvalidInput(
            [
                InvalidValue(
                    "tax_id_taken",
                    _("Another organization already has the tax id %(value)s.")
                    % {"value": fields.tax_id},
                    field="tax_id",
                )
            ]
        )


def _is_time_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


# --- Contacts ---------------------------------------------------------------------------------


def clean_contact(fields: ContactFields, *, country: str) -> tuple[ContactFields, list[str]]:
    """The fields normalised (E.164 phones read with the organization's country, email with a
    lower-case domain); raises InvalidInput listing every refused field. A contact who accepts
    WhatsApp without a WhatsApp number gets their phone as that number."""
    problems: list[InvalidValue] = []
    warnings: list[str] = []
    name = " ".join(fields.name.split())
    if not name:
        problems.append(_required("name", _("The contact's full name is required.")))
    elif len(name) > 200:
        problems.append(_too_long("name", _("full name"), 200))
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
            _required("whatsapp", _("A contact who accepts WhatsApp needs a WhatsApp number."))
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
    """A new contact; permission flags left as None take the role's defaults (ROLE_DEFAULTS)."""
    _require_agent(actor)
    cleaned, warnings = clean_contact(fields, country=organization.country)
    _refuse_taken_email(organization, cleaned.email)
    defaults = ROLE_DEFAULTS[Contact.Role(cleaned.role)]
    contact = Contact.objects.create(
        organization=organization, **_contact_values(cleaned, defaults)
    )
    return Saved(contact, warnings, created=True)


def update_contact(
    contact: Contact, fields: ContactFields, *, actor: User | None
) -> Saved[Contact]:
    """The contact with these fields. A flag left as None keeps its value, unless the role
    changes: then it takes the new role's default. Saved only when something differs."""
    _require_agent(actor)
    cleaned, warnings = clean_contact(fields, country=contact.organization.country)
    _refuse_taken_email(contact.organization, cleaned.email, exclude=contact.pk)
    if cleaned.role != contact.role:
        defaults = ROLE_DEFAULTS[Contact.Role(cleaned.role)]
    else:
        defaults = RolePermissions(
            contact.may_open_cases, contact.may_verify_cases, contact.may_sign_purchase_orders
        )
    changed = _assign(contact, _contact_values(cleaned, defaults))
    return Saved(contact, warnings, changed=changed)


def grant_portal_login(contact: Contact, *, actor: User | None) -> Saved[User]:
    """The contact's portal user (created once, its username the contact's email), with an
    unusable password until the contact sets one through a reset."""
    _require_agent(actor)
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


# --- Agents -----------------------------------------------------------------------------------


def add_agent(
    user: User,
    teams: list[Team],
    skills: list[str],
    *,
    actor: User | None,
    is_vendor_admin: bool = False,
    is_active: bool = True,
) -> Saved[Agent]:
    """Makes the user an agent (staff) in these teams with these product-module skills, or
    updates an existing agent's teams, skills and admin role. Only a vendor admin may."""
    if actor is not None and not is_vendor_admin_user(actor):
        raise NotAllowed(
            "not_vendor_admin", _("Only a vendor administrator may add or change agents.")
        )
    cleaned_skills = list(dict.fromkeys(s.strip() for s in skills if s.strip()))
    with transaction.atomic():
        values = {
            "skills": cleaned_skills,
            "is_vendor_admin": is_vendor_admin,
            "is_active": is_active,
        }
        agent, created = Agent.objects.get_or_create(user=user, defaults=values)
        if not created:
            _assign(agent, values)
        agent.teams.set(teams)
        if not user.is_staff:  # an agent is a staff user (core.permissions.is_agent)
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return Saved(agent, created=created)


# --- Shared -----------------------------------------------------------------------------------


def _require_agent(actor: User | None) -> None:
    if actor is not None and not is_agent(actor):
        raise NotAllowed("not_an_agent", _("Only the vendor's agents may change the directory."))


def _assign(obj: Organization | Contact | Agent, values: dict[str, Any]) -> bool:
    """Sets the values that differ and saves just those; True when something changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def _required(field_name: str, message: str) -> InvalidValue:
    return InvalidValue("required", message, field=field_name)


def _too_long(field_name: str, label: str, limit: int) -> InvalidValue:
    return InvalidValue(
        "too_long",
        _("%(field)s: at most %(limit)s characters.") % {"field": capfirst(label), "limit": limit},
        field=field_name,
    )
