"""The OpenAPI document the app serves is valid OpenAPI, and documents how to authenticate."""

import pytest
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_served_openapi_document_validates():
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    validate(document)  # raises on any schema violation
    assert document["info"]["version"] == "1"
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert "/api/v1/cases" in document["paths"]


def test_the_docs_page_is_served_without_a_cdn():
    page = Client().get("/api/v1/docs").content.decode()

    assert "cdn." not in page and "unpkg" not in page and "jsdelivr" not in page
