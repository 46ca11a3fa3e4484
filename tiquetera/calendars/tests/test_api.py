import pytest

from tiquetera.testing.factories import CalendarFactory, PolicyFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/calendars/jq-systems/regular"


@pytest.fixture(autouse=True)
def jq_regular():
    return CalendarFactory(
        policy=PolicyFactory(slug="jq-systems", name="JQ Systems"), key="regular"
    )


def test_add_gives_the_seed_deadline(agent_client):
    response = agent_client.get(
        f"{BASE}/add", {"start": "2026-03-20T16:30:00-05:00", "minutes": 1440}
    )
    assert response.status_code == 200
    assert response.json()["deadline"] == "2026-03-27T11:30:00-05:00"


def test_a_time_without_offset_is_read_in_the_calendars_zone(agent_client):
    response = agent_client.get(f"{BASE}/add", {"start": "2026-03-20T16:30", "minutes": 1440})
    assert response.json()["deadline"] == "2026-03-27T11:30:00-05:00"


def test_between_counts_working_minutes(agent_client):
    response = agent_client.get(
        f"{BASE}/between", {"start": "2026-03-20T16:30", "end": "2026-03-27T11:30"}
    )
    assert response.json()["minutes"] == 1440


def test_explain_names_the_holiday(agent_client):
    response = agent_client.get(f"{BASE}/explain", {"start": "2026-03-20T16:30", "minutes": 1440})
    body = response.json()
    assert {
        "date": "2026-03-23",
        "kind": "holiday",
        "name": "Día de San José (trasladado)",
    } in body["closed_days"]
    assert body["summary"] == "Vence el viernes 27 de marzo de 2026 a las 11:30 a. m."


def test_negative_minutes_get_a_clear_error(agent_client):
    response = agent_client.get(f"{BASE}/add", {"start": "2026-03-20T16:30", "minutes": -5})
    assert response.status_code == 422
    assert response.json()["message"] == "Una duración no puede ser negativa."


def test_unknown_calendar_is_404(agent_client):
    response = agent_client.get(
        "/api/v1/calendars/jq-systems/nope/add", {"start": "2026-03-20T16:30", "minutes": 1}
    )
    assert response.status_code == 404


def test_only_agents_may_ask(client, outsider_client):
    assert client.get(f"{BASE}/add", {"start": "2026-03-20T16:30", "minutes": 1}).status_code == 401
    assert outsider_client.get("/api/v1/calendars/").status_code == 401


def test_list_shows_the_calendars(agent_client):
    assert [c["ref"] for c in agent_client.get("/api/v1/calendars/").json()] == [
        "jq-systems/regular"
    ]


def test_openapi_schema_is_served(agent_client):
    response = agent_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/calendars/{policy}/{key}/add" in response.json()["paths"]
