"""The WhatsApp worker (huey): webhook deliveries processed and messages sent, each by a sweep
every minute and a prompt run after the commit that queued work. Both claim rows one by one, so
they never do the same work twice."""

from dataclasses import asdict

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_periodic_task(crontab(minute="*"))
def process_due_webhooks() -> None:
    services.process_due()


@db_task()
def process_queued_webhooks() -> dict[str, int]:
    return asdict(services.process_due())


@db_periodic_task(crontab(minute="*"))
def send_due_whatsapp() -> None:
    services.send_due()


@db_task()
def send_queued_whatsapp() -> dict[str, int]:
    return asdict(services.send_due())
