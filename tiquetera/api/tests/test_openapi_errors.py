"""The OpenAPI document declares the error answers of every operation — 400 and 500 always;
401, 403 and 429 where a token or session is needed; 404 where a path names something; 422
where there is input — each with the one `{"code", "message"}` schema, and the answers the API
really gives match it."""

import pytest
from django.test import Client
from jsonschema import validate as validate_json
from openapi_spec_validator import validate

from tiquetera.api.tests.conftest import bearer, hotel  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db
ERROR = {"$ref": "#/components/schemas/Error"}


@pytest.fixture
def document() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_the_document_with_its_errors_is_still_valid_openapi(document):
    validate(document)
    assert set(document["components"]["schemas"]["Error"]["required"]) == {"code", "message"}


def test_every_operation_declares_its_error_answers_with_the_error_schema(document):
    for path, method, operation in operations(document):
        responses = operation["responses"]
        expected = {"400", "500"}
        if operation.get("security"):
            expected |= {"401", "403", "429"}
        if "{" in path:
            expected.add("404")
        if operation.get("parameters") or operation.get("requestBody"):
            expected.add("422")
        assert expected <= set(responses), (method, path, sorted(responses))
        for status in expected:
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == ERROR, (method, path, status)


def test_the_case_routes_declare_401_404_and_422(document):
    read = document["paths"]["/api/v1/cases/{number}"]["get"]["responses"]
    create = document["paths"]["/api/v1/cases"]["post"]["responses"]

    assert {"401", "404", "429"} <= set(read)
    assert {"401", "422", "200", "201"} <= set(create)


def test_real_error_answers_match_the_declared_schema(document, hotel):  # noqa: F811
    schema = {**document["components"]["schemas"]["Error"]}
    answers = [
        Client().get("/api/v1/cases"),  # 401
        bearer(hotel.token).get("/api/v1/cases/JQ-1999-000001"),  # 404
        bearer(hotel.token).get("/api/v1/queue"),  # 403: agents only
        bearer(hotel.token).post("/api/v1/cases", "{}", content_type="application/json"),  # 422
    ]

    assert [answer.status_code for answer in answers] == [401, 404, 403, 422]
    for answer in answers:
        validate_json(answer.json(), schema)
