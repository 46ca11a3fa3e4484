"""The OpenAPI document declares the error answers of every operation as they can happen — 400
and 500 always; 401 and 429 where a token is needed; 403 on the agents' routes and on writes;
404 where the path (or the route) names something; 422 where there is input — each with the one
`{"code", "message"}` schema, and the answers the API really gives match it; the input schemas
say the formats and lengths the models keep."""

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
        assert {"400", "500"} <= set(responses), (method, path)
        if operation.get("security"):
            assert {"401", "429"} <= set(responses), (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        if operation.get("requestBody"):
            assert {"403", "422"} <= set(responses), (method, path)  # 403: a session's CSRF
        for status, answer in responses.items():
            if status >= "400":
                assert answer["content"]["application/json"]["schema"] == ERROR, (method, path)


def test_the_errors_declared_are_those_that_can_happen(document):
    def statuses(path: str, method: str) -> set[str]:
        return {s for s in document["paths"][path][method]["responses"] if s >= "400"}

    # a client may read its cases: no 403; nothing named in the path: no 404
    assert statuses("/api/v1/cases", "get") == {"400", "401", "422", "429", "500"}
    # the path names the case; a text in the path cannot fail validation: no 422
    assert statuses("/api/v1/cases/{number}", "get") == {"400", "401", "404", "429", "500"}
    # the agents' queue: a client is told 403
    assert "403" in statuses("/api/v1/queue", "get")
    # the body may name an organization that does not exist (the route declares it)
    assert statuses("/api/v1/cases", "post") == {"400", "401", "403", "404", "422", "429", "500"}
    assert "404" in statuses("/api/v1/reports/sla", "get")  # the policy named in the query


def test_input_schemas_say_the_formats_and_lengths_the_models_keep(document):
    schemas = document["components"]["schemas"]
    case = schemas["CaseIn"]["properties"]
    assert case["subject"]["maxLength"] == 200
    assert case["requester_email"]["anyOf"][0] == {
        "type": "string",
        "format": "email",
        "maxLength": 254,
    }
    assert (
        schemas["TokenIn"]["properties"]["name"] | {"minLength": 1, "maxLength": 100}
        == (schemas["TokenIn"]["properties"]["name"])
    )
    assert "format" in str(schemas["TokenIn"]["properties"]["expires_at"])  # date-time
    assert schemas["ArticleIn"]["properties"]["body"]["minLength"] == 1
    assert schemas["TransitionIn"]["properties"]["status"] == {
        "$ref": "#/components/schemas/Status"
    }
    assert "resolved" in schemas["Status"]["enum"]
    create = document["paths"]["/api/v1/cases"]["post"]
    key = next(p for p in create["parameters"] if p["name"] == "Idempotency-Key")
    assert key["schema"]["maxLength"] == 255 and key["schema"]["pattern"] == "^[!-~]+$"


def test_real_error_answers_match_the_declared_schema(document, hotel):  # noqa: F811
    schema = {**ERROR, "components": document["components"]}
    answers = [
        Client().get("/api/v1/cases"),  # 401
        bearer(hotel.token).get("/api/v1/cases/JQ-1999-000001"),  # 404
        bearer(hotel.token).get("/api/v1/queue"),  # 403: agents only
        bearer(hotel.token).post("/api/v1/cases", "{}", content_type="application/json"),  # 422
        Client().post("/api/v1/cases", "{}", content_type="application/json"),  # 401, no CSRF
        bearer("tq_wrong").post("/api/v1/cases", "{}", content_type="application/json"),  # 401
    ]

    assert [answer.status_code for answer in answers] == [401, 404, 403, 422, 401, 401]
    for answer in answers:
        validate_json(answer.json(), schema)
