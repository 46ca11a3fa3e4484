"""The SLA worker (huey): every minute, the sweep (warnings, breaches, their notices) and the
auto-close of cases waiting on the client. Both claim what they act on (a conditional UPDATE,
a row lock), so two workers running them at once do nothing twice.

The task takes the moment as an ISO string, never an object, so a run can be replayed.
"""

import datetime as dt
import logging
from dataclasses import asdict

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from tiquetera.core.jobruns import recorded_run

from .sweep import sweep
from .timers import auto_close_waiting

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def sla_minute() -> None:
    run_sla_timers.call_local(timezone.now().isoformat())


@db_task()
def run_sla_timers(moment: str) -> dict[str, int]:
    now = dt.datetime.fromisoformat(moment)
    with recorded_run("sla_sweep"):  # its duration and lag are operators' metrics
        counts = asdict(sweep(now))
        counts["auto_closed"] = auto_close_waiting(now)
    if counts["auto_closed"]:
        logger.info("SLA timers %s: %s", moment, counts)
    return counts
