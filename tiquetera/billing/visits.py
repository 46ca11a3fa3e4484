"""The on-site visits a contract's month counts against its free visits (`services.
onsite_visit_lines`; the policy simulator reads a window's at once)."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Charge


def onsite_visits(
    contract: int | Iterable[int], starts: dt.date, ends: dt.date
) -> QuerySet[Charge]:
    """The on-site visits charged to the contract(s) from `starts` to `ends` (excluded) that
    count against the month's free visits: not quoted, not credited back."""
    contracts = [contract] if isinstance(contract, int) else list(contract)
    return Charge.objects.filter(
        contract__in=contracts,
        kind=Charge.Kind.ONSITE_VISIT,
        quote__isnull=True,
        credited_at__isnull=True,
        occurred_on__gte=starts,
        occurred_on__lt=ends,
    )
