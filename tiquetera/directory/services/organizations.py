"""Organizations: cleaning, creating and updating them, and setting their payment standing."""

import zoneinfo
from dataclasses import dataclass, replace
from typing import Any

import phonenumbers
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tiquetera.audit.services import record
from tiquetera.policy.models import Policy

from ..errors import InvalidInput, InvalidValue
from ..models import Organization
from ..validation import validate_tax_id
from .shared import Saved, assign_and_record, require_agent, required, too_long

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
class OrganizationFields:
    legal_name: str
    tax_id: str = ""
    country: str = "CO"
    time_zone: str = ""  # "" = the country's zone
    edition: str = ""
    locality: str = "local"  # Organization.Locality: "local" or "out_of_town"
    notes: str = ""
    is_active: bool = True


def clean_organization(
    fields: OrganizationFields, *, policy: Policy
) -> tuple[OrganizationFields, list[str]]:
    """The fields normalised (tax id per country, upper-case country and edition, a time zone);
    raises InvalidInput listing every refused field."""
    problems: list[InvalidValue] = []
    legal_name = " ".join(fields.legal_name.split())
    if not legal_name:
        problems.append(required("legal_name", _("The legal name is required.")))
    elif len(legal_name) > 200:
        problems.append(too_long("legal_name", _("legal name"), 200))
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
        problems.append(too_long("edition", _("product edition"), 32))
    if fields.locality not in Organization.Locality.values:
        problems.append(
            InvalidValue(
                "locality_unknown",
                _("“%(value)s” is not a locality (local or out_of_town).")
                % {"value": fields.locality},
                field="locality",
            )
        )
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
    """A new client organization under `policy`, in standing "current" (audited as
    "organization.created")."""
    require_agent(actor)
    cleaned, warnings = clean_organization(fields, policy=policy)
    _refuse_taken_tax_id(policy, cleaned)
    values = _organization_values(cleaned)
    with transaction.atomic():
        organization = Organization.objects.create(policy=policy, **values)
        record(
            actor=actor,
            verb="organization.created",
            target=organization,
            after={"policy": policy.slug, **values},
        )
    return Saved(organization, warnings, created=True)


def update_organization(
    organization: Organization, fields: OrganizationFields, *, actor: User | None
) -> Saved[Organization]:
    """The organization with these fields; saved (and audited as "organization.updated") only
    when something differs."""
    require_agent(actor)
    cleaned, warnings = clean_organization(fields, policy=organization.policy)
    _refuse_taken_tax_id(organization.policy, cleaned, exclude=organization.pk)
    changed = assign_and_record(
        organization, _organization_values(cleaned), actor=actor, verb="organization.updated"
    )
    return Saved(organization, warnings, changed=changed)


def set_payment_standing(
    organization: Organization, standing: str, *, actor: User | None
) -> Saved[Organization]:
    """Marks the client current or behind on payments, recording who did it and when.

    Setting the standing it already has changes nothing (the earlier who/when stay, no audit
    event); a change is audited as "organization.standing_set"."""
    require_agent(actor)
    if standing not in Organization.Standing.values:
        raise InvalidValue(
            "standing_unknown",
            _("“%(value)s” is not a payment standing (current or behind).") % {"value": standing},
            field="standing",
        )
    if organization.standing == standing:
        return Saved(organization, changed=False)
    before = organization.standing
    organization.standing = standing
    organization.standing_set_by = actor
    organization.standing_set_at = timezone.now()
    with transaction.atomic():
        organization.save(update_fields=["standing", "standing_set_by", "standing_set_at"])
        record(
            actor=actor,
            verb="organization.standing_set",
            target=organization,
            before={"standing": before},
            after={"standing": standing},
        )
    return Saved(organization)


def _organization_values(fields: OrganizationFields) -> dict[str, Any]:
    return {
        "legal_name": fields.legal_name,
        "tax_id": fields.tax_id,
        "country": fields.country,
        "time_zone": fields.time_zone,
        "edition": fields.edition,
        "locality": fields.locality,
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
