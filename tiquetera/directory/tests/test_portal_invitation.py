"""Clients get in (issue 14): giving a contact portal access emails an invitation through the
outbox, in the contact's language, whose link chooses a password once within a few days; agents
re-send it; `import contacts --invite` invites a whole file; password reset answers the same
whether or not the address exists, and works for a portal user who never chose a password."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from tiquetera.audit.models import AuditEvent
from tiquetera.directory.errors import InvalidValue
from tiquetera.directory.services import INVITATION_DAYS, invite_contact
from tiquetera.directory.services.invitations import InvitationTokenGenerator
from tiquetera.notifications.models import Notification
from tiquetera.testing.factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://[^/\s]+(/accounts/invitation/[^/\s]+/[^/\s]+/)")
PASSWORD = "Clave-del-portal-2026"


def invitation_link(contact) -> str:
    email = Notification.objects.filter(kind="contact_invitation", to=contact.email).first()
    assert email is not None
    return LINK.search(email.text_body).group(1)


def choose_password(link: str) -> tuple[Client, str]:
    browser = Client()
    form = browser.get(link, follow=True)
    assert form.status_code == 200
    set_password_url = form.redirect_chain[-1][0]
    done = browser.post(set_password_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    return browser, done


def test_a_client_accepts_the_invitation_from_the_outbox_and_signs_in_to_the_portal(agent):
    contact = ContactFactory(name="Luisa Fernanda Ríos", email="luisa@hotelandes.co", role="usr")
    invite_contact(contact, actor=agent)

    email = Notification.objects.get(kind="contact_invitation")
    assert (email.to, email.language) == ("luisa@hotelandes.co", "es")
    assert "Hola, Luisa Fernanda Ríos" in email.text_body
    assert f"{INVITATION_DAYS} días" in email.text_body
    browser, done = choose_password(invitation_link(contact))
    # signed in and on the portal of their organization, welcomed
    assert done.status_code == 302 and done["Location"] == "/portal/"
    portal = browser.get("/portal/").content.decode()
    assert "Su contraseña quedó guardada. Le damos la bienvenida al portal de soporte." in portal
    assert contact.organization.legal_name in portal

    browser = Client()
    signed_in = browser.post(
        "/accounts/login/", {"username": "luisa@hotelandes.co", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert browser.get("/portal/").status_code == 200
    assert AuditEvent.objects.filter(verb="contact.invited", object_id=str(contact.pk)).exists()


def test_a_used_invitation_link_is_refused_in_spanish(agent):
    contact = ContactFactory(email="pedro@hotelandes.co")
    invite_contact(contact, actor=agent)
    link = invitation_link(contact)
    choose_password(link)

    again = Client().get(link, follow=True).content.decode()
    assert 'name="new_password1"' not in again
    assert "Este enlace de invitación ya no es válido" in again


def test_an_expired_invitation_link_is_refused_in_spanish(agent):
    contact = ContactFactory(email="marta@hotelandes.co")
    invite_contact(contact, actor=agent)  # the login

    class EightDaysAgo(InvitationTokenGenerator):
        def _now(self) -> dt.datetime:
            return dt.datetime.now() - dt.timedelta(days=INVITATION_DAYS + 1)

    token = EightDaysAgo().make_token(contact.user)
    fresh = invitation_link(contact)
    expired = re.sub(r"/[^/]+/$", f"/{token}/", fresh)
    page = Client().get(expired, follow=True).content.decode()
    assert "Este enlace de invitación ya no es válido" in page
    assert 'name="new_password1"' not in page


def test_the_invitation_is_written_in_the_contacts_language(agent):
    contact = ContactFactory(email="john@hotelandes.co", language="en")
    invite_contact(contact, actor=agent)
    email = Notification.objects.get(kind="contact_invitation")
    assert email.language == "en"
    assert "Choose your password" in email.text_body


def test_an_agent_re_sends_the_invitation_until_the_contact_chose_a_password(agent):
    contact = ContactFactory(email="ines@hotelandes.co")
    invite_contact(contact, actor=agent)
    invite_contact(contact, actor=agent)
    assert Notification.objects.filter(kind="contact_invitation").count() == 2
    choose_password(invitation_link(contact))
    contact.refresh_from_db()
    with pytest.raises(InvalidValue) as refused:
        invite_contact(contact, actor=agent)
    assert refused.value.code == "already_signed_in"


def test_a_contact_without_email_cannot_be_invited(agent):
    with pytest.raises(InvalidValue) as refused:
        invite_contact(ContactFactory(email=""), actor=agent)
    assert refused.value.code == "login_without_email"
    assert not Notification.objects.exists()


def test_import_contacts_with_invite_invites_the_whole_file(tmp_path):
    organization = OrganizationFactory(tax_id="800197268-4")
    path = tmp_path / "contactos.csv"
    path.write_text(
        "empresa;nombre;correo;rol\n"
        "800197268-4;Ana Pérez;ana@hotel.co;USR\n"
        "800197268-4;Luis Gómez;luis@hotel.co;usuario\n"
        "800197268-4;Recepción;;usuario\n",
        encoding="utf-8",
    )
    out = StringIO()
    with translation.override("es"):
        call_command(
            "import",
            "contacts",
            str(path),
            "--invite",
            f"--policy={organization.policy.slug}",
            stdout=out,
        )
    sent = sorted(
        Notification.objects.filter(kind="contact_invitation").values_list("to", flat=True)
    )
    assert sent == ["ana@hotel.co", "luis@hotel.co"]
    assert "2 invitaciones al portal enviadas." in out.getvalue()
    assert ":4: no invitado:" in out.getvalue()  # Recepción has no email


def test_password_reset_reaches_a_portal_user_who_never_chose_a_password(agent):
    contact = ContactFactory(email="sofia@hotelandes.co")
    invite_contact(contact, actor=agent)  # the invitation expired unused, say
    response = Client().post("/accounts/password-reset/", {"email": "sofia@hotelandes.co"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    resets = Notification.objects.filter(kind="password_reset")  # through the outbox
    assert [n.to for n in resets] == ["sofia@hotelandes.co"]


def test_password_reset_answers_the_same_for_an_unknown_address(db):
    response = Client().post("/accounts/password-reset/", {"email": "nadie@ejemplo.co"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert not Notification.objects.filter(kind="password_reset").exists()
    assert mail.outbox == []
