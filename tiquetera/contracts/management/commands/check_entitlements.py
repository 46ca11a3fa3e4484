"""`tiquetera check_entitlements`: every counter equals the live consumptions it counts."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tiquetera.contracts.selectors import entitlement_mismatches


class Command(BaseCommand):
    help = "Check that every entitlement counter equals its live (covered, not credited) cases."

    def handle(self, *args: Any, **options: Any) -> None:
        mismatches = entitlement_mismatches()
        for m in mismatches:
            self.stderr.write(
                _(
                    "Period %(period)s, %(counter)s: the counter says %(counted)s, "
                    "the cases %(live)s."
                )
                % {
                    "period": m.period_id,
                    "counter": m.priority or _("total"),
                    "counted": m.counted,
                    "live": m.live,
                }
            )
        if mismatches:
            raise CommandError(
                _("%(count)s counters do not match their cases.") % {"count": len(mismatches)}
            )
        self.stdout.write(_("Every counter matches its cases."))
