"""`tiquetera import organizations`: client organizations, upserted by tax id or legal name."""

from typing import Any

from django.utils.translation import gettext as _

from .. import services
from ..errors import InvalidInput, InvalidValue
from ..models import Organization
from .base import ImportKind, Planned, Row, header_key, parse_choice

_COUNTRIES = {"colombia": "CO", "mexico": "MX", "panama": "PA"}
_STANDINGS = {
    "current": Organization.Standing.CURRENT,
    "al_dia": Organization.Standing.CURRENT,
    "behind": Organization.Standing.BEHIND,
    "en_mora": Organization.Standing.BEHIND,
    "mora": Organization.Standing.BEHIND,
    "atrasado": Organization.Standing.BEHIND,
}


class OrganizationImport(ImportKind):
    """Upsert by policy + country + tax id, or by legal name when the row has no tax id."""

    name = "organizations"
    columns = {
        "legal_name": ("razon_social", "nombre", "empresa", "name"),
        "tax_id": ("nit", "rfc", "ruc", "identificacion_tributaria"),
        "country": ("pais",),
        "time_zone": ("zona_horaria", "timezone"),
        "edition": ("edicion",),
        "standing": ("estado_de_pago", "estado_pago", "cartera"),
        "notes": ("notas", "observaciones"),
    }
    required = ("legal_name",)
    key_column = "tax_id"

    def load(self) -> None:
        self.by_tax_id: dict[tuple[str, str], Organization] = {}
        self.by_name: dict[str, Organization] = {}
        for org in Organization.objects.filter(policy=self.policy).select_related("policy"):
            if org.tax_id:
                self.by_tax_id[(org.country, org.tax_id)] = org
            self.by_name.setdefault(org.legal_name.casefold(), org)

    def check(self, row: Row) -> Planned:
        problems: list[InvalidValue] = []
        country_text = row.get("country") or self.policy.country or "CO"
        country = _COUNTRIES.get(header_key(country_text), country_text.upper())
        standing = parse_choice(
            row.get("standing"),
            _STANDINGS,
            "standing",
            _("“%(value)s” is not a payment standing: write al día or en mora."),
            problems,
        )
        fields = services.OrganizationFields(
            legal_name=row.get("legal_name"),
            tax_id=row.get("tax_id"),
            country=country,
            time_zone=row.get("time_zone"),
            edition=row.get("edition"),
            notes=row.get("notes"),
        )
        try:
            cleaned, warnings = services.clean_organization(fields, policy=self.policy)
        except InvalidInput as error:
            raise InvalidInput(error.problems + problems) from None
        if problems:
            raise InvalidInput(problems)
        if cleaned.tax_id:
            key: tuple[Any, ...] = ("tax_id", cleaned.country, cleaned.tax_id)
            existing = self.by_tax_id.get((cleaned.country, cleaned.tax_id))
        else:
            key = ("legal_name", cleaned.legal_name.casefold())
            existing = self.by_name.get(cleaned.legal_name.casefold())
        if existing is not None:
            cleaned = services.OrganizationFields(
                legal_name=cleaned.legal_name,
                tax_id=cleaned.tax_id or existing.tax_id,  # an import never erases a tax id
                country=cleaned.country,
                time_zone=cleaned.time_zone if row.has("time_zone") else existing.time_zone,
                edition=cleaned.edition if row.has("edition") else existing.edition,
                notes=cleaned.notes if row.has("notes") else existing.notes,
                is_active=existing.is_active,
            )
        return Planned(row, key, existing, {"fields": cleaned, "standing": standing}, warnings)

    def apply(self, plan: Planned) -> tuple[bool, bool]:
        fields, standing = plan.data["fields"], plan.data["standing"]
        if plan.existing is None:
            saved = services.create_organization(self.policy, fields, actor=None)
        else:
            saved = services.update_organization(plan.existing, fields, actor=None)
        changed = saved.changed
        if standing is not None:
            changed |= services.set_payment_standing(saved.obj, standing, actor=None).changed
        return saved.created, changed

    def describe_key(self, plan: Planned) -> str:
        if plan.key[0] == "tax_id":
            return _("tax id %(value)s") % {"value": plan.key[2]}
        return _("legal name “%(value)s”") % {"value": plan.data["fields"].legal_name}
