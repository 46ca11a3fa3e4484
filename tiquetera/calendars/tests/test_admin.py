import pytest

from tiquetera.calendars.models import Calendar
from tiquetera.testing.factories import PolicyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="jefa", is_staff=True, is_superuser=True))
    return client


def _form(policy, **days: str) -> dict[str, str]:
    data = {
        "policy": str(policy.pk),
        "key": "regular",
        "name": "Horario regular",
        "time_zone": "America/Bogota",
        "country": "CO",
        "subdivision": "",
        "dates-TOTAL_FORMS": "0",
        "dates-INITIAL_FORMS": "0",
        "dates-MIN_NUM_FORMS": "0",
        "dates-MAX_NUM_FORMS": "1000",
    }
    return data | days


def test_support_lead_enters_the_week_as_text(admin_client):
    policy = PolicyFactory()
    days = {day: "09:00-13:00, 14:00-17:00" for day in ["mon", "tue", "wed", "thu", "fri"]}
    response = admin_client.post("/admin/calendars/calendar/add/", _form(policy, **days))
    assert response.status_code == 302, response.content.decode()[:2000]
    calendar = Calendar.objects.get(policy=policy, key="regular")
    assert calendar.week["0"] == ["09:00-13:00", "14:00-17:00"]
    assert "5" not in calendar.week


def test_a_bad_interval_is_refused_in_spanish(admin_client):
    policy = PolicyFactory()
    response = admin_client.post("/admin/calendars/calendar/add/", _form(policy, mon="9-13"))
    assert response.status_code == 200
    assert "«9» no es una hora del día como 09:00" in response.content.decode()
    assert not Calendar.objects.exists()


def test_an_interval_ending_before_it_starts_is_refused(admin_client):
    policy = PolicyFactory()
    response = admin_client.post("/admin/calendars/calendar/add/", _form(policy, tue="13:00-09:00"))
    assert "«13:00-09:00» no es un intervalo de trabajo" in response.content.decode()


def test_an_unknown_time_zone_is_refused(admin_client):
    policy = PolicyFactory()
    data = _form(policy, mon="09:00-17:00") | {"time_zone": "America/Bogot"}
    response = admin_client.post("/admin/calendars/calendar/add/", data)
    assert "«America/Bogot» no es una zona horaria conocida" in response.content.decode()


def test_the_change_page_shows_the_week_as_text(admin_client):
    policy = PolicyFactory()
    calendar = Calendar.objects.create(
        policy=policy, key="x", name="X", week={"0": ["09:00-13:00", "14:00-17:00"]}
    )
    response = admin_client.get(f"/admin/calendars/calendar/{calendar.pk}/change/")
    assert 'value="09:00-13:00, 14:00-17:00"' in response.content.decode()
