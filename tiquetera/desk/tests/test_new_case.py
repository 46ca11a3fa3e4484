"""Agents open a case on a contact's behalf from the desk, for any channel the client used,
with the policy-built case form, through the intake pipeline (the raw payload kept first, the
policy's rules deciding the outcome)."""

import json

import pytest

from tiquetera.desk.tests.world import DONE
from tiquetera.testing.factories import ContactFactory, OrganizationFactory
from tiquetera.tickets.models import Case, RawPayload

pytestmark = pytest.mark.django_db


def incidencia(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "case_type": "incidencia",
        "shown_type": "incidencia",
        "severity": "S2",
        "field_application": "JQ Nómina",
        "field_module": "Liquidación",
        "prerequisites": ["0"],
        "subject": "No liquida la nómina",
        "description": "Vino a la oficina: la liquidación de diciembre se detiene en el 80 %.",
        "channel_justification": "El cliente vino a nuestra oficina.",
    }
    data.update(overrides)
    return data


def test_a_case_opened_for_a_walk_in_client_goes_through_the_pipeline(agent_client, usr):
    page = agent_client.post(f"/cases/new/?contact={usr.pk}&channel=in_person", incidencia())

    case = Case.objects.get(subject="No liquida la nómina")
    assert page.status_code == 302 and page["Location"] == f"/cases/{case.number}/"
    assert case.channel == "in_person"
    assert case.requester == usr
    assert case.intake == Case.Intake.ACCEPTED
    assert case.consumption is not None  # the plan's allowance was consumed by the pipeline
    raw = json.loads(bytes(RawPayload.objects.get(pk=case.raw_id).content))
    assert raw["channel"] == "in_person" and raw["contact"] == usr.pk


def test_the_form_is_the_policys_for_the_chosen_channel(agent_client, usr):
    page = agent_client.get(f"/cases/new/?contact={usr.pk}&channel=email&case_type=incidencia")

    form = page.context["form"]
    assert page.status_code == 200
    assert form.policy.channel == "email"
    assert "case_type" in form.fields
    assert DONE[0] in page.content.decode()  # the incidencia's prerequisite


def test_without_a_contact_the_page_finds_one_by_phone(agent_client, usr):
    page = agent_client.get("/cases/new/", {"q": "310 614 9927"})

    assert page.status_code == 200
    assert f"/cases/new/?contact={usr.pk}" in page.content.decode()


def test_an_organizations_active_contacts_are_offered(agent_client, usr):
    ContactFactory(organization=usr.organization, name="Ex Empleado", is_active=False)

    page = agent_client.get("/cases/new/", {"organization": usr.organization_id})

    assert [c.pk for c in page.context["contacts"]] == [usr.pk]


def test_a_missing_subject_is_shown_and_nothing_is_stored(agent_client, usr):
    page = agent_client.post(f"/cases/new/?contact={usr.pk}&channel=phone", incidencia(subject=""))

    assert page.status_code == 200
    assert page.context["form"].errors["subject"]
    assert not Case.objects.exists()


def test_the_portal_and_api_doors_are_not_offered_as_channels(agent_client, usr):
    page = agent_client.get(f"/cases/new/?contact={usr.pk}&channel=portal")

    assert page.context["channel"] == "phone"
    assert "portal" not in [value for value, _label in page.context["channels"]]


def test_clients_may_not_open_cases_from_the_desk(outsider_client, usr):
    other = ContactFactory(organization=OrganizationFactory(policy=usr.organization.policy))

    assert outsider_client.get(f"/cases/new/?contact={other.pk}").status_code == 403
