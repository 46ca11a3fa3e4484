"""Brute force on the sign-in forms (agents and portal share /accounts/login/; the admin has its
own) is stopped by django-axes: past the limit, by username or by client address, the right
password no longer works until the cool-off passes or someone unlocks it, and the page says so
in Spanish."""

import pytest
from django.core.management import call_command
from django.test import Client

from tiquetera.testing.factories import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-test-password"  # the factories' password
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only


def sign_in(username: str, password: str, address: str = "192.0.2.10", url: str = LOGIN):
    return Client(REMOTE_ADDR=address).post(url, {"username": username, "password": password})


def fail(times: int, username: str, address: str = "192.0.2.10", url: str = LOGIN) -> list[int]:
    return [sign_in(username, "wrong", address, url).status_code for _ in range(times)]


def test_wrong_passwords_past_the_limit_lock_the_user_out_with_a_spanish_message():
    user = UserFactory(username="ana")
    assert fail(4, "ana") == [200] * 4  # the form again, with its error

    locked = sign_in("ana", "wrong")
    assert locked.status_code == 429
    right = sign_in(user.username, PASSWORD)

    assert right.status_code == 429, "the right password does not open a locked account"
    page = right.content.decode()
    assert "Demasiados intentos fallidos" in page and "30 minutos" in page
    assert 'name="password"' in page  # still the sign-in page, not a bare error


def test_the_lock_by_username_holds_from_another_address():
    UserFactory(username="ana")
    fail(5, "ana", address="192.0.2.10")

    assert sign_in("ana", PASSWORD, address="198.51.100.4").status_code == 429


def test_the_lock_by_address_holds_for_another_username():
    UserFactory(username="luis")
    for n in range(5):  # a sprayer: one try per username
        sign_in(f"nadie{n}", "wrong", address="192.0.2.66")

    assert sign_in("luis", PASSWORD, address="192.0.2.66").status_code == 429
    assert sign_in("luis", PASSWORD, address="192.0.2.67").status_code == 302


def test_a_successful_sign_in_forgets_earlier_mistakes():
    UserFactory(username="ana")
    fail(4, "ana")
    assert sign_in("ana", PASSWORD).status_code == 302

    assert fail(4, "ana") == [200] * 4


def test_the_admin_sign_in_locks_too():
    AgentFactory(username="jefa", is_superuser=True)
    fail(5, "jefa", url="/admin/login/")

    assert sign_in("jefa", PASSWORD, url="/admin/login/").status_code == 429


def test_an_administrator_unlocks_a_username_with_the_command():
    UserFactory(username="ana")
    fail(5, "ana")
    assert sign_in("ana", PASSWORD, address="198.51.100.4").status_code == 429

    call_command("axes_reset_username", "ana")

    assert sign_in("ana", PASSWORD, address="198.51.100.4").status_code == 302


def test_behind_a_trusted_proxy_the_lock_is_per_client_not_per_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    UserFactory(username="luis")
    for n in range(5):
        Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.66").post(
            LOGIN, {"username": f"nadie{n}", "password": "wrong"}
        )

    neighbour = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert neighbour.post(LOGIN, {"username": "luis", "password": PASSWORD}).status_code == 302
