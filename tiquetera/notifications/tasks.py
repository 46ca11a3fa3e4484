"""The outbox worker (huey): a sweep every minute, and a prompt one after each commit that
queued email (`services.queue_email`). Both run `send_due`, which claims rows one by one, so
they never send an email twice."""

from dataclasses import asdict

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_periodic_task(crontab(minute="*"))
def send_due_notifications() -> None:
    services.send_due()


@db_task()
def send_queued() -> dict[str, int]:
    return asdict(services.send_due())
