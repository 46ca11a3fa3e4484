from pathlib import Path

import pytest

from tiquetera.contracts.tests.test_consume_race import shared_database  # noqa: F401  (fixture)
from tiquetera.testing.smtp import smtp_server  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def greeting_templates(settings):
    """A test-only email kind, `greeting`, whose strings are already in the catalogue."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [Path(__file__).parent / "templates"]},
    ]
