"""Recording the last run of a periodic job, for the operators' metrics (core/metrics.py)."""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from .models import JobRun


@contextmanager
def recorded_run(name: str) -> Iterator[None]:
    """Run the block as job `name` and store when it ran, for how long, and whether it failed
    (the exception still propagates). A run's record is one UPDATE or INSERT of one row."""
    started_at, clock = timezone.now(), time.monotonic()
    error = ""
    try:
        yield
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        finished_at = timezone.now()
        values: dict[str, object] = {
            "started_at": started_at,
            "finished_at": finished_at,
            "duration_seconds": time.monotonic() - clock,
            "error": error[:2000],
        }
        if not error:
            values["succeeded_at"] = finished_at
        JobRun.objects.update_or_create(name=name, defaults=values)
