"""Every change to the directory: organizations, their standing, contacts, portal logins, agents.

Each service validates and normalises its input (through `validation`), checks that the actor
may act, writes, and returns what it made together with warnings for the caller to show. An
`actor` of None is the operator at the command line (the CSV import), who is trusted.
"""

from .agents import add_agent
from .contacts import (
    ROLE_DEFAULTS,
    ContactFields,
    RolePermissions,
    clean_contact,
    create_contact,
    grant_portal_login,
    update_contact,
)
from .invitations import INVITATION_DAYS, invitation_link, invite_contact
from .organizations import (
    COUNTRY_TIME_ZONES,
    OrganizationFields,
    clean_organization,
    create_organization,
    set_payment_standing,
    update_organization,
)
from .shared import Saved

__all__ = [
    "COUNTRY_TIME_ZONES",
    "INVITATION_DAYS",
    "ROLE_DEFAULTS",
    "ContactFields",
    "OrganizationFields",
    "RolePermissions",
    "Saved",
    "add_agent",
    "clean_contact",
    "clean_organization",
    "create_contact",
    "create_organization",
    "grant_portal_login",
    "invitation_link",
    "invite_contact",
    "set_payment_standing",
    "update_contact",
    "update_organization",
]
