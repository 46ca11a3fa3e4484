"""WhatsApp messages from numbers no contact has (issue 16): kept as an inquiry from an unknown
sender that the desk sees with a clear label ("Remitente desconocido"), which an agent answers by
WhatsApp (the sender opened the conversation) or links to the contact who wrote — the number is
then registered on them, so their next message is theirs."""

import pytest
from django.test import Client

from tiquetera.audit.models import AuditEvent
from tiquetera.channels.whatsapp.models import OutboundMessage
from tiquetera.channels.whatsapp.services import send_due
from tiquetera.channels.whatsapp.tests import payloads
from tiquetera.channels.whatsapp.tests.conftest import (  # noqa: F401  (fixtures)
    deliver,
    graph_api,
    whatsapp,
)
from tiquetera.inquiries.models import Inquiry
from tiquetera.inquiries.services import InquiryError, turn_into_case
from tiquetera.testing.factories import ContactFactory, UserFactory
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client

pytestmark = pytest.mark.django_db
STRANGER = "573009998877"


@pytest.fixture
def ana():
    _org, contact = client("jq-systems", plan="suscripcion-1")
    contact.whatsapp = ""
    contact.save()
    return contact


def test_the_desk_sees_the_unknown_sender_and_a_second_message_joins(
    deliver,  # noqa: F811
    ana,
    agent_client,
):
    deliver(payloads.text("Hola, ¿cómo exporto la nómina?", sender=STRANGER))
    deliver(payloads.text("Soy Ana, del Hotel.", sender=STRANGER))

    inquiry = Inquiry.objects.get()
    assert (inquiry.organization, inquiry.contact, inquiry.status) == (None, None, "open")
    assert inquiry.messages.count() == 2
    listed = agent_client.get("/inquiries/").content.decode()
    assert "Remitente desconocido" in listed and "¿cómo exporto la nómina?" in listed
    page = agent_client.get(f"/inquiries/{inquiry.pk}/").content.decode()
    assert "Remitente desconocido" in page and "Vincular el número a un contacto" in page
    assert "Convertirla en caso" not in page  # no organization, no policy: link first
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(f"/inquiries/{inquiry.pk}/").status_code in (302, 403, 404)


def test_the_answer_goes_to_the_number_that_wrote(
    deliver,  # noqa: F811
    whatsapp,  # noqa: F811
    ana,
    agent_client,
    settings,
    django_capture_on_commit_callbacks,
):
    deliver(payloads.text("Hola, ¿tienen soporte los sábados?", sender=STRANGER))
    inquiry = Inquiry.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        answered = agent_client.post(
            f"/inquiries/{inquiry.pk}/answer/", {"body": "Sí, de 8 a 12 para urgencias."}
        )
    send_due()

    assert answered.status_code == 302
    sent = OutboundMessage.objects.get()
    assert (sent.to, sent.contact, sent.status) == (f"+{STRANGER}", None, "sent")
    assert whatsapp.sent[-1]["to"] == STRANGER
    assert whatsapp.sent[-1]["text"]["body"] == "Sí, de 8 a 12 para urgencias."


def test_linking_the_number_gives_the_inquiry_and_the_next_messages_to_the_contact(
    deliver,  # noqa: F811
    ana,
    agent_client,
):
    deliver(payloads.text("Hola, ¿cómo exporto la nómina?", sender=STRANGER))
    inquiry = Inquiry.objects.get()
    found = agent_client.get(f"/inquiries/{inquiry.pk}/", {"q": "Ana Pérez"}).content.decode()
    assert "Ana Pérez" in found

    linked = agent_client.post(f"/inquiries/{inquiry.pk}/link/", {"contact": ana.pk})

    assert linked.status_code == 302
    inquiry.refresh_from_db()
    ana.refresh_from_db()
    assert (inquiry.contact, inquiry.organization) == (ana, ana.organization)
    assert inquiry.name == ana.name
    assert ana.whatsapp == f"+{STRANGER}"
    assert AuditEvent.objects.filter(verb="inquiry.linked").count() == 1
    assert AuditEvent.objects.get(verb="contact.updated").after == {"whatsapp": f"+{STRANGER}"}
    deliver(payloads.text("Otra pregunta", sender=STRANGER))
    assert Inquiry.objects.count() == 1 and inquiry.messages.count() == 2  # now Ana's
    again = agent_client.post(f"/inquiries/{inquiry.pk}/link/", {"contact": ana.pk})
    assert again.status_code == 400 and "ya es de" in again.content.decode()


def test_a_number_several_contacts_share_is_kept_too(deliver, ana):  # noqa: F811
    ContactFactory(organization=ana.organization, whatsapp=f"+{STRANGER}")
    ContactFactory(whatsapp=f"+{STRANGER}")  # another client's contact

    deliver(payloads.text("¿Quién me ayuda?", sender=STRANGER))

    inquiry = Inquiry.objects.get()
    assert inquiry.sender_unknown
    assert inquiry.messages.get().whatsapp_message.reason == "ambiguous_number"


def test_no_case_until_the_number_is_linked(deliver, ana, agent):  # noqa: F811
    deliver(payloads.text("La nómina no liquida", sender=STRANGER))
    inquiry = Inquiry.objects.get()

    with pytest.raises(InquiryError) as refused:
        turn_into_case(inquiry, subject="La nómina no liquida", actor=agent)

    assert refused.value.code == "unknown_sender" and not Case.objects.exists()


def test_the_api_links_the_number(deliver, ana, agent):  # noqa: F811
    from tiquetera.api.tokens import issue_token

    deliver(payloads.text("Hola", sender=STRANGER))
    inquiry = Inquiry.objects.get()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(agent, name='x', actor=agent)[1]}")

    listed = api.get("/api/v1/inquiries").json()["inquiries"]
    linked = api.post(
        f"/api/v1/inquiries/{inquiry.pk}/contact",
        {"contact": ana.pk},
        content_type="application/json",
    )
    missing = api.post(
        f"/api/v1/inquiries/{inquiry.pk}/contact",
        {"contact": 999999},
        content_type="application/json",
    )

    assert listed[0]["organization_id"] is None
    assert linked.status_code == 200 and linked.json()["contact_id"] == ana.pk
    assert missing.status_code == 404
