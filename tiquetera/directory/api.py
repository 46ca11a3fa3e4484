"""/api/v1/organizations: the client organizations and their contacts, as the caller may see
them — every one for an agent, its own for a client (another is a 404)."""

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from tiquetera.api.auth import caller

from .models import Contact, Organization
from .selectors import contacts_of, organizations_for

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    id: int
    legal_name: str
    tax_id: str
    country: str
    time_zone: str
    edition: str
    locality: str  # local or out_of_town
    standing: str
    is_active: bool
    created_at: dt.datetime


class ContactOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    role: str
    may_verify_cases: bool
    whatsapp_opt_in: bool
    is_active: bool


@router.get("", response=list[OrganizationOut])
def list_organizations(request: HttpRequest) -> list[Organization]:
    return list(organizations_for(caller(request)).order_by("legal_name", "pk"))


@router.get("/{organization_id}", response=OrganizationOut)
def read_organization(request: HttpRequest, organization_id: int) -> Organization:
    return _organization(request, organization_id)


@router.get("/{organization_id}/contacts", response=list[ContactOut])
def list_contacts(request: HttpRequest, organization_id: int) -> list[Contact]:
    organization = _organization(request, organization_id)
    return list(contacts_of(organization, caller(request)).order_by("name", "pk"))


def _organization(request: HttpRequest, organization_id: int) -> Organization:
    organization = organizations_for(caller(request)).filter(pk=organization_id).first()
    if organization is None:
        raise Http404
    return organization
