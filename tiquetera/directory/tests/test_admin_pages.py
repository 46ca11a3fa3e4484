import pytest

from tiquetera.directory.models import Contact, Organization
from tiquetera.notifications.models import Notification
from tiquetera.testing.factories import (
    AgentProfileFactory,
    ContactFactory,
    OrganizationFactory,
    PolicyFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss():
    return UserFactory(username="jefa", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, boss):
    client.force_login(boss)
    return client


def _inline(prefix="contacts", total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _organization_form(policy, **changes):
    data = {
        "policy": str(policy.pk),
        "legal_name": "Hotel Soho Pereira",
        "tax_id": "800.197.268-4",
        "country": "CO",
        "time_zone": "",
        "edition": "local",
        "standing": "current",
        "notes": "",
        "is_active": "on",
    }
    return data | _inline() | changes


@pytest.mark.parametrize(
    "url",
    [
        "/admin/directory/organization/",
        "/admin/directory/organization/add/",
        "/admin/directory/contact/",
        "/admin/directory/contact/add/",
        "/admin/directory/team/add/",
        "/admin/directory/agent/",
        "/admin/directory/agent/add/",
    ],
)
def test_directory_admin_pages_open(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_change_pages_open(admin_client):
    contact = ContactFactory()
    agent = AgentProfileFactory()
    for url in [
        f"/admin/directory/organization/{contact.organization.pk}/change/",
        f"/admin/directory/contact/{contact.pk}/change/",
        f"/admin/directory/agent/{agent.pk}/change/",
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_organization_search_by_tax_id(admin_client):
    org = OrganizationFactory(legal_name="Hotel Buscado")
    response = admin_client.get("/admin/directory/organization/", {"q": org.tax_id})
    assert "Hotel Buscado" in response.content.decode()


def test_adding_an_organization_normalises_its_tax_id_and_edition(admin_client):
    response = admin_client.post(
        "/admin/directory/organization/add/", _organization_form(PolicyFactory())
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    org = Organization.objects.get()
    assert (org.tax_id, org.edition, org.time_zone) == ("800197268-4", "LOCAL", "America/Bogota")


def test_a_wrong_nit_check_digit_is_shown_on_the_field(admin_client):
    data = _organization_form(PolicyFactory(), tax_id="800197268-5")
    response = admin_client.post("/admin/directory/organization/add/", data)
    assert response.status_code == 200
    assert "800197268" in response.context["adminform"].form.errors["tax_id"][0]
    assert not Organization.objects.exists()


def test_standing_changed_in_the_admin_records_who_and_when(admin_client, boss):
    org = OrganizationFactory()
    data = _organization_form(
        org.policy, legal_name=org.legal_name, tax_id=org.tax_id, standing="behind"
    )
    response = admin_client.post(f"/admin/directory/organization/{org.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    org.refresh_from_db()
    assert (org.standing, org.standing_set_by) == ("behind", boss)
    assert org.standing_set_at is not None


def test_contacts_added_inline_are_normalised(admin_client):
    """Seed 004's phone example in its old form is stored in the 10-digit form."""
    data = (
        _organization_form(PolicyFactory())
        | _inline(total=1)
        | {
            "contacts-0-name": "Ana Pérez",
            "contacts-0-email": "ana@Hotel.CO",
            "contacts-0-phone": "+57 (6) 3134484",
            "contacts-0-role": "usr",
            "contacts-0-may_open_cases": "on",
            "contacts-0-is_active": "on",
        }
    )
    response = admin_client.post("/admin/directory/organization/add/", data, follow=True)
    assert response.status_code == 200
    contact = Contact.objects.get()
    assert (contact.phone, contact.email) == ("+576063134484", "ana@hotel.co")
    assert contact.may_verify_cases  # the USR's default
    assert any("606 3134484" in str(m) for m in response.context["messages"])


def _contact_form(org, **changes):
    data = {
        "organization": str(org.pk),
        "name": "Recepción Hotel",
        "email": "info@hotel.co",
        "phone": "+57 310 614 9927",
        "whatsapp": "",
        "role": "user",
        "may_open_cases": "on",
        "language": "es",
        "is_active": "on",
    }
    return data | changes


def test_adding_a_contact_with_a_generic_mailbox_warns(admin_client):
    """Seed 004 asks for a personal, not a generic, email: accepted with a warning."""
    org = OrganizationFactory()
    response = admin_client.post("/admin/directory/contact/add/", _contact_form(org), follow=True)
    assert response.status_code == 200
    assert Contact.objects.get().email == "info@hotel.co"
    levels = [m.level_tag for m in response.context["messages"]]
    assert "warning" in levels


def test_a_phone_without_area_code_is_refused_on_the_field(admin_client):
    org = OrganizationFactory()
    response = admin_client.post(
        "/admin/directory/contact/add/", _contact_form(org, phone="3134484")
    )
    assert response.status_code == 200
    assert "+57 606 3134484" in response.context["adminform"].form.errors["phone"][0]
    assert not Contact.objects.exists()


def test_changing_a_contact_goes_through_the_service(admin_client):
    contact = ContactFactory(role="user")
    data = _contact_form(contact.organization, email=contact.email, role="usr")
    response = admin_client.post(f"/admin/directory/contact/{contact.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    contact.refresh_from_db()
    assert (contact.role, contact.may_verify_cases, contact.may_sign_purchase_orders) == (
        "usr",
        True,
        True,
    )


def test_the_invite_action_creates_the_user_and_emails_the_invitation(admin_client):
    contact = ContactFactory(email="ana@hotel.co")
    for _time in range(2):  # the second time re-sends it
        response = admin_client.post(
            "/admin/directory/contact/",
            {"action": "invite_to_portal", "_selected_action": [str(contact.pk)]},
        )
        assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.user.username == "ana@hotel.co"
    sent = Notification.objects.filter(kind="contact_invitation", to="ana@hotel.co")
    assert sent.count() == 2


def test_a_vendor_admin_adds_an_agent_with_skills(admin_client):
    user = UserFactory(username="soporte1")
    team = TeamFactory(key="soporte-n1", name="Soporte N1")
    data = {
        "user": str(user.pk),
        "teams": [str(team.pk)],
        "skills_text": "facturación, nómina",
        "is_active": "on",
    }
    response = admin_client.post("/admin/directory/agent/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert user.agent.skills == ["facturación", "nómina"]
    assert list(user.agent.teams.all()) == [team]
