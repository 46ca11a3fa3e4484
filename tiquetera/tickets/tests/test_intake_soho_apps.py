"""Soho Apps' intake rules, end to end (seeds/004_c5168ccd74ab8109.txt)."""

import pytest

from tiquetera.notifications.models import Notification
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case

from .intake_world import client, request

pytestmark = pytest.mark.django_db

COMPLETE = {
    "application": "SOHO Hotel",
    "module": "Facturación",
    "process": "Cierre de cuenta",
    "menu_path": "Facturación > Documentos > Factura",
}


def ticket(contact, **values):
    base = {"case_type": "inconveniente", "fields": COMPLETE, "requester_phone": "+57 606 3134484"}
    return request(contact, **{**base, **values})


def test_a_complete_ticket_is_accepted_without_flags():
    _org, ana = client("soho-apps", plan="soporte")
    case = submit(ticket(ana))
    assert case.status == Case.Status.OPEN
    assert case.number.startswith("SOHO-2026-")
    assert case.flags == []
    assert case.requester_phone == "+576063134484"


def test_a_ticket_lacking_information_is_closed_with_the_reason_and_the_guide():
    """ "Aquellos tickets que carezcan de esta información ... serán cerrados y el solicitante
    será notificado respecto al motivo e invitado a crear un nuevo ticket ... Para este fin se
    adjuntará un documento guía"."""
    _org, ana = client("soho-apps", plan="soporte")
    case = submit(ticket(ana, fields={"application": "SOHO Hotel"}))
    assert case.status == Case.Status.CLOSED
    assert case.intake_reason == "insufficient_information"
    for label in ("Módulo", "Proceso", "Ruta o menú exacto"):
        assert label in case.intake_message
    assert "https://sohoapps.co/soporte" in case.intake_message
    refused = Notification.objects.get(kind="case_refused")
    assert "Ruta o menú exacto" in refused.text_body
    assert case.consumption is None


def test_the_requesters_phone_is_mandatory():
    _org, ana = client("soho-apps", plan="soporte")
    ana.phone = ""
    ana.save()
    case = submit(ticket(ana, requester_phone=""))
    assert (case.status, case.intake_reason) == (Case.Status.CLOSED, "insufficient_information")
    assert case.requester_phone == ""


def test_a_shared_mailbox_is_flagged_for_the_agent():
    """ "Es recomendable que no sea un buzón de correo electrónico general de la empresa"."""
    _org, info = client("soho-apps", plan="soporte", email="info@hotelcliente.co")
    case = submit(ticket(info))
    assert case.status == Case.Status.OPEN
    assert "generic_mailbox" in case.flags


def test_an_old_colombian_landline_is_rewritten_and_flagged():
    """The guide's own example "+57 (6) 3134484" is the pre-2022 form of +57 606 3134484."""
    _org, ana = client("soho-apps", plan="soporte")
    case = submit(ticket(ana, requester_phone="+57 (6) 3134484"))
    assert case.requester_phone == "+576063134484"
    assert "phone_rewritten" in case.flags


def test_urgente_in_the_subject_of_a_normal_case_is_flagged():
    """ "Evite incluir la palabra “URGENTE” a menos de que su necesidad sea crítica"."""
    _org, ana = client("soho-apps", plan="soporte")
    normal = submit(ticket(ana, subject="URGENTE no cuadra el reporte de ventas"))
    assert "urgent_word" in normal.flags
    critical = submit(
        ticket(ana, case_type="fallo-total", subject="Urgente: no podemos facturar al huésped")
    )
    assert "urgent_word" not in critical.flags


def test_a_refused_case_keeps_the_flags_that_describe_the_request():
    """Seed 004, "ASUNTO" ("Evite incluir la palabra “URGENTE”"), "CORREO ELECTRÓNICO" (not a
    shared mailbox) and "TELÉFONO DE CONTACTO" (country and area code): a ticket refused as not
    support still records them, since the scope rule runs before those three."""
    _org, info = client("soho-apps", plan="soporte", email="info@hotelcliente.co")
    case = submit(
        ticket(
            info,
            category="virus",
            subject="URGENTE revisar virus en el servidor",
            requester_phone="+57 (6) 3134484",
        )
    )
    assert (case.status, case.intake_reason) == (Case.Status.REJECTED, "out_of_scope")
    assert {"urgent_word", "generic_mailbox", "phone_rewritten"} <= set(case.flags)
    assert case.requester_phone == "+576063134484"
    rules = list(case.intake_checks.order_by("position").values_list("rule", "outcome"))
    assert ("scope", "reject") in rules
    assert ("urgent_word", "flag") in rules


def test_training_goes_to_sales_with_the_address_to_write_to():
    """ "Cualquier otra actividad diferente a soporte técnico, tal como capacitaciones ... deberá
    ser solicitada al correo electrónico: info@sohoapps.co"."""
    _org, ana = client("soho-apps", plan="soporte")
    case = submit(ticket(ana, category="capacitacion"))
    assert case.status == Case.Status.REJECTED
    assert case.intake_reason == "routed_to_sales"
    assert "info@sohoapps.co" in case.intake_message


def test_a_virus_request_is_not_support():
    _org, ana = client("soho-apps", plan="soporte")
    case = submit(ticket(ana, category="virus"))
    assert (case.status, case.intake_reason) == (Case.Status.REJECTED, "out_of_scope")


def test_a_training_request_caught_by_its_words_goes_to_sales_and_takes_no_ticket():
    """ "No son inconvenientes: Solicitudes de capacitación" and "capacitaciones ... deberá ser
    solicitada al correo electrónico: info@sohoapps.co": the preset's scope rule acts on
    keywords, so a request that names training is refused even with no category chosen."""
    _org, ana = client("soho-apps", plan="soporte")
    case = submit(
        ticket(ana, subject="Capacitación para la nueva recepcionista en el módulo de reservas")
    )
    assert (case.status, case.intake_reason) == (Case.Status.REJECTED, "routed_to_sales")
    assert "info@sohoapps.co" in case.intake_message
    assert case.consumption is None


def test_words_a_support_ticket_may_contain_do_not_refuse_it():
    _org, ana = client("soho-apps", plan="soporte")
    case = submit(ticket(ana, description="Después de instalar el antivirus no abre el módulo."))
    assert case.status == Case.Status.OPEN
    assert "possibly_out_of_scope" not in case.flags


def test_email_is_not_one_of_sohos_channels_but_is_only_flagged():
    _org, ana = client("soho-apps", plan="soporte")
    case = submit(ticket(ana, channel="email"))
    assert case.status == Case.Status.OPEN
    assert "other_channel" in case.flags
