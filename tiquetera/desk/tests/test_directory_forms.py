"""Agents with the directory's permissions create and edit organizations and contacts from the
desk, through the directory services (same cleaning, same audit events as the import and the
admin); agents without them may look but not change."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tiquetera.audit.models import AuditEvent
from tiquetera.directory.models import Contact, Organization
from tiquetera.testing.factories import AgentFactory, ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(db) -> Client:
    editor = AgentFactory(username="editora")
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="directory",
            codename__in=[
                "add_organization",
                "change_organization",
                "add_contact",
                "change_contact",
            ],
        )
    )
    browser = Client()
    browser.force_login(editor)
    return browser


def test_an_agent_with_the_right_creates_an_organization_with_a_normalised_nit(editor_client):
    organization = OrganizationFactory()  # for its policy

    page = editor_client.post(
        "/organizations/new/",
        {
            "policy": organization.policy_id,
            "legal_name": "  Ferretería   Andina S.A.S. ",
            "tax_id": "900.123.456-8",
            "country": "co",
            "is_active": "on",
        },
    )

    created = Organization.objects.get(legal_name="Ferretería Andina S.A.S.")
    assert page.status_code == 302 and page["Location"] == f"/organizations/{created.pk}/"
    assert created.tax_id == "900123456-8"
    assert AuditEvent.objects.filter(verb="organization.created", object_id=str(created.pk))


def test_a_wrong_check_digit_is_shown_on_the_tax_id_field(editor_client):
    organization = OrganizationFactory()

    page = editor_client.post(
        "/organizations/new/",
        {
            "policy": organization.policy_id,
            "legal_name": "X",
            "tax_id": "900123456-1",
            "country": "CO",
        },
    )

    assert page.status_code == 200
    assert page.context["form"].errors["tax_id"]
    assert not Organization.objects.filter(legal_name="X").exists()


def test_an_agent_with_the_right_adds_a_contact_whose_phone_is_made_e164(editor_client):
    organization = OrganizationFactory()

    page = editor_client.post(
        f"/organizations/{organization.pk}/contacts/new/",
        {
            "name": "Marta Ruiz",
            "email": "marta@ferreteria.co",
            "phone": "310 614 9927",
            "role": "manager",
            "language": "es",
            "is_active": "on",
        },
    )

    contact = Contact.objects.get(name="Marta Ruiz")
    assert page.status_code == 302 and page["Location"] == f"/contacts/{contact.pk}/"
    assert contact.phone == "+573106149927"
    assert contact.may_sign_purchase_orders  # the manager's default
    assert AuditEvent.objects.filter(verb="contact.created", object_id=str(contact.pk))


def test_editing_a_contact_changes_its_rights_and_is_audited(editor_client):
    contact = ContactFactory(role="user", email="luis@cliente.co", phone="+573106149927")

    editor_client.post(
        f"/contacts/{contact.pk}/edit/",
        {
            "name": contact.name,
            "email": contact.email,
            "phone": contact.phone,
            "role": "user",
            "may_open_cases": "on",
            "may_verify_cases": "on",
            "language": "es",
            "is_active": "on",
        },
    )

    contact.refresh_from_db()
    assert contact.may_verify_cases
    assert AuditEvent.objects.filter(verb="contact.updated", object_id=str(contact.pk))


def test_editing_an_organization_keeps_its_policy(editor_client):
    organization = OrganizationFactory(legal_name="Antes S.A.S.")

    editor_client.post(
        f"/organizations/{organization.pk}/edit/",
        {"legal_name": "Después S.A.S.", "tax_id": organization.tax_id, "country": "CO"},
    )

    organization.refresh_from_db()
    assert organization.legal_name == "Después S.A.S."
    assert not organization.is_active  # the box was left unticked


def test_an_agent_without_the_right_may_not_change_the_directory(agent_client):
    organization = OrganizationFactory()
    contact = ContactFactory(organization=organization)

    assert agent_client.get("/organizations/new/").status_code == 403
    assert agent_client.get(f"/organizations/{organization.pk}/edit/").status_code == 403
    assert agent_client.get(f"/organizations/{organization.pk}/contacts/new/").status_code == 403
    assert agent_client.post(f"/contacts/{contact.pk}/edit/", {"name": "X"}).status_code == 403
    page = agent_client.get(f"/organizations/{organization.pk}/")
    assert f"/organizations/{organization.pk}/edit/" not in page.content.decode()


def test_an_agent_with_the_right_marks_the_organization_behind_on_payments(editor_client):
    organization = OrganizationFactory()

    page = editor_client.post(f"/organizations/{organization.pk}/standing/", {"standing": "behind"})

    organization.refresh_from_db()
    assert page.status_code == 302
    assert organization.standing == "behind"
    assert organization.standing_set_by is not None
    assert AuditEvent.objects.filter(
        verb="organization.standing_set", object_id=str(organization.pk)
    )


def test_an_agent_without_the_right_may_not_change_the_standing(agent_client):
    organization = OrganizationFactory()

    page = agent_client.post(f"/organizations/{organization.pk}/standing/", {"standing": "behind"})

    organization.refresh_from_db()
    assert page.status_code == 403 and organization.standing == "current"


def test_an_agent_with_the_right_invites_a_contact_to_the_portal_from_its_page(editor_client):
    """Issue 14: the contact page invites people, through the same service as the admin and
    the import (`invite_contact`: a login and the invitation email in the outbox)."""
    from tiquetera.notifications.models import Notification

    contact = ContactFactory(email="ana@ferreteria.co")
    assert "Invitar al portal" in editor_client.get(f"/contacts/{contact.pk}/").content.decode()

    page = editor_client.post(f"/contacts/{contact.pk}/invite/", follow=True)

    assert page.status_code == 200
    assert "ana@ferreteria.co" in page.content.decode()  # "the invitation was sent to …"
    contact.refresh_from_db()
    assert contact.user is not None and not contact.user.has_usable_password()
    assert Notification.objects.filter(kind="contact_invitation", to="ana@ferreteria.co").exists()
    assert "Reenviar la invitación" in page.content.decode()


def test_an_agent_without_the_right_cannot_invite(agent_client):
    contact = ContactFactory(email="luis@ferreteria.co")
    assert agent_client.post(f"/contacts/{contact.pk}/invite/").status_code == 403
    contact.refresh_from_db()
    assert contact.user is None
