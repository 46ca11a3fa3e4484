"""`tiquetera import contacts`: people of client organizations, upserted by email or name."""

from typing import Any

from django.utils.translation import gettext as _

from tiquetera.policy.models import Policy

from .. import services
from ..errors import DirectoryError, InvalidInput, InvalidValue
from ..models import Contact
from .base import ImportKind, OrganizationLookup, Planned, Row, parse_choice, parse_flag

_ROLES = {
    "usr": Contact.Role.USR,
    "u_s_r": Contact.Role.USR,
    "supervisor": Contact.Role.USR,
    "manager": Contact.Role.MANAGER,
    "gerente": Contact.Role.MANAGER,
    "administrator": Contact.Role.ADMINISTRATOR,
    "administrador": Contact.Role.ADMINISTRATOR,
    "user": Contact.Role.USER,
    "usuario": Contact.Role.USER,
}


class ContactImport(ImportKind):
    """Upsert by organization + email, or organization + name when the row has no email. The
    organization column holds the organization's tax id or its legal name."""

    name = "contacts"
    columns = {
        "organization": ("organizacion", "empresa", "cliente", "razon_social", "nit"),
        "name": ("nombre", "nombre_completo", "full_name"),
        "email": ("correo", "correo_electronico", "e_mail"),
        "phone": ("telefono", "celular", "movil"),
        "whatsapp": (),
        "whatsapp_opt_in": ("acepta_whatsapp",),
        "role": ("rol",),
        "may_open_cases": ("puede_abrir_casos", "puede_abrir"),
        "may_verify_cases": ("puede_verificar_casos", "puede_verificar"),
        "may_sign_purchase_orders": ("puede_firmar_ordenes", "puede_firmar"),
        "language": ("idioma",),
    }
    required = ("organization", "name")
    key_column = "email"

    def __init__(self, policy: Policy, *, invite: bool = False) -> None:
        """`invite`: each contact of the file with an email who has not chosen a portal
        password yet is invited to the portal (`services.invite_contact`, in the import's
        transaction: a dry run or a failed import sends nothing)."""
        super().__init__(policy)
        self.invite = invite
        self.invited: list[Contact] = []
        self.not_invited: list[tuple[int, str]] = []  # (line, why)

    def load(self) -> None:
        self.organizations = OrganizationLookup(self.policy)
        self.contacts: dict[tuple[int, str], Contact] = {}
        for contact in Contact.objects.filter(organization__policy=self.policy).select_related(
            "organization"
        ):
            self.contacts[_contact_key(contact.organization_id, contact.email, contact.name)] = (
                contact
            )

    def check(self, row: Row) -> Planned:
        problems: list[InvalidValue] = []
        organization = self.organizations.find(row.get("organization"), problems)
        role = parse_choice(
            row.get("role"),
            _ROLES,
            "role",
            _("“%(value)s” is not a role: write USR, gerente, administrador or usuario."),
            problems,
        )
        flags = {
            column: parse_flag(row.get(column), column, problems)
            for column in ("may_open_cases", "may_verify_cases", "may_sign_purchase_orders")
        }
        opt_in = parse_flag(row.get("whatsapp_opt_in"), "whatsapp_opt_in", problems)
        if organization is None:
            raise InvalidInput(problems)
        existing = self.contacts.get(
            _contact_key(organization.pk, _email_key(row.get("email")), row.get("name"))
        )

        def kept(column: str, value: Any) -> Any:
            """An absent column keeps the contact's value; a new contact gets the default."""
            if row.has(column) or existing is None:
                return value
            return getattr(existing, column)

        fields = services.ContactFields(
            name=row.get("name"),
            email=row.get("email"),
            phone=kept("phone", row.get("phone")),
            whatsapp=kept("whatsapp", row.get("whatsapp")),
            whatsapp_opt_in=bool(kept("whatsapp_opt_in", opt_in)),
            role=role or (existing.role if existing else Contact.Role.USER),
            language=kept("language", row.get("language") or "es"),
            may_open_cases=flags["may_open_cases"],
            may_verify_cases=flags["may_verify_cases"],
            may_sign_purchase_orders=flags["may_sign_purchase_orders"],
            away_until=existing.away_until if existing else None,
        )
        try:
            cleaned, warnings = services.clean_contact(fields, country=organization.country)
        except InvalidInput as error:
            raise InvalidInput(error.problems + problems) from None
        if problems:
            raise InvalidInput(problems)
        key = _contact_key(organization.pk, cleaned.email, cleaned.name)
        data = {"organization": organization, "fields": cleaned}
        return Planned(row, key, existing, data, warnings)

    def apply(self, plan: Planned) -> tuple[bool, bool]:
        fields = plan.data["fields"]
        if plan.existing is None:
            saved = services.create_contact(plan.data["organization"], fields, actor=None)
        else:
            saved = services.update_contact(plan.existing, fields, actor=None)
        if self.invite:
            self._invite(saved.obj, plan.row.line)
        return saved.created, saved.changed

    def _invite(self, contact: Contact, line: int) -> None:
        if contact.user is not None and contact.user.has_usable_password():
            return  # signed in already: nothing to invite them to
        try:
            services.invite_contact(contact, actor=None)
        except DirectoryError as error:
            self.not_invited.append((line, error.message))
        else:
            self.invited.append(contact)

    def describe_key(self, plan: Planned) -> str:
        fields = plan.data["fields"]
        return _("contact %(who)s of %(organization)s") % {
            "who": fields.email or fields.name,
            "organization": plan.data["organization"].legal_name,
        }


def _email_key(email: str) -> str:
    return email.strip().lower()


def _contact_key(organization_id: int, email: str, name: str) -> tuple[int, str]:
    if email.strip():
        return (organization_id, "email:" + _email_key(email))
    return (organization_id, "name:" + " ".join(name.split()).casefold())
