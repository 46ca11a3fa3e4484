"""The warning that another agent has the same case open, or is writing on it (issue 17): kept
in the cache (Redis when there are several web processes), forgotten after two missed polls."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client

from tiquetera.desk.presence import TTL_SECONDS, seen_on_case
from tiquetera.testing.factories import AgentFactory

from .world import open_case

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def signed_in(user) -> Client:
    some_client = Client()
    some_client.force_login(user)
    return some_client


def test_an_agent_sees_who_else_has_the_case_open_and_who_writes(usr):
    case = open_case(usr)
    laura = AgentFactory(username="laura", first_name="Laura", last_name="Gómez")
    pedro = AgentFactory(username="pedro", first_name="Pedro", last_name="Ruiz")
    first = signed_in(laura).post(f"/cases/{case.number}/presence/", {"writing": "0"})
    assert first.status_code == 200 and "presence-warning" not in first.content.decode()

    seen = signed_in(pedro).post(f"/cases/{case.number}/presence/", {"writing": "1"})
    assert "Laura Gómez también tiene abierto este caso." in seen.content.decode()
    back = signed_in(laura).post(f"/cases/{case.number}/presence/", {"writing": "0"})
    assert "Pedro Ruiz está escribiendo en este caso ahora mismo." in back.content.decode()


def test_an_agent_who_stopped_polling_is_forgotten(usr):
    case = open_case(usr)
    laura, pedro = AgentFactory(), AgentFactory()
    seen_on_case(case, laura, writing=False, now=NOON)
    assert [p.name for p in seen_on_case(case, pedro, writing=False, now=NOON)] == [
        laura.get_full_name()
    ]
    later = NOON + dt.timedelta(seconds=TTL_SECONDS + 1)
    assert seen_on_case(case, pedro, writing=False, now=later) == []


def test_another_case_is_another_room(usr):
    first, second = open_case(usr), open_case(usr, subject="Otro")
    laura, pedro = AgentFactory(), AgentFactory()
    seen_on_case(first, laura, writing=False)
    assert seen_on_case(second, pedro, writing=False) == []


def test_only_agents_post_presence(usr, outsider_client, agent_client):
    case = open_case(usr)
    assert outsider_client.post(f"/cases/{case.number}/presence/").status_code == 403
    assert agent_client.get(f"/cases/{case.number}/presence/").status_code == 405
    assert agent_client.post("/cases/JQ-2026-999999/presence/").status_code == 404


def test_the_case_page_polls_presence(agent_client, usr):
    case = open_case(usr)
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert f'hx-post="/cases/{case.number}/presence/" hx-trigger="load, every 15s"' in page
