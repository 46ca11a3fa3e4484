"""A path under /api/v1/ that names no route is a JSON 404, and a route asked with a method it
does not take a JSON 405 — the API's one error shape, never Django's HTML page; the rest of the
site keeps its pages, and a missing trailing slash is still redirected."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v1/cases/X/y/z", "/api/v1/", "/api/"])
def test_an_unknown_api_path_is_a_json_404(path):
    response = Client().get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "code": "not_found",
        "message": "Aquí no hay nada, o usted no puede verlo.",
    }


def test_a_method_a_route_does_not_take_is_a_json_405_that_says_which_it_takes():
    response = Client().delete("/api/v1/cases")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "DELETE" in response.json()["message"]
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_a_missing_trailing_slash_is_still_redirected():
    response = Client().get("/api/v1/calendars")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/calendars/"


def test_pages_outside_the_api_keep_their_html_404():
    response = Client().get("/portal/nothing-here/")

    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")
