"""JQ Systems' intake rules, end to end through the pipeline (seeds/002_340504d33eeb239b.txt)."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.notifications.models import Notification
from tiquetera.testing.factories import AgentFactory, ContactFactory, UserFactory
from tiquetera.tickets.intake.pipeline import (
    answer_consent,
    record_urgency_notice,
    submit,
    supply_information,
    verify_case,
)
from tiquetera.tickets.intake.request import IntakeError
from tiquetera.tickets.models import Case

from .intake_world import client, request

pytestmark = pytest.mark.django_db

DONE = [
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
]


def incidencia(contact, **values):
    base = {
        "case_type": "incidencia",
        "fields": {"application": "JQ Nómina", "module": "Liquidación"},
        "prerequisites_done": DONE,
    }
    return request(contact, **{**base, **values})


def test_usr_incidencia_by_the_form_is_accepted_numbered_and_consumed():
    _org, usr = client("jq-systems", plan="suscripcion-1")
    case = submit(incidencia(usr))
    assert case.status == Case.Status.OPEN
    assert case.intake == Case.Intake.ACCEPTED
    assert case.number == "JQ-2026-000001"
    assert (case.severity, case.priority) == ("S2", "S2")
    assert case.consumption.outcome == "covered"
    assert [c.outcome for c in case.intake_checks.all()] == ["pass"] * 8
    events = AuditEvent.objects.filter(verb="case.created", object_id=str(case.pk))
    assert events.count() == 1
    assert events.get().after["status"] == "open"
    mail = Notification.objects.get(kind="case_received")
    assert mail.to == usr.email
    assert "JQ-2026-000001" in mail.subject


def test_manager_may_open_a_case_temporarily():
    """ "...y en su defecto como medida temporal, el gerente y/o administrador"."""
    _org, manager = client("jq-systems", plan="suscripcion-1", role="manager")
    assert submit(incidencia(manager)).status == Case.Status.OPEN


def test_plain_user_waits_for_the_usr_who_is_asked_to_verify():
    """ "Si algún caso ... es informado por un usuario diferente ... y no es verificado por el
    USR, se considera invalido"."""
    org, usr = client("jq-systems", plan="suscripcion-1")
    user = ContactFactory(organization=org, role="user", email="auxiliar@hotelcliente.co")
    case = submit(incidencia(user))
    assert case.status == Case.Status.PENDING_VERIFICATION
    assert case.intake_reason == "needs_verification"
    assert "USR" in case.intake_message
    assert case.consumption is None  # nothing is consumed while the case waits
    asked = Notification.objects.get(kind="case_verification_requested")
    assert asked.to == usr.email
    assert Notification.objects.filter(kind="case_parked", to=user.email).exists()

    usr.user = UserFactory()
    usr.save()
    case = verify_case(case, actor=usr.user, approve=True)
    assert case.status == Case.Status.OPEN
    assert case.consumption.outcome == "covered"
    assert case.intake_checks.filter(code="verified").exists()
    changes = AuditEvent.objects.filter(verb="case.status_changed", object_id=str(case.pk))
    assert [(e.before["status"], e.after["status"]) for e in changes] == [
        ("pending_verification", "open")
    ]


def test_usr_declining_makes_the_case_invalid():
    org, _usr = client("jq-systems", plan="suscripcion-1")
    user = ContactFactory(organization=org, role="user")
    case = submit(incidencia(user))
    case = verify_case(case, actor=AgentFactory(), approve=False)
    assert case.status == Case.Status.INVALID
    assert case.intake_reason == "not_verified"


def test_a_plain_user_cannot_verify_a_case():
    org, _usr = client("jq-systems", plan="suscripcion-1")
    other = ContactFactory(organization=org, role="user", user=UserFactory())
    case = submit(incidencia(ContactFactory(organization=org, role="user")))
    with pytest.raises(IntakeError) as refused:
        verify_case(case, actor=other.user, approve=True)
    assert refused.value.code == "not_allowed"
    case.refresh_from_db()
    assert case.status == Case.Status.PENDING_VERIFICATION


def test_client_behind_on_payments_gets_an_invalid_case_with_the_reason():
    """ "...invalidar un caso ... en caso de que el cliente no se encuentre al día en sus
    obligaciones"."""
    _org, usr = client("jq-systems", plan="suscripcion-1", standing="behind")
    case = submit(incidencia(usr))
    assert case.status == Case.Status.INVALID
    assert case.intake_reason == "behind_on_payments"
    assert "pagos" in case.intake_message  # Spanish by default
    assert Notification.objects.get(kind="case_refused").to == usr.email
    assert case.consumption is None


def test_contractual_service_takes_only_urgencies():
    """ "CONTRACTUAL: ... sólo se procesan casos de severidad 3 (URGENCIAS)"."""
    _org, usr = client("jq-systems", plan="contractual")
    refused = submit(incidencia(usr))
    assert refused.status == Case.Status.REJECTED
    assert refused.intake_reason == "not_covered"
    assert "S3" in refused.intake_message
    accepted = submit(incidencia(usr, case_type="urgencia"))
    assert (accepted.status, accepted.severity) == (Case.Status.OPEN, "S3")
    # the queue serves subscription (rank 1) before contractual (rank 2), urgencies first
    assert (accepted.plan_rank, accepted.severity_rank) == (2, 1)


def test_another_channel_without_a_justification_is_refused():
    """ "Si el cliente envía un caso por un canal distinto al Formulario de casos sin una
    justificación válida, JQ Systems se reserva el derecho de rechazarlo"."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    case = submit(incidencia(usr, channel="email"))
    assert case.status == Case.Status.REJECTED
    assert case.intake_reason == "wrong_channel"
    assert "portal" in case.intake_message


def test_another_channel_with_a_justification_is_taken_and_flagged():
    """ "Si el cliente no tiene acceso a Internet ... podrá utilizar los otros canales"."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    case = submit(
        incidencia(usr, channel="phone", channel_justification="Sin Internet en la sede.")
    )
    assert case.status == Case.Status.OPEN
    assert "other_channel" in case.flags


def test_an_urgency_is_flagged_until_its_phone_notice_is_recorded():
    """ "Si el cliente requiere informar una urgencia, debe enviar el caso a través del formulario
    y notificarlo a través de las líneas telefónicas o por chat"."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    case = submit(incidencia(usr, case_type="urgencia"))
    assert case.status == Case.Status.OPEN
    assert "urgency_notice_pending" in case.flags
    case = record_urgency_notice(case, actor=AgentFactory(), channel="phone")
    assert "urgency_notice_pending" not in case.flags
    assert case.urgency_notified_at is not None
    assert AuditEvent.objects.filter(verb="case.urgency_notified").count() == 1


def test_peripherals_are_referred_to_the_partner_only_with_consent():
    """ "...será remitida al proveedor aliado de servicios que corresponda, bajo el consentimiento
    previo del cliente"."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    case = submit(incidencia(usr, category="dispositivos"))
    assert case.status == Case.Status.PENDING_CONSENT
    assert "proveedor aliado" in case.intake_message
    assert answer_consent(case, accepted=True, actor=usr.user).status == Case.Status.REFERRED

    declined = submit(incidencia(usr, category="redes"))
    assert answer_consent(declined, accepted=False, actor=None).status == Case.Status.REJECTED


def test_a_device_named_only_in_the_text_is_flagged_for_the_agent_not_referred():
    """The preset's scope rule keeps keywords = "flag": the client did not choose the device
    category, so the agent decides (and may mark it out of scope, `lifecycle.scope`)."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    case = submit(incidencia(usr, subject="La impresora de recepción no imprime la nómina"))
    assert case.status == Case.Status.OPEN
    assert "possibly_out_of_scope" in case.flags


def test_skipped_prerequisites_make_the_case_invalid():
    """ "...que al momento de realizar la solicitud no se hayan efectuado las tareas previas
    indicadas al USR"."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    case = submit(incidencia(usr, prerequisites_done=[]))
    assert case.status == Case.Status.INVALID
    assert case.intake_reason == "prerequisites_missing"


def test_missing_module_parks_the_case_until_it_is_given():
    _org, usr = client("jq-systems", plan="suscripcion-1")
    case = submit(incidencia(usr, fields={"application": "JQ Nómina"}))
    assert case.status == Case.Status.PENDING_INFORMATION
    assert "Módulo" in case.intake_message
    case = supply_information(case, actor=None, fields={"module": "Liquidación"})
    assert case.status == Case.Status.OPEN
    assert case.fields == {"application": "JQ Nómina", "module": "Liquidación"}


def test_without_an_active_plan_the_case_is_refused():
    _org, usr = client("jq-systems", plan=None)
    case = submit(incidencia(usr))
    assert case.status == Case.Status.REJECTED
    assert case.intake_reason == "no_active_plan"
