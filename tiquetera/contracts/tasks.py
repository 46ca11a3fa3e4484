"""The daily contract sweep (huey): renewals, expiries, period roll-over and renewal notices
(queued in the outbox, which sends them).

Tasks take dates as ISO strings, never objects. Each service claims its rows with conditional
UPDATEs, so two workers running the sweep at once do nothing twice. Consuming does not depend on
the sweep: `consume` renews what is due and opens the current period itself.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import notifications, services

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="0", minute="15"))
def daily_contract_sweep() -> None:
    sweep_contracts(timezone.localdate().isoformat())


@db_task()
def sweep_contracts(day: str) -> dict[str, int]:
    """Renew, then expire, then roll periods over, then claim the renewal notices due on `day`.
    The order matters: a renewed contract must not be expired, and must get its new period."""
    today = dt.date.fromisoformat(day)
    renewed = services.renew_contracts(today)
    expired = services.expire_contracts(today)
    rolled = services.roll_over(today)
    with transaction.atomic():  # a claimed notice is queued, or not claimed; the outbox retries
        notices = services.renewal_notices_due(today)
        for contract in notices:
            notifications.queue_renewal_notice(contract)
    summary = {
        "renewed": len(renewed),
        "expired": len(expired),
        "periods_opened": rolled.opened,
        "periods_expired": rolled.expired,
        "renewal_notices": len(notices),
    }
    logger.info("contract sweep %s: %s", day, summary)
    return summary
