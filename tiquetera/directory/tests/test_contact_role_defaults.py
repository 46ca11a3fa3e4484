import pytest

from tiquetera.directory.errors import InvalidInput, NotAllowed
from tiquetera.directory.services import ContactFields, create_contact, update_contact
from tiquetera.testing.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _flags(contact):
    return (contact.may_open_cases, contact.may_verify_cases, contact.may_sign_purchase_orders)


@pytest.mark.parametrize(
    ("role", "flags"),
    [
        ("usr", (True, True, True)),
        ("manager", (True, False, True)),
        ("administrator", (True, False, True)),
        ("user", (True, False, False)),
    ],
)
def test_role_gives_its_default_permissions(agent, role, flags):
    """Seed 002: only the USR — or the manager/administrator in their stead — reports; a case
    from anyone else needs the USR's verification."""
    saved = create_contact(
        OrganizationFactory(), ContactFields(name="Ana Pérez", role=role), actor=agent
    )
    assert _flags(saved.obj) == flags


def test_a_contacts_flag_can_differ_from_its_roles_default(agent):
    fields = ContactFields(name="Luis Gómez", role="user", may_open_cases=False)
    contact = create_contact(OrganizationFactory(), fields, actor=agent).obj
    assert contact.may_open_cases is False


def test_an_update_keeps_changed_flags_while_the_role_stays(agent):
    org = OrganizationFactory()
    contact = create_contact(
        org, ContactFields(name="Luis", may_sign_purchase_orders=True), actor=agent
    ).obj
    saved = update_contact(contact, ContactFields(name="Luis Gómez"), actor=agent)
    assert saved.changed
    assert contact.may_sign_purchase_orders is True


def test_promotion_to_usr_takes_the_usr_defaults(agent):
    contact = create_contact(OrganizationFactory(), ContactFields(name="Luis"), actor=agent).obj
    update_contact(contact, ContactFields(name="Luis", role="usr"), actor=agent)
    contact.refresh_from_db()
    assert _flags(contact) == (True, True, True)


def test_contact_phone_and_email_are_normalised_with_notices(agent):
    """Seed 004: a personal email and a phone with country and area code."""
    org = OrganizationFactory(country="CO")
    fields = ContactFields(
        name="Ana", email="Info@Hotel.CO", phone="+57 (6) 3134484", whatsapp_opt_in=True
    )
    saved = create_contact(org, fields, actor=agent)
    assert saved.obj.email == "Info@hotel.co"
    assert saved.obj.phone == "+576063134484"
    assert saved.obj.whatsapp == "+576063134484"  # accepts WhatsApp: the phone is the number
    assert len(saved.warnings) == 2


def test_every_bad_field_is_reported_at_once(agent):
    fields = ContactFields(name="", email="no-es-correo", phone="3134484")
    with pytest.raises(InvalidInput) as refused:
        create_contact(OrganizationFactory(), fields, actor=agent)
    assert {p.field for p in refused.value.problems} == {"name", "email", "phone"}


def test_two_contacts_of_one_organization_cannot_share_an_email(agent):
    org = OrganizationFactory()
    create_contact(org, ContactFields(name="Ana", email="ana@x.co"), actor=agent)
    with pytest.raises(InvalidInput) as refused:
        create_contact(org, ContactFields(name="Ana B", email="ANA@x.co"), actor=agent)
    assert refused.value.problems[0].code == "email_taken"


def test_a_non_agent_may_not_create_contacts():
    with pytest.raises(NotAllowed):
        create_contact(OrganizationFactory(), ContactFields(name="Ana"), actor=UserFactory())
