"""Journeys: each seed's rules in order, through the product's public doors (portal pages, the
API, desk actions, management commands), to the end of the flow. The project's fixtures of
tiquetera/conftest.py reach only the tests under tiquetera/, so the ones journeys use are
imported here; uploaded files land in a temporary folder."""

import pytest

from tiquetera.channels.email.tests.conftest import dovecot, mailbox  # noqa: F401  (fixtures)
from tiquetera.conftest import (  # noqa: F401  (fixtures)
    _audit_log_flushable_on_sqlite,
    agent,
    agent_client,
)
from tiquetera.testing.smtp import smtp_server  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
