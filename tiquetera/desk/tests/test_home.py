import pytest

from tiquetera.testing.factories import CalendarFactory, ContactFactory, PolicyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jq_regular():
    return CalendarFactory(
        policy=PolicyFactory(slug="jq-systems", name="JQ Systems"), key="regular"
    )


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_in_page_is_in_spanish_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Iniciar sesión" in response.content.decode()


def test_agent_signs_in_with_the_form_and_lands_on_the_desk(client, agent, jq_regular):
    response = client.post(
        "/accounts/login/", {"username": "agente", "password": "a-test-password"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Hola, Ana" in response.content.decode()


def test_a_signed_in_user_who_is_not_an_agent_is_refused(outsider_client, jq_regular):
    assert outsider_client.get("/").status_code == 403
    assert outsider_client.get("/desk/deadline").status_code == 403


def test_desk_lists_policies_and_calendars(agent_client, jq_regular, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = agent_client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "JQ Systems" in page
    assert "Horario regular" in page
    assert "Lunes a viernes: 09:00-13:00, 14:00-17:00" in page
    assert "Sábado" not in page


def test_deadline_calculator_explains_the_seed_example(agent_client, jq_regular):
    """Seed 002 (JQ Systems): S2 assignment within 24 business hours; Monday 23 March 2026 is
    San José, so a case of Friday 20 March 16:30 is due Friday 27 March at 11:30."""
    response = agent_client.get(
        "/desk/deadline",
        {"calendar": jq_regular.pk, "start": "2026-03-20T16:30", "hours": "24"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "Vence el viernes 27 de marzo de 2026 a las 11:30 a. m." in page
    assert "lunes 23 de marzo es festivo: Día de San José (trasladado)" in page


def test_deadline_calculator_shows_field_errors(agent_client, jq_regular):
    response = agent_client.get("/desk/deadline", {"calendar": jq_regular.pk, "hours": "-1"})
    page = response.content.decode()
    assert "Este campo es obligatorio" in page
    assert "mayor o igual a 0" in page


def test_english_is_available(agent_client, jq_regular):
    agent_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = agent_client.get(
        "/desk/deadline", {"calendar": jq_regular.pk, "start": "2026-03-20T16:30", "hours": "24"}
    )
    assert "Due Friday, March 27, 2026 at 11:30" in response.content.decode()


def test_spanish_even_when_the_browser_prefers_english(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Iniciar sesión" in response.content.decode()
    assert response["Content-Language"] == "es"


def test_a_clients_user_is_sent_on_to_the_portal(client):
    contact = ContactFactory(user=UserFactory(username="ana.cliente"))
    client.force_login(contact.user)

    response = client.get("/")

    assert response.status_code == 302 and response["Location"] == "/portal/"
    page = client.get("/portal/").content.decode()
    assert 'href="/portal/cases/new/"' in page and 'href="/queue/"' not in page
