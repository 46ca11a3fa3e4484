"""A NUL character is refused with a 400 wherever it comes in (path, query string, form or JSON
body), by one middleware: before it, PostgreSQL answered each of these with a 500."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tiquetera.api.tests.conftest import Client_, agent_token, bearer, hotel  # noqa: F401  (fixtures)
from tiquetera.tickets.models import Article

pytestmark = pytest.mark.django_db


def assert_api_refusal(response) -> None:
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "nul_character"
    assert response.json()["message"]


def assert_page_refusal(response) -> None:
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("text/html")
    assert "carácter NUL" in response.content.decode()


def test_the_knowledge_base_search_refuses_a_nul_from_anyone():
    assert_page_refusal(Client().get("/kb/?q=%00"))


@pytest.mark.parametrize("parameter", ["severity", "status", "channel"])
def test_the_case_list_filters_refuse_a_nul(hotel: Client_, parameter: str):  # noqa: F811
    assert_api_refusal(bearer(hotel.token).get(f"/api/v1/cases?{parameter}=%00"))


def test_a_case_number_with_a_nul_is_refused_by_the_api(hotel: Client_):  # noqa: F811
    assert_api_refusal(bearer(hotel.token).get("/api/v1/cases/JQ%00"))


def test_a_json_body_with_an_escaped_nul_is_refused(hotel: Client_, agent_token: str):  # noqa: F811
    url = f"/api/v1/cases/{hotel.case.number}/assignment"
    response = bearer(agent_token).post(url, '{"agent": "a\\u0000"}', "application/json")
    assert_api_refusal(response)
    tokens = bearer(agent_token).post("/api/v1/tokens", '{"name": "t\\u0000"}', "application/json")
    assert_api_refusal(tokens)


def test_a_json_body_with_a_raw_nul_is_refused(hotel: Client_, agent_token: str):  # noqa: F811
    body = b'{"name": "t\x00"}'
    assert_api_refusal(bearer(agent_token).post("/api/v1/tokens", body, "application/json"))


def test_an_escaped_backslash_before_u0000_is_ordinary_text(hotel: Client_):  # noqa: F811
    url = f"/api/v1/cases/{hotel.case.number}/replies"
    body = json.dumps({"body": "La ruta es C:\\u0000\\datos"})
    assert "\\\\u0000" in body  # the JSON holds a backslash, then "u0000": no NUL at all

    response = bearer(hotel.token).post(url, body, "application/json")

    assert response.status_code == 201, response.content


def test_the_agents_case_page_refuses_a_nul_in_the_number(agent_client: Client):
    assert_page_refusal(agent_client.get("/cases/JQ%00/"))


def test_the_portal_case_page_refuses_a_nul_in_the_number(hotel: Client_):  # noqa: F811
    client = Client()
    client.force_login(hotel.contact.user)
    assert_page_refusal(client.get("/portal/cases/JQ%00/"))


def test_a_form_field_with_a_nul_is_refused_and_nothing_is_written(hotel: Client_):  # noqa: F811
    client = Client()
    client.force_login(hotel.contact.user)
    before = Article.objects.count()

    response = client.post(f"/portal/cases/{hotel.case.number}/reply/", {"body": "hola\x00"})

    assert_page_refusal(response)
    assert Article.objects.count() == before


def test_an_uploaded_files_own_nul_bytes_are_not_refused(hotel: Client_):  # noqa: F811
    client = Client()
    client.force_login(hotel.contact.user)
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )
    upload = SimpleUploadedFile("captura.png", png, content_type="image/png")

    response = client.post(
        f"/portal/cases/{hotel.case.number}/reply/", {"body": "Adjunto", "attachments": upload}
    )

    assert response.status_code in (200, 302), response.content
    assert Article.objects.filter(
        case=hotel.case, body_text__contains="Adjunto", attachments__isnull=False
    ).exists()


def test_a_small_form_post_leaves_the_raw_body_readable_for_the_view(settings):
    """The WhatsApp webhook reads the raw body to check its signature: reading the form's
    fields for NULs must not consume it (it answers 403 for a missing signature, not 500)."""
    settings.WHATSAPP_APP_SECRET = "secreto"
    client = Client(raise_request_exception=True)

    response = client.post("/channels/whatsapp/webhook", {"campo": "valor"})

    assert response.status_code == 403
