"""`tiquetera entitlements ORG`: what is left of an organization's plan this period."""

import datetime as dt
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from tiquetera.contracts import selectors
from tiquetera.contracts.allowance_text import usable_text
from tiquetera.contracts.errors import ContractsError


def priority_label(code: str) -> str:
    """'P1' -> 'Priority 1', 'S3' -> 'Severity 3', anything else as it is."""
    if len(code) > 1 and code[1:].isdigit():
        if code[0] == "P":
            return _("Priority %(number)s") % {"number": code[1:]}
        if code[0] == "S":
            return _("Severity %(number)s") % {"number": code[1:]}
    return code


def describe_line(label: str, line: selectors.AllowanceLine) -> str:
    return usable_text(label, line)


def as_json(line: selectors.AllowanceLine) -> dict[str, Any]:
    return {
        "priority": line.priority,
        "cap": line.cap,
        "used": line.used,
        "left": line.left,
        "usable": line.usable,
        "limited_by": line.limited_by,
    }


class Command(BaseCommand):
    help = "What is left of an organization's plan in the period holding a day (default: today)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("organization", help="id, tax id or legal name")
        parser.add_argument("--at", help="a day such as 2026-07-15 (default: today)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        ref = options["organization"]
        matches = selectors.find_organization(ref)
        if len(matches) != 1:
            choices = ", ".join(f"{o.pk} {o.legal_name}" for o in matches)
            error = ContractsError(
                "unknown_organization",
                field="organization",
                value=ref,
                choices=f" ({_('it could be')}: {choices})" if choices else "",
            )
            raise CommandError(error.message)
        organization = matches[0]
        day = self._day(options["at"]) if options["at"] else timezone.now()
        allowances = selectors.remaining_allowance(organization, day)
        if options["json"]:
            self.stdout.write(json.dumps(self._json(organization.pk, allowances), indent=2))
            return
        self.stdout.write(organization.legal_name)
        if not allowances:
            self.stdout.write(_("No active plan."))
        for allowance in allowances:
            self.stdout.write(
                _("%(plan)s, from %(starts)s to %(last)s")
                % {
                    "plan": allowance.contract.plan.name,
                    "starts": allowance.starts.isoformat(),
                    "last": (allowance.ends - dt.timedelta(days=1)).isoformat(),
                }
            )
            for line in allowance.priorities:
                self.stdout.write("  " + describe_line(priority_label(line.priority or ""), line))
            self.stdout.write("  " + describe_line(_("Total"), allowance.total))

    def _day(self, text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CommandError(
                _("“%(value)s” is not a date such as 2026-12-24.") % {"value": text}
            ) from None

    def _json(self, organization_id: int, allowances: list[selectors.ContractAllowance]) -> Any:
        return {
            "organization": organization_id,
            "contracts": [
                {
                    "contract": a.contract.pk,
                    "plan": a.contract.plan.key,
                    "starts": a.starts.isoformat(),
                    "last_day": (a.ends - dt.timedelta(days=1)).isoformat(),
                    "total": as_json(a.total),
                    "priorities": [as_json(line) for line in a.priorities],
                }
                for a in allowances
            ],
        }
