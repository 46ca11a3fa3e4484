"""The case page's composer (issue 17): replies and notes carry files checked as intake checks
them, a reply can set the status it leaves the case in ("send and set status"), and every
action done says so on the page it comes back to."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tiquetera.desk.models import CannedResponse
from tiquetera.tickets.models import Article, Attachment, Case
from tiquetera.tickets.statuses import Status

from .test_case_page import PNG
from .world import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def post(agent_client, case: Case, action: str, data: dict, **extra):
    return agent_client.post(f"/cases/{case.number}/{action}/", data, **extra)


def png(name: str = "captura.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def test_a_reply_carries_its_attachments(agent_client, usr):
    case = open_case(usr)
    response = post(
        agent_client, case, "reply", {"body": "Adjunto la captura.", "attachments": [png()]}
    )
    assert response.status_code == 302
    reply = Article.objects.get(case=case, kind="reply")
    assert [a.name for a in reply.attachments.all()] == ["captura.png"]


def test_a_reply_may_be_only_a_file(agent_client, usr):
    case = open_case(usr)
    assert (
        post(agent_client, case, "reply", {"body": "", "attachments": [png()]}).status_code == 302
    )
    assert Attachment.objects.filter(article__case=case, article__kind="reply").count() == 1


def test_a_program_is_refused_as_intake_refuses_it_and_nothing_is_written(agent_client, usr):
    case = open_case(usr)
    program = SimpleUploadedFile("factura.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = post(agent_client, case, "reply", {"body": "Ver adjunto.", "attachments": [program]})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="action-reply"' in page and "factura.pdf" in page
    assert not Article.objects.filter(case=case, kind="reply").exists()


def test_an_internal_note_carries_its_attachments(agent_client, usr):
    case = open_case(usr)
    response = post(
        agent_client, case, "note", {"body": "Log del servidor.", "attachments": [png("log.png")]}
    )
    assert response.status_code == 302
    note = Article.objects.get(case=case, kind="note")
    assert [a.name for a in note.attachments.all()] == ["log.png"]


def test_an_empty_note_is_refused(agent_client, usr):
    case = open_case(usr)
    response = post(agent_client, case, "note", {"body": " "})
    assert response.status_code == 422
    assert "Escriba un texto o adjunte un archivo." in response.content.decode()


def test_send_and_wait_on_the_client(agent_client, usr):
    case = open_case(usr)
    response = post(
        agent_client, case, "reply", {"body": "¿Nos envía el log?", "then": "waiting_on_client"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.WAITING_ON_CLIENT
    assert Article.objects.filter(case=case, kind="reply").count() == 1


def test_send_and_resolve_keeps_the_reply_as_the_resolution(agent_client, usr):
    case = open_case(usr)
    response = post(agent_client, case, "reply", {"body": "Quedó corregido.", "then": "resolved"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status in (Status.RESOLVED, Status.CLOSED)
    assert "Quedó corregido." in case.resolution


def test_resolving_with_only_a_file_is_refused(agent_client, usr):
    case = open_case(usr)
    response = post(
        agent_client, case, "reply", {"body": "", "attachments": [png()], "then": "resolved"}
    )
    assert response.status_code == 422
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert not Article.objects.filter(case=case, kind="reply").exists()


def test_a_status_the_case_cannot_take_sends_nothing(agent_client, usr):
    case = open_case(usr)
    Case.objects.filter(pk=case.pk).update(status=Status.RESOLVED)
    response = post(agent_client, case, "reply", {"body": "Hola.", "then": "waiting_on_client"})
    assert response.status_code == 422
    assert not Article.objects.filter(case=case, kind="reply").exists()


def test_the_buttons_offer_only_the_moves_the_status_allows(agent_client, usr):
    case = open_case(usr)
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert 'name="then" value="waiting_on_client"' in page
    assert 'name="then" value="resolved"' in page
    Case.objects.filter(pk=case.pk).update(status=Status.WAITING_ON_CLIENT)
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert 'name="then" value="waiting_on_client"' not in page
    assert 'name="then" value="resolved"' in page


@pytest.mark.parametrize(
    ("action", "data", "confirmation"),
    [
        ("reply", {"body": "Hola."}, "Respuesta enviada."),
        ("reply", {"body": "Hola.", "then": "waiting_on_client"}, "esperando al cliente"),
        ("note", {"body": "Revisar."}, "Nota interna agregada."),
        ("status", {"status": "in_progress"}, "Estado cambiado."),
    ],
)
def test_every_action_done_is_confirmed_inside_the_swapped_block(
    agent_client, usr, action, data, confirmation
):
    case = open_case(usr)
    page = post(agent_client, case, action, data, follow=True).content.decode()
    block = page.split('<div id="case">', 1)[1]
    assert 'role="status"' in block.split("<hgroup>", 1)[0]
    assert confirmation in block.split("<hgroup>", 1)[0]
    again = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert 'class="message confirmation"' not in again  # said once


def test_the_canned_pickers_never_validate_the_reply_box(agent_client, usr):
    """The bug of issue 17: htmx validated the empty, required box and silently stopped."""
    case = open_case(usr)
    CannedResponse.objects.create(title="Saludo", body="Buenos días.")
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    box = page.split('id="reply-body"', 1)[1].split(">", 1)[0]
    assert "required" not in box
    picker = page.split('name="canned"', 1)[1].split(">", 1)[0]
    assert 'hx-include="#reply-body"' in picker and "hx-validate" not in picker


def test_a_canned_response_is_added_after_what_the_agent_typed(agent_client, usr):
    case = open_case(usr)
    canned = CannedResponse.objects.create(title="Despedida", body="Quedamos atentos.")
    box = agent_client.get(
        f"/cases/{case.number}/canned/",
        {"canned": canned.pk, "body": "Ana, ya quedó."},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Ana, ya quedó.\n\nQuedamos atentos." in box
