"""Password reset by email (issue 7: "per-contact accounts; password reset by email"): the
account is found by its own email or its contact's, the email carries a one-time link, and the
link sets a new password."""

import re

import pytest
from django.core import mail
from django.test import Client

from tiquetera.notifications.services import send_due
from tiquetera.testing.factories import UserFactory

from .conftest import signed_in

pytestmark = [
    pytest.mark.django_db,
]
LINK = re.compile(r"https?://[^/\s]+(/accounts/password-reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def portal_user(jq_usr):
    signed_in(jq_usr)  # makes the contact's login
    user = jq_usr.user
    user.email = ""  # the login has no email of its own: the contact's is the one on record
    user.set_password("vieja-clave-2026")
    user.save()
    return user


def ask_for_link(email: str, language: str = "es") -> Client:
    browser = Client()
    browser.cookies["django_language"] = language
    response = browser.post("/accounts/password-reset/", {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    return browser


def test_the_form_asks_for_the_email():
    page = Client().get("/accounts/password-reset/").content.decode()
    assert "¿Olvidó su contraseña?" in page or "Forgot your password?" in page
    assert 'name="email"' in page


def test_the_email_link_sets_a_new_password(jq_usr, portal_user):
    browser = ask_for_link(jq_usr.email.upper())
    send_due()  # the worker sends what the request queued
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [jq_usr.email]
    link = LINK.search(message.body).group(1)

    form = browser.get(link, follow=True)  # Django swaps the token for a session, then shows
    assert form.status_code == 200
    set_password_url = form.redirect_chain[-1][0]
    assert set_password_url.endswith("/set-password/")
    done = browser.post(
        set_password_url,
        {"new_password1": "Nueva-clave-larga-77", "new_password2": "Nueva-clave-larga-77"},
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/password-reset/complete/"
    portal_user.refresh_from_db()
    assert portal_user.check_password("Nueva-clave-larga-77")
    signed_in = Client().post(
        "/accounts/login/",
        {"username": portal_user.username, "password": "Nueva-clave-larga-77"},
    )
    assert signed_in.status_code == 302, "the new password signs in"

    again = browser.get(link, follow=True).content.decode()  # a used link is dead
    assert 'name="new_password1"' not in again


def test_an_unknown_address_gets_the_same_answer_and_no_email(db):
    ask_for_link("nadie@ejemplo.co")
    send_due()
    assert mail.outbox == []


def test_an_inactive_contacts_email_finds_no_account(jq_usr, portal_user):
    jq_usr.is_active = False
    jq_usr.save()
    ask_for_link(jq_usr.email)
    send_due()
    assert mail.outbox == []


def test_a_user_found_by_their_own_email_gets_the_link_too(db):
    user = UserFactory(email="agente@proveedor.co")
    user.set_password("x-Clave-larga-1")
    user.save()
    ask_for_link("agente@proveedor.co", language="en")
    send_due()
    assert len(mail.outbox) == 1
    assert "Choose a new password" in mail.outbox[0].subject
