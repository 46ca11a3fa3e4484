"""The cases' worker tasks (huey): the nightly recount of the agents' working cases."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .workload import recount

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="3", minute="30"))
def recount_working_cases() -> int:
    off = recount()
    if off:
        logger.warning("Working cases recounted: %d agents' counts were off", off)
    return off
