"""`tiquetera worker`: the huey consumer (same as `run_huey`)."""

from huey.contrib.djhuey.management.commands.run_huey import Command as RunHuey


class Command(RunHuey):
    help = "Run the background worker (huey consumer) for notifications, sweeps and timers."
