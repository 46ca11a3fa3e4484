"""The policy worker (huey): every minute, the scheduled policy revisions whose moment has come
are applied (`revisions.apply_due_revisions`, which claims each one, so two workers apply it
once), and the simulations whose worker died are given up (`simulation.stored.give_up_stale`).
The task takes the moment as an ISO string, so a run can be replayed."""

import datetime as dt
import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .revisions import apply_due_revisions

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def policy_minute() -> None:
    apply_policy_revisions.call_local(timezone.now().isoformat())
    give_up_stale_simulations.call_local()


@db_task()
def give_up_stale_simulations() -> int:
    """The simulations whose worker died are marked failed (`stored.give_up_stale`)."""
    from .simulation.stored import give_up_stale

    return give_up_stale()


@db_task()
def apply_policy_revisions(moment: str) -> list[int]:
    """The ids of the revisions applied (or failed) at `moment`."""
    done = apply_due_revisions(dt.datetime.fromisoformat(moment))
    for revision in done:
        logger.info("Policy revision %s of %s: %s", revision.pk, revision.slug, revision.state)
    return [revision.pk for revision in done]


@db_task()
def run_simulation(pk: int) -> str:
    """Run the Simulador's simulation `pk` (queued by `simulation.stored.request_simulation`)."""
    from .simulation.stored import run_stored

    stored = run_stored(pk)
    return stored.status if stored is not None else ""
