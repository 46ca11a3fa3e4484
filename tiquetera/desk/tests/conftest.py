import pytest

from tiquetera.tickets.tests.intake_world import client


@pytest.fixture
def usr():
    """The USR of a JQ Systems client on the "suscripcion-1" plan (cases: `world.open_case`)."""
    _org, contact = client("jq-systems", plan="suscripcion-1")
    return contact
