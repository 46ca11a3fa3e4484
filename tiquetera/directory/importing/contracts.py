"""`tiquetera import contracts`: the contracts of client organizations, started through the
contracts services. A row is matched to a stored contract by organization + plan + start;
contracts are created, never changed, by an import."""

import datetime as dt
import re

from django.utils.translation import gettext as _

from tiquetera.contracts.errors import ContractsError
from tiquetera.contracts.models import Contract, Plan
from tiquetera.contracts.services import check_new_contract, find_plan, start_contract

from ..errors import InvalidInput, InvalidValue
from ..models import Organization
from .base import ImportKind, OrganizationLookup, Planned, Row, parse_flag

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")

ContractKey = tuple[int, int, dt.date]  # organization, plan, start


class ContractImport(ImportKind):
    """Create the contracts a stored one (organization + plan + start) does not already match.
    Every new row passes `check_new_contract`, and no two new rows for the same organization and
    plan may overlap either."""

    name = "contracts"
    columns = {
        "organization": ("organizacion", "empresa", "cliente", "razon_social", "nit"),
        "plan": ("plan_key",),
        "start": ("inicio", "fecha_inicio"),
        "end": ("fin", "fecha_fin"),
        "auto_renew": ("renovacion_automatica", "renueva", "renovable"),
        "legacy": ("anterior", "heredado"),
    }
    required = ("organization", "plan", "start", "auto_renew")
    key_column = "start"

    def load(self) -> None:
        self.organizations = OrganizationLookup(self.policy)
        self.contracts: dict[ContractKey, Contract] = {
            (c.organization_id, c.plan_id, c.start): c
            for c in Contract.objects.filter(organization__policy=self.policy)
        }
        self.plans: dict[str, Plan | ContractsError] = {}
        # The new contracts of the rows checked so far, by organization and plan.
        self.new_in_file: dict[tuple[int, int], list[tuple[dt.date, dt.date | None, int]]] = {}

    def check(self, row: Row) -> Planned:
        problems: list[InvalidValue] = []
        organization = self.organizations.find(row.get("organization"), problems)
        plan = self._plan(organization, row.get("plan"), problems)
        start = parse_date(row.get("start"), "start", problems)
        if not row.get("start"):
            problems.append(
                InvalidValue("required", _("The start date is required."), field="start")
            )
        end = parse_date(row.get("end"), "end", problems)
        legacy = bool(parse_flag(row.get("legacy"), "legacy", problems))
        auto_renew = parse_flag(row.get("auto_renew"), "auto_renew", problems)
        if not row.get("auto_renew") and not legacy:
            problems.append(
                InvalidValue(
                    "required",
                    _("Say whether the contract renews automatically: sí or no."),
                    field="auto_renew",
                )
            )
        if problems or organization is None or plan is None or start is None:
            raise InvalidInput(problems)
        warnings = []
        if end is not None and (end + dt.timedelta(days=1)).day == start.day != end.day:
            warnings.append(
                _(
                    "The end is the first day no longer covered: %(end)s leaves %(end)s out; "
                    "write %(next)s if it is the last day covered."
                )
                % {"end": end, "next": end + dt.timedelta(days=1)}
            )
        if legacy and auto_renew:
            warnings.append(
                _("A legacy contract is never renewed: its automatic renewal is ignored.")
            )
        data = {
            "organization": organization,
            "plan": plan,
            "start": start,
            "end": end,
            "auto_renew": bool(auto_renew) and not legacy,
            "legacy": legacy or plan.is_legacy,
        }
        key = (organization.pk, plan.pk, start)
        existing = self.contracts.get(key)
        if existing is not None:
            if (existing.end, existing.auto_renew, existing.is_legacy) != (
                end,
                data["auto_renew"],
                data["legacy"],
            ):
                warnings.append(
                    _(
                        "The contract already exists with another end, renewal or legacy mark; "
                        "an import leaves it as it is."
                    )
                )
            return Planned(row, key, existing, data, warnings)
        try:
            check_new_contract(organization, plan, start=start, end=end, legacy=legacy)
        except ContractsError as error:
            raise InvalidInput(
                [InvalidValue(error.code, error.message, field=error.field)]
            ) from None
        self._check_overlap_in_file(row, plan, key, end)
        return Planned(row, key, None, data, warnings)

    def apply(self, plan: Planned) -> tuple[bool, bool]:
        if plan.existing is not None:
            return False, False
        data = plan.data
        start_contract(
            data["organization"],
            data["plan"],
            start=data["start"],
            end=data["end"],
            auto_renew=data["auto_renew"],
            legacy=data["legacy"],
            actor=None,
        )
        return True, True

    def describe_key(self, plan: Planned) -> str:
        return _("contract of %(organization)s for the plan “%(plan)s” from %(start)s") % {
            "organization": plan.data["organization"].legal_name,
            "plan": plan.data["plan"].key,
            "start": plan.data["start"],
        }

    def _check_overlap_in_file(
        self, row: Row, plan: Plan, key: ContractKey, end: dt.date | None
    ) -> None:
        """check_new_contract sees the stored contracts; this sees the earlier rows' new ones."""
        organization_id, _plan_id, start = key
        earlier = self.new_in_file.setdefault((organization_id, plan.pk), [])
        for other_start, other_end, line in earlier:
            if (end is None or other_start < end) and (other_end is None or start < other_end):
                message = _(
                    "Line %(line)s has a contract of this organization for the plan “%(plan)s” "
                    "from %(start)s: contracts for the same plan cannot overlap."
                ) % {"line": line, "plan": plan.key, "start": other_start}
                raise InvalidInput([InvalidValue("overlapping_contract", message, field="start")])
        earlier.append((start, end, row.line))

    def _plan(
        self, organization: Organization | None, key: str, problems: list[InvalidValue]
    ) -> Plan | None:
        if not key:
            problems.append(
                InvalidValue(
                    "required",
                    _("The plan is required: its identifier in the policy."),
                    field="plan",
                )
            )
            return None
        if organization is None:
            return None
        if key not in self.plans:  # one query per plan, not per row
            try:
                self.plans[key] = find_plan(organization, key)
            except ContractsError as error:
                self.plans[key] = error
        found = self.plans[key]
        if isinstance(found, ContractsError):
            problems.append(InvalidValue(found.code, found.message, field=found.field))
            return None
        return found


def parse_date(text: str, column: str, problems: list[InvalidValue]) -> dt.date | None:
    """2026-07-01 or 01/07/2026 (day first, as written in Colombia, Mexico and Panama)."""
    if not text:
        return None
    try:
        if match := _DAY_MONTH_YEAR.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    problems.append(
        InvalidValue(
            "not_a_date",
            _("“%(value)s” is not a date: write 2026-07-01 or 01/07/2026.") % {"value": text},
            field=column,
        )
    )
    return None
