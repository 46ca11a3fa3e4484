"""The email worker (huey): every minute, read the mailboxes and process what is waiting.

No task lock: a lock left by a killed worker would stop the channel, and two runs at once are
harmless (a message is stored once by its Message-ID, and processed once under a row lock)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import fetching


@db_periodic_task(crontab(minute="*"))
def fetch_email() -> None:
    fetching.fetch_all()
