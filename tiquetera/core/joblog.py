"""The worker's log, one line per job: huey writes "Executing <task>" before a job and
"<task> executed in 0.012s" after it, and "Enqueueing periodic task" each minute; only the
"executed" line (and every warning and error) is kept. The consumer's list of known tasks at
start-up is dropped too."""

import logging

_DROPPED = {
    "Executing %s",
    "Enqueueing periodic task %s.",
    "Scheduler runs every %s second(s).",
    "Periodic tasks are %s.",
}


class OneLinePerJob(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        message = str(record.msg)
        return message not in _DROPPED and not message.startswith("The following commands")
