"""Simulations asked for from the desk (the Simulador): checked at once (`preflight`), kept as a
`SimulationReport` and run by the worker (`tasks.run_simulation`), which stores the report the
page then shows. A simulation can take minutes on a big desk; the page polls meanwhile."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from tiquetera.policy.models import SimulationReport
from tiquetera.policy.problems import PolicyFileError
from tiquetera.policy.revisions import checksum

from . import report as reports
from .errors import SimulationError
from .preflight import preflight

logger = logging.getLogger(__name__)
Status = SimulationReport.Status


def request_simulation(
    text: str,
    *,
    filename: str,
    start: dt.date | None,
    end: dt.date | None,
    organization: str = "",
    expected: str = "",
    actor: AbstractBaseUser | None,
    language: str | None = None,
) -> SimulationReport:
    """Check the file and window as `simulate` would (`preflight`), keep the request and queue
    its run once this commits. Raises PolicyFileError or SimulationError (nothing is kept)."""
    text = text.replace("\r\n", "\n")  # a browser's textarea sends CRLF; files are read as LF
    prepared = preflight(
        text,
        filename=filename,
        start=start,
        end=end,
        organization=organization,
        expected=expected,
    )
    with transaction.atomic():
        stored = SimulationReport.objects.create(
            policy=prepared.policy,
            filename=filename[:200],
            text=text,
            checksum=checksum(text),
            start=prepared.start,
            end=prepared.end,
            organization=organization,
            language=language or translation.get_language() or "es",
            requested_by_id=actor.pk if actor else None,
            requested_at=timezone.now(),
        )
        transaction.on_commit(lambda: _run_soon(stored.pk))
    return stored


def _run_soon(pk: int) -> None:
    from tiquetera.policy.tasks import run_simulation  # the tasks module imports this one

    run_simulation(pk)


def run_stored(pk: int) -> SimulationReport | None:
    """Run a queued simulation and keep its report (or why it did not run). Claimed with a
    conditional UPDATE, so two workers never run one twice."""
    claimed = SimulationReport.objects.filter(pk=pk, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    stored = SimulationReport.objects.get(pk=pk)
    with translation.override(stored.language):
        try:
            result = reports.simulate(
                stored.text,
                filename=stored.filename,
                start=stored.start,
                end=stored.end,
                organization=stored.organization,
            )
        except PolicyFileError as error:
            stored.status, stored.error = Status.FAILED, "\n".join(error.lines())
        except SimulationError as error:
            stored.status, stored.error = Status.FAILED, error.message
        except Exception:  # kept on the report: the page must not poll for ever
            logger.exception("Simulation %s failed", pk)
            stored.status = Status.FAILED
            stored.error = translation.gettext(
                "The simulation stopped with an unexpected error; the worker's log has the details."
            )
        else:
            stored.status, stored.report = Status.DONE, reports.build(result)
    stored.finished_at = timezone.now()
    stored.save(update_fields=["status", "error", "report", "finished_at"])
    return stored


def give_up_stale(now: dt.datetime | None = None) -> int:
    """Mark failed, saying why, each simulation still running `SIMULATION_TIME_LIMIT` after a
    worker took it: its worker died (killed, its machine restarted) and nothing will finish it
    — its page would otherwise wait for ever. A run that does finish later still keeps its
    report. Returns how many were given up."""
    now = now or timezone.now()
    cutoff = now - settings.SIMULATION_TIME_LIMIT
    stale = SimulationReport.objects.filter(status=Status.RUNNING).filter(
        Q(started_at__lt=cutoff) | Q(started_at__isnull=True, requested_at__lt=cutoff)
    )
    if not stale.exists():  # a read: on SQLite a running simulation holds the one write lock
        return 0
    minutes = int(settings.SIMULATION_TIME_LIMIT.total_seconds() // 60)
    return stale.update(
        status=Status.FAILED,
        finished_at=now,
        error=translation.gettext(
            "The worker running this simulation stopped before it finished: it has been "
            "running for more than %(minutes)s minutes. Simulate the file again."
        )
        % {"minutes": minutes},
    )


def simulations(policy_id: int | None = None) -> QuerySet[SimulationReport]:
    """The simulations asked for, newest first, without their file or report (the list)."""
    found = SimulationReport.objects.select_related("policy", "requested_by").defer(
        "text", "report"
    )
    return found.filter(policy_id=policy_id) if policy_id else found
