"""The daily billing sweep (huey): plan fees. Tasks take dates as ISO strings."""

import datetime as dt
import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .fees import bill_plan_fees

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="0", minute="30"))
def daily_plan_fees() -> None:
    bill_fees(timezone.localdate().isoformat())


@db_task()
def bill_fees(day: str) -> int:
    """Bill the plan fees due on `day` (after the contract sweep has renewed what is due)."""
    created = bill_plan_fees(dt.date.fromisoformat(day))
    logger.info("plan fees %s: %s billed", day, len(created))
    return len(created)
