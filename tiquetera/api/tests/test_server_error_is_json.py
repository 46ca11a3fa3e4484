"""An unexpected failure inside the API answers the usual JSON error shape with a 500, never
Django's HTML page nor a traceback, and the traceback goes to the log."""

import logging

import pytest
from django.core.cache import cache

from tiquetera.api.tests.conftest import bearer

pytestmark = pytest.mark.django_db


class CacheDown(RuntimeError):
    pass


def test_an_unexpected_exception_is_a_json_500_and_its_traceback_is_logged(monkeypatch, caplog):
    def unreachable(*args, **kwargs):
        raise CacheDown("the cache server went away")

    # the token limiter counts a failed token in the cache: make the cache fail
    monkeypatch.setattr(cache, "get", unreachable)
    monkeypatch.setattr(cache, "add", unreachable)
    client = bearer("tq_not-a-real-token")
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR, logger="tiquetera.api.main"):
        response = client.get("/api/v1/cases")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["code"] == "server_error"
    assert body["message"].startswith("Algo salió mal")  # Spanish, like every page
    assert "the cache server went away" not in response.content.decode()
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is CacheDown]
    assert logged and "/api/v1/cases" in logged[0].getMessage()
