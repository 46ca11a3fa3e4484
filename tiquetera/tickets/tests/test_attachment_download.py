"""Downloading an attachment (`tickets/views.py`): agents get every file; a client's user gets
the files of their own organization's cases except those of internal notes; everyone else gets
404, as for a file that does not exist; the anonymous are sent to sign in. The file always comes
as a download with its checked content type, never sniffed nor rendered."""

import pytest
from django.test import Client
from django.urls import reverse

from tiquetera.testing.factories import ContactFactory, UserFactory
from tiquetera.tickets.articles import add_note, add_reply
from tiquetera.tickets.attachments import store_attachment
from tiquetera.tickets.permissions import can_view_attachment, can_view_case
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case():
    return CaseFactory()


@pytest.fixture
def client_user(case):
    """The USR of the case's organization (who follows all of its cases), with a portal login."""
    user = UserFactory()
    ContactFactory(organization=case.organization, user=user, role="usr")
    return user


@pytest.fixture
def other_client_user():
    """A user of a second client organization."""
    user = UserFactory()
    ContactFactory(user=user)
    return user


@pytest.fixture
def attachment(case, agent):
    reply = add_reply(
        case, body="Vea la captura", actor=agent, channel="email", attachments=[("c.png", PNG)]
    )
    return reply.attachments.get()


@pytest.fixture
def note_attachment(case, agent):
    note = add_note(case, body="Log interno", actor=agent, attachments=[("srv.log", b"ok\n")])
    return note.attachments.get()


def url(attachment):
    return reverse(
        "tickets:attachment",
        kwargs={"case_id": attachment.case_id, "attachment_id": attachment.pk},
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_agent_downloads_with_safe_headers(agent_client, attachment):
    response = agent_client.get(url(attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="c.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Length"] == str(len(PNG))


def test_agent_downloads_a_notes_attachment(agent_client, note_attachment):
    response = agent_client.get(url(note_attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_client_of_the_organization_downloads_a_replys_attachment(client_user, attachment):
    response = signed_in(client_user).get(url(attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG


def test_client_downloads_an_attachment_of_the_case_itself(case, client_user):
    attachment = store_attachment(case, ("pantallazo.png", PNG), actor=client_user)

    assert signed_in(client_user).get(url(attachment)).status_code == 200


def test_client_cannot_fetch_a_notes_attachment(client_user, note_attachment):
    assert signed_in(client_user).get(url(note_attachment)).status_code == 404


def test_other_organizations_contact_gets_404(other_client_user, attachment):
    assert signed_in(other_client_user).get(url(attachment)).status_code == 404


def test_user_without_contact_gets_404(outsider_client, attachment):
    assert outsider_client.get(url(attachment)).status_code == 404


def test_inactive_contact_gets_404(client_user, attachment):
    client_user.contact.is_active = False
    client_user.contact.save()

    assert signed_in(client_user).get(url(attachment)).status_code == 404


def test_attachment_under_another_case_number_is_404(agent_client, attachment):
    other = CaseFactory()

    response = agent_client.get(
        reverse("tickets:attachment", kwargs={"case_id": other.pk, "attachment_id": attachment.pk})
    )

    assert response.status_code == 404


def test_missing_attachment_is_404(agent_client, case):
    response = agent_client.get(
        reverse("tickets:attachment", kwargs={"case_id": case.pk, "attachment_id": 999})
    )

    assert response.status_code == 404


def test_file_gone_from_storage_is_404(agent_client, attachment):
    attachment.file.delete(save=False)

    assert agent_client.get(url(attachment)).status_code == 404


def test_anonymous_is_redirected_to_sign_in(client, attachment):
    response = client.get(url(attachment))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_only_reading_methods(agent_client, attachment):
    assert agent_client.post(url(attachment)).status_code == 405


def test_permissions_directly(case, agent, client_user, other_client_user, attachment):
    assert can_view_case(agent, case)
    assert can_view_case(client_user, case)
    assert not can_view_case(other_client_user, case)
    assert can_view_attachment(client_user, attachment)
    assert not can_view_attachment(other_client_user, attachment)
