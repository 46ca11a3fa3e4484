"""Meta's subscription check: GET with hub.mode=subscribe, our verify token and a challenge."""

import pytest

from .conftest import VERIFY_TOKEN, WEBHOOK


def handshake(client, **params):
    query = {
        "hub.mode": "subscribe",
        "hub.verify_token": VERIFY_TOKEN,
        "hub.challenge": "1158201444",
    }
    return client.get(WEBHOOK, {**query, **params})


def test_the_right_verify_token_gets_the_challenge_back(client):
    response = handshake(client)
    assert response.status_code == 200
    assert response.content == b"1158201444"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    "params",
    [
        {"hub.verify_token": "not-the-token"},
        {"hub.verify_token": ""},
        {"hub.mode": "unsubscribe"},
        {"hub.challenge": ""},
    ],
)
def test_a_wrong_handshake_is_refused_and_logged(client, caplog, params):
    response = handshake(client, **params)
    assert response.status_code == 403
    assert b"1158201444" not in response.content
    assert "verification refused" in caplog.text


def test_no_verify_token_configured_refuses_every_handshake(client, settings):
    settings.WHATSAPP_VERIFY_TOKEN = ""
    assert handshake(client, **{"hub.verify_token": ""}).status_code == 403


def test_other_methods_are_not_allowed(client):
    assert client.put(WEBHOOK, b"{}").status_code == 405
