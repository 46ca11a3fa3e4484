"""`tiquetera bill_plan_fees [--day 2026-07-01]`: bill the plan fees due on a day (the daily
task does it at 00:30; running it again bills nothing twice)."""

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from tiquetera.billing.fees import bill_plan_fees


class Command(BaseCommand):
    help = "Bill the plan fees due on a day (default: today); idempotent."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--day", help="a day such as 2026-07-01 (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(options["day"]) if options["day"] else None
        except ValueError:
            raise CommandError(
                _("“%(value)s” is not a date such as 2026-12-24.") % {"value": options["day"]}
            ) from None
        fees = bill_plan_fees(day or timezone.localdate())
        for fee in fees:
            self.stdout.write(
                _("%(organization)s: %(plan)s, %(net)s %(currency)s")
                % {
                    "organization": fee.organization.legal_name,
                    "plan": fee.description,
                    "net": fee.net,
                    "currency": fee.currency,
                }
            )
        self.stdout.write(_("%(count)s plan fees billed.") % {"count": len(fees)})
