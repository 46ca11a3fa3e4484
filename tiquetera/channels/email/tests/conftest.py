from collections.abc import Iterator

import pytest

from tiquetera.contracts.tests.test_consume_race import shared_database  # noqa: F401  (fixture)
from tiquetera.testing.smtp import smtp_server  # noqa: F401  (a fixture)
from tiquetera.tickets.models import IntakeRule
from tiquetera.tickets.tests.intake_world import client

from .dovecot import Dovecot, TestMailbox, binary


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    if binary() is None:
        pytest.skip("dovecot is not installed (Debian: apt-get install dovecot-imapd)")
    server = Dovecot()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mailbox(dovecot, settings) -> TestMailbox:
    """An empty INBOX on the private Dovecot, the one IMAP_URLS names."""
    box = dovecot.new_mailbox()
    settings.IMAP_URLS = [box.url]
    return box


@pytest.fixture(autouse=True)
def support_address(settings) -> None:
    settings.DEFAULT_FROM_EMAIL = "Soporte ISYS <soporte@isys.test>"
    settings.EMAIL_DOMAIN = "isys.test"


@pytest.fixture
def ana(db, settings, tmp_path):
    """Ana Pérez of a hotel, a client of ISYS (whose policy takes cases by email) with a plan."""
    settings.MEDIA_ROOT = tmp_path / "media"
    organization, contact = client("isys", plan="soporte-actualizaciones")
    # emails are sent "now", at any hour the suite runs: out of hours ISYS bills per event, which
    # has tests of its own (tickets/tests/test_intake_out_of_hours.py, tests/journeys)
    IntakeRule.objects.get(policy=organization.policy, kind="out_of_hours").delete()
    return contact
