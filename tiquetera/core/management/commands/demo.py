"""`tiquetera demo`: migrate, load a demo policy and users, then run web server and worker
together until Ctrl-C. For a laptop, on the embedded SQLite database and queue."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DEMO_USERS = [
    # (username, password, first name, superuser): demo-only logins, printed on every start
    ("admin", "admin-demo", "Administración", True),
    ("agente", "agente-demo", "Ana", False),
]


class Command(BaseCommand):
    help = "Set up the demo (migrate, demo policy, demo logins) and run web server + worker."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--addr", default=os.environ.get("DEMO_ADDR", "127.0.0.1:8000"))
        parser.add_argument("--preset", default="jq-systems", help="the policy preset to load")
        parser.add_argument(
            "--setup-only", action="store_true", help="prepare the data and exit without serving"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("policy", "load", options["preset"], verbosity=0)
        self._users()
        if options["setup_only"]:
            self.stdout.write(self.style.SUCCESS("Demo data ready."))
            return
        self._serve(options["addr"])

    def _users(self) -> None:
        User = get_user_model()
        for username, password, first_name, superuser in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first_name}
            )
            if created:
                user.set_password(password)
            user.is_staff = True
            user.is_superuser = superuser
            user.save()

    def _serve(self, addr: str) -> None:
        me = [sys.executable, "-m", "tiquetera"]
        children = [
            subprocess.Popen([*me, "runserver", "--noreload", addr]),
            subprocess.Popen([*me, "worker"]),
        ]
        url = f"http://{addr}/"
        try:
            self._wait_healthy(url + "healthz", children)
            self.stdout.write(
                self.style.SUCCESS(f"\nTiquetera is running at {url}\n")
                + "Demo logins (user / password):\n"
                + "".join(
                    f"  {u:<8} / {p}{'  (configuration: ' + url + 'admin/)' if s else ''}\n"
                    for u, p, _, s in DEMO_USERS
                )
                + "Web server and worker are running; press Ctrl-C to stop both.\n"
            )
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
            raise CommandError("A demo process stopped unexpectedly; see the messages above.")
        except KeyboardInterrupt:
            self.stdout.write("\nStopping…")
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGINT)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()

    @staticmethod
    def _wait_healthy(url: str, children: list[subprocess.Popen[bytes]]) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(child.poll() is not None for child in children):
                raise CommandError("The web server or the worker failed to start.")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise CommandError(f"The web server did not answer at {url} within a minute.")
