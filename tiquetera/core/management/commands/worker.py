"""`tiquetera worker`: the huey consumer (same as `run_huey`). With `--quiet` it logs warnings and
errors only, not a line per job (`tiquetera demo` runs it so)."""

import logging
from typing import Any

from huey.contrib.djhuey.management.commands.run_huey import Command as RunHuey


class Command(RunHuey):
    help = "Run the background worker (huey consumer) for notifications, sweeps and timers."

    def handle(self, *args: Any, **options: Any) -> None:
        # huey's own --quiet only sets up a logger that has no handlers; ours (settings) has one
        if options.get("verbose") is False:
            for name in ("huey", ""):
                logging.getLogger(name).setLevel(logging.WARNING)
        super().handle(*args, **options)
