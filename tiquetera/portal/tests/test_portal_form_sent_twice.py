"""The new-case form sent twice (a double click, the browser's resend) makes one case: each
drawn form carries a one-time token, stored with the case in the intake's transaction, and a
second sending of the same form lands on the first one's case."""

import re

import pytest

from tiquetera.tickets.models import Case

from .conftest import jq_incidencia, signed_in

pytestmark = pytest.mark.django_db


def drawn_token(browser) -> str:
    response = browser.get("/portal/cases/new/")
    assert response.status_code == 200
    found = re.search(r'name="form_token" value="([0-9a-f]{32})"', response.content.decode())
    assert found, "the form carries its one-time token"
    return found.group(1)


def test_the_same_form_sent_twice_makes_one_case(jq_usr):
    browser = signed_in(jq_usr)
    data = jq_incidencia(form_token=drawn_token(browser))

    first = browser.post("/portal/cases/new/", data)
    second = browser.post("/portal/cases/new/", data)

    case = Case.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/portal/cases/{case.number}/submitted/"


def test_two_forms_drawn_apart_make_two_cases(jq_usr):
    browser = signed_in(jq_usr)
    tokens = {drawn_token(browser), drawn_token(browser)}
    assert len(tokens) == 2

    for token in tokens:
        assert (
            browser.post("/portal/cases/new/", jq_incidencia(form_token=token)).status_code == 302
        )

    assert Case.objects.count() == 2


def test_a_form_redrawn_for_its_errors_keeps_its_token(jq_usr):
    browser = signed_in(jq_usr)
    token = drawn_token(browser)

    again = browser.post("/portal/cases/new/", jq_incidencia(form_token=token, subject=""))

    assert again.status_code == 200
    assert f'name="form_token" value="{token}"' in again.content.decode()
    assert not Case.objects.exists()


def test_a_forged_token_is_an_error_not_a_case(jq_usr):
    response = signed_in(jq_usr).post(
        "/portal/cases/new/", jq_incidencia(form_token="no-es-un-token")
    )

    assert response.status_code == 200
    assert not Case.objects.exists()
