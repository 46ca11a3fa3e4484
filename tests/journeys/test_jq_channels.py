"""JQ Systems (seed 002_340504d33eeb239b.txt), "Canales de atención": "Los canales de atención
para asesoría e información general son: teléfonos móviles y chat (Whatsapp). El canal para
enviar solicitudes, incidencias y/o notificar urgencias es el Formulario de casos. … Si el
cliente requiere informar una urgencia, debe enviar el caso a través del formulario y
notificarlo a través de las líneas telefónicas o por chat" — through the WhatsApp webhook as Meta
calls it, the portal's form, the desk's call and inquiry pages."""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.channels.whatsapp.models import InboundMessage
from tiquetera.channels.whatsapp.tests.conftest import (  # noqa: F401  (fixtures)
    deliver,
    graph_api,
    whatsapp,
)
from tiquetera.channels.whatsapp.tests.payloads import text
from tiquetera.contracts.models import Consumption
from tiquetera.inquiries.models import Inquiry
from tiquetera.notifications.models import Notification
from tiquetera.portal.tests.conftest import jq_incidencia
from tiquetera.testing.factories import AgentProfileFactory
from tiquetera.tickets.models import Article, Case

from .world import client_of, signed_in

pytestmark = pytest.mark.django_db
ANA = "573106149927"  # Ana's WhatsApp number as Meta gives it
PEDRO = "573216664301"


def jq_client(name: str = "Hotel Andino S.A.S.", *, number: str = ANA):
    """A JQ client on a subscription, its USR Ana (or another) accepting WhatsApp."""
    organization, usr = client_of("jq-systems", "suscripcion-1", legal_name=name)
    usr.whatsapp, usr.phone, usr.whatsapp_opt_in = f"+{number}", f"+{number}", True
    usr.email = f"usr{number[-4:]}@cliente.co"
    usr.save()
    return organization, usr


def sent_texts(whatsapp) -> list[str]:  # noqa: F811
    return [message["text"]["body"] for message in whatsapp.sent]


def test_a_whatsapp_question_is_an_inquiry_the_agent_answers_by_whatsapp(
    deliver,  # noqa: F811
    whatsapp,  # noqa: F811
    agent_client,
    django_capture_on_commit_callbacks,
):
    """ "Los canales de atención para asesoría e información general son … chat (Whatsapp)": a
    question by WhatsApp opens no case and takes no ticket; it is an inquiry on the desk's
    "Consultas", answered there, and the answer goes back by WhatsApp."""
    organization, ana = jq_client()

    deliver(text("Buenos días, ¿cómo cambio la resolución de facturación en JQ Nómina?"))
    deliver(text("Es para la sede de Paipa."))

    assert not Case.objects.exists() and not Consumption.objects.exists()
    inquiry = Inquiry.objects.get()
    assert (inquiry.organization, inquiry.contact, inquiry.channel, inquiry.status) == (
        organization,
        ana,
        "whatsapp",
        "open",
    )
    assert inquiry.messages.count() == 2  # the second message joined the first
    assert set(InboundMessage.objects.values_list("outcome", flat=True)) == {"inquiry"}
    # the client is told an agent answers there, and where cases are reported
    assert len(whatsapp.sent) == 1 and "/portal/cases/new/" in sent_texts(whatsapp)[0]

    listing = agent_client.get("/inquiries/").content.decode()
    assert "cómo cambio la resolución de facturación" in listing and "Ana Pérez" in listing
    page = agent_client.get(f"/inquiries/{inquiry.pk}/")
    assert page.status_code == 200 and "Es para la sede de Paipa." in page.content.decode()

    answer = "En Configuración > Facturación > Resoluciones, botón «Nueva resolución»."
    with django_capture_on_commit_callbacks(execute=True):  # the worker sends after the commit
        response = agent_client.post(f"/inquiries/{inquiry.pk}/answer/", {"body": answer})

    assert response.status_code == 302
    assert sent_texts(whatsapp)[-1] == answer and whatsapp.sent[-1]["to"] == ANA
    inquiry.refresh_from_db()
    assert inquiry.status == "answered"
    assert AuditEvent.objects.filter(verb="inquiry.answered", object_id=str(inquiry.pk)).exists()
    # an empty answer is refused with a reason, nothing sent
    refused = agent_client.post(f"/inquiries/{inquiry.pk}/answer/", {"body": "  "})
    assert refused.status_code == 400 and len(whatsapp.sent) == 2


def test_the_agent_turns_an_inquiry_into_a_case_through_the_intake_rules(
    deliver,  # noqa: F811
    whatsapp,  # noqa: F811
    agent_client,
    django_capture_on_commit_callbacks,
):
    """ "Si el cliente no tiene acceso a Internet (sujeto a verificación por parte de JQ
    Systems), podrá utilizar los otros canales": the agent turns the inquiry into a case; the
    pipeline decides — without a justification the form asks for one, with it the case is
    taken (flagged as another channel), consumes the subscription and links the inquiry."""
    _organization, _ana = jq_client()
    deliver(text("No tenemos Internet en la sede y la nómina no liquida, error E-501."))
    inquiry = Inquiry.objects.get()
    case_form = jq_incidencia(description="", prerequisites=["0"])

    without = agent_client.post(f"/inquiries/{inquiry.pk}/case/", case_form)

    assert without.status_code == 400 and not Case.objects.exists()
    assert "Por qué por este canal" in without.content.decode()

    why = "El cliente no tiene acceso a Internet en la sede."
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(
            f"/inquiries/{inquiry.pk}/case/", {**case_form, "channel_justification": why}
        )

    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.number}/"
    assert (case.channel, case.intake, case.requester) == ("whatsapp", "accepted", inquiry.contact)
    assert "other_channel" in case.flags
    assert "la nómina no liquida" in case.description  # the conversation is the description
    assert Consumption.objects.filter(case=case).exists()
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.case) == ("case", case)
    assert case.number in sent_texts(whatsapp)[-1]
    # done: the inquiry takes no second case
    again = agent_client.post(
        f"/inquiries/{inquiry.pk}/case/", {**case_form, "channel_justification": why}
    )
    assert again.status_code == 400 and Case.objects.count() == 1


def test_an_urgency_notice_by_whatsapp_is_recorded_on_the_case_and_its_agent_told(
    deliver,  # noqa: F811
    whatsapp,  # noqa: F811
    agent_client,
):
    """ "debe enviar el caso a través del formulario y notificarlo a través de las líneas
    telefónicas o por chat": the USR reports the urgency on the form, then writes "urgente" and
    the case number by WhatsApp; the notice is recorded on that case (no new case, no inquiry)
    and the agent the case is assigned to is told by email."""
    _organization, ana = jq_client()
    browser = signed_in(ana)
    urgency = jq_incidencia(
        case_type="urgencia",
        shown_type="urgencia",
        severity="S3",
        subject="Servidor de nómina detenido",
    )
    assert browser.post("/portal/cases/new/", urgency).status_code == 302
    case = Case.objects.get()
    assert "urgency_notice_pending" in case.flags
    profile = AgentProfileFactory(user__username="tecnico", user__email="tecnico@jqsystems.com")
    assigned = agent_client.post(f"/cases/{case.number}/assign/", {"agent": profile.pk})
    assert assigned.status_code in (200, 302)
    short = case.number.split("-")[0] + "-" + str(int(case.number.split("-")[-1]))  # "JQ-1"

    deliver(text(f"URGENTE {short}: el servidor sigue detenido, no podemos facturar."))

    assert Case.objects.count() == 1 and not Inquiry.objects.exists()
    case.refresh_from_db()
    assert case.urgency_notified_at is not None and "urgency_notice_pending" not in case.flags
    event = Article.objects.filter(case=case, kind="event").latest("pk")
    assert "el servidor sigue detenido" in event.body_text
    assert AuditEvent.objects.filter(verb="case.urgency_notified", object_id=str(case.pk)).exists()
    email = Notification.objects.filter(to="tecnico@jqsystems.com").latest("pk")
    assert case.number in email.subject
    message = InboundMessage.objects.get()
    assert (message.outcome, message.reason, message.case) == ("reply", "urgency_notice", case)
    assert case.number in sent_texts(whatsapp)[-1]


def test_another_clients_case_number_names_nothing(deliver, whatsapp):  # noqa: F811
    """Tenant isolation: Pedro, of another client, writes "urgente" with Ana's case number; it is
    not recorded on her case: for him it is a message not about a case, an inquiry."""
    _organization, ana = jq_client()
    jq_client("Hotel Paipa S.A.S.", number=PEDRO)
    browser = signed_in(ana)
    urgency = jq_incidencia(case_type="urgencia", shown_type="urgencia", severity="S3")
    assert browser.post("/portal/cases/new/", urgency).status_code == 302
    case = Case.objects.get()

    deliver(text(f"urgente {case.number}", sender=PEDRO))

    case.refresh_from_db()
    assert case.urgency_notified_at is None and "urgency_notice_pending" in case.flags
    inquiry = Inquiry.objects.get()
    assert inquiry.contact.whatsapp == f"+{PEDRO}" and inquiry.organization != case.organization


def test_a_call_for_advice_is_recorded_as_an_inquiry(agent_client):
    """ "Teléfonos móviles: Llamadas directas": a call asking for advice is logged and recorded
    as an inquiry from the call's page, taking no ticket."""
    organization, ana = jq_client()
    now = timezone.localtime(timezone.now()).replace(tzinfo=None) - dt.timedelta(minutes=10)
    logged = agent_client.post(
        "/calls/new/",
        {
            "organization": organization.pk,
            "contact": ana.pk,
            "number": "+57 310 614 9927",
            "direction": "in",
            "started_at": now.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 4,
            "summary": "Pregunta cómo exportar la nómina a Excel; se le explicó el menú Informes.",
        },
    )
    assert logged.status_code == 302
    call_page = agent_client.get(logged["Location"]).content.decode()
    assert "Registrar como consulta" in call_page
    call_id = int(logged["Location"].rstrip("/").split("/")[-1])

    response = agent_client.post(f"/inquiries/from-call/{call_id}/")

    inquiry = Inquiry.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inquiries/{inquiry.pk}/"
    assert (inquiry.channel, inquiry.contact, inquiry.call_id) == ("phone", ana, call_id)
    assert not Case.objects.exists() and not Consumption.objects.exists()
    assert f"/inquiries/{inquiry.pk}/" in agent_client.get(logged["Location"]).content.decode()
    # a call recorded once is not recorded twice
    assert agent_client.post(f"/inquiries/from-call/{call_id}/").status_code == 400


def test_other_policies_keep_their_whatsapp_cases(deliver):  # noqa: F811
    """Only a policy whose channel rule lists inquiries makes them: ISYS's WhatsApp message is
    still a case (seed 000: "Soporte vía e-mail o WhatsApp")."""
    _organization, ana = client_of("isys", "soporte-actualizaciones")
    ana.whatsapp, ana.whatsapp_opt_in = f"+{ANA}", True
    ana.save()

    deliver(text("No imprime la factura electrónica"))

    assert not Inquiry.objects.exists()
    assert Case.objects.get().channel == "whatsapp"
