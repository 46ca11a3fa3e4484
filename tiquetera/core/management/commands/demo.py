"""`tiquetera demo`: migrate, load a preset policy and its demo desk (`tiquetera.core.demo`),
then run web server and worker together until Ctrl-C. For a laptop, on the embedded SQLite
database and queue. Its log keeps to what a person reads: the summary, the URL, the logins, the
web server's requests and any warning — not a line per background job."""

import logging
import os
import signal
import subprocess
import sys
import time
import urllib.request
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tiquetera.core.demo import CASES, DemoResult, load_demo
from tiquetera.policy.schema import preset_names
from tiquetera.tickets.statuses import Status

START_WAIT = 180.0  # seconds for the web server to answer, at least (a loaded machine: longer)
NOTICE_EVERY = 15.0  # seconds between the lines saying what it still waits for


class Command(BaseCommand):
    help = (
        "A demo desk (a preset policy, clients, contracts, agents and three months of cases) "
        "served with its worker until Ctrl-C."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--addr", default=os.environ.get("DEMO_ADDR", "127.0.0.1:8000"))
        parser.add_argument(
            "--policy",
            "--preset",
            dest="policy",
            default="jq-systems",
            choices=preset_names(),
            help="the bundled policy to show (default jq-systems)",
        )
        parser.add_argument("--cases", type=int, default=CASES, help=f"default {CASES}")
        parser.add_argument(
            "--setup-only", action="store_true", help="prepare the data and exit without serving"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's links (its emails, the notices written on its cases) lead to the demo itself,
        # not to SITE_URL's default port, unless SITE_URL is given.
        site_url = os.environ.get("SITE_URL") or f"http://{options['addr']}"
        settings.SITE_URL = site_url.rstrip("/")
        call_command("migrate", interactive=False, verbosity=0)
        started = time.monotonic()
        logging.disable(logging.INFO)  # the loading's sweeps and jobs: warnings only
        try:
            result = load_demo(options["policy"], cases_count=options["cases"])
        finally:
            logging.disable(logging.NOTSET)
        self.stdout.write(self._summary(result, time.monotonic() - started))
        if options["setup_only"]:
            self.stdout.write(self._logins(result))
            return
        # a machine that loaded the demo slowly starts its web server slowly too
        self._serve(options["addr"], result, wait=max(START_WAIT, 2 * (time.monotonic() - started)))

    def _summary(self, result: DemoResult, seconds: float) -> str:
        name = result.policy.name
        if result.already_loaded:
            return _("The demo of %(policy)s was already loaded: nothing added.") % {"policy": name}
        statuses = ", ".join(
            f"{Status(status).label} {count}" for status, count in result.statuses.most_common()
        )
        return _(
            "Demo of %(policy)s loaded in %(seconds).0f s: %(organizations)d client "
            "organizations, %(contacts)d contacts, %(cases)d cases (%(statuses)s)."
        ) % {
            "policy": name,
            "seconds": seconds,
            "organizations": result.organizations,
            "contacts": result.contacts,
            "cases": result.cases,
            "statuses": statuses,
        }

    def _logins(self, result: DemoResult) -> str:
        width = max(len(login.username) for login in result.logins)
        lines = [_("Demo logins (user / password; demo-only passwords, never use them elsewhere):")]
        lines += [
            f"  {login.username:<{width}} / {login.password:<13} {login.who}"
            for login in result.logins
        ]
        return "\n".join(lines) + "\n"

    def _serve(self, addr: str, result: DemoResult, wait: float = START_WAIT) -> None:
        stopping: list[int] = []

        def stop(signum: int, _frame: FrameType | None) -> None:
            stopping.append(signum)

        # Ctrl-C reaches the whole process group: the children stop by themselves, and the
        # demo waits for them and exits 0 rather than with a traceback.
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        me = [sys.executable, "-m", "tiquetera"]
        env = {**os.environ, "SITE_URL": settings.SITE_URL}
        children = [
            subprocess.Popen([*me, "runserver", "--noreload", addr], env=env),
            subprocess.Popen([*me, "worker", "--quiet"], env=env),
        ]
        url = f"http://{addr}/"
        try:
            self.stdout.write(
                _("Starting the web server and the worker; waiting for %(url)s to answer…")
                % {"url": url}
            )
            if not self._wait_healthy(url + "healthz", children, stopping, wait):
                return
            time.sleep(0.5)  # the web server logs the health check: the logins come after it
            self.stdout.write(
                self.style.SUCCESS("\n" + _("Tiquetera is running at %(url)s") % {"url": url})
                + "\n"
                + _("Desk: %(url)s · client portal: %(url)sportal/ · configuration: %(url)sadmin/")
                % {"url": url}
                + "\n"
                + _("Web server and worker are running; press Ctrl-C to stop both.")
                + "\n\n"
                + self._logins(result)
            )
            while not stopping:
                if any(child.poll() is not None for child in children):
                    time.sleep(0.5)  # a Ctrl-C stops the children too: was it one?
                    if stopping:
                        break
                    raise CommandError(
                        _("A demo process stopped unexpectedly; see the messages above.")
                    )
                time.sleep(0.3)
            self.stdout.write("\n" + _("Stopping…"))
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGINT)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()

    def _wait_healthy(
        self, url: str, children: list[subprocess.Popen[bytes]], stopping: list[int], wait: float
    ) -> bool:
        """True once the web server answers; False when stopped (Ctrl-C) while waiting. Says
        every NOTICE_EVERY seconds that it still waits, and gives up after `wait` seconds."""
        started = time.monotonic()
        noticed = started
        while (waited := time.monotonic() - started) < wait:
            if stopping:
                return False
            if any(child.poll() is not None for child in children):
                raise CommandError(_("The web server or the worker failed to start."))
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return True
            except OSError:
                pass
            if time.monotonic() - noticed >= NOTICE_EVERY:
                noticed = time.monotonic()
                self.stdout.write(
                    _("Still waiting for the web server at %(url)s (%(seconds)d s)…")
                    % {"url": url, "seconds": waited}
                )
            time.sleep(0.3)
        raise CommandError(
            _(
                "The web server did not answer at %(url)s within %(seconds)d s; the machine may "
                "be busy: try again, or look at the messages above."
            )
            % {"url": url, "seconds": wait}
        )
