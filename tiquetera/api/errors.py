"""The one error shape of the API, and the OpenAPI document that declares it for every operation.

Every error answers JSON `{"code": "...", "message": "..."}` (plus `errors` when the input did
not validate). Which error statuses an operation declares is worked out here, once, from what
the operation is — its authentication, its path, its input — so a new route declares them
without a line of its own; a route adds only what is particular to it, in its `response`
(e.g. `404: Error` where a value of its body names something that may not exist).
"""

from typing import Any

from ninja import Schema
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.params.models import PathModel
from pydantic import Field

from .auth import Session, Token


class FieldError(Schema):
    field: str = Field(description="Where: e.g. body.payload.subject or query.size.")
    message: str


class Error(Schema):
    code: str = Field(description="Stable, for programs: e.g. not_found, invalid.")
    message: str = Field(description="For people, in the caller's language.")
    errors: list[FieldError] = Field(
        default=[], description="422 only: each value that did not validate."
    )


DESCRIPTIONS = {
    400: "Refused: a domain rule (its code says which), a NUL character, a reused key",
    401: "No valid API token or session",
    403: "Known, but not allowed: a client on an agents' action, a session write without CSRF",
    404: "Not found, or not yours to see",
    405: "This path does not take this method",
    409: "In conflict with the current state",
    422: "The input did not validate: see `errors`",
    429: "Too many wrong tokens from this address: wait a few minutes",
    500: "Unexpected failure, logged on the server",
}
_READS = {"GET", "HEAD", "OPTIONS"}


def _takes_input(operation: Operation) -> bool:
    """Whether a value the caller sends can fail validation (422): a query, header or body
    value, or a path value that must be more than text (an id)."""
    for model in operation.models:
        for field in model.model_fields.values():
            if not issubclass(model, PathModel) or field.annotation is not str or field.metadata:
                return True
    return False


def error_statuses(operation: Operation) -> set[int]:
    """The error statuses `operation` can answer: 400 (a NUL character, a domain refusal) and
    500 always; 401 where a token or session is needed, 429 where a token is; 403 on the
    agents' routes and on writes (a session's CSRF check; a client on an agents' action); 404
    where the path names something; 422 where there is input; and what the route declares."""
    statuses = {400, 500}
    auth = operation.auth_callbacks or []
    if auth:
        statuses.add(401)
        if any(isinstance(callback, Token) for callback in auth):
            statuses.add(429)
        agents_only = any(getattr(callback, "agents_only", False) for callback in auth)
        writes = not set(operation.methods) <= _READS
        if agents_only or (writes and any(isinstance(cb, Session) for cb in auth)):
            statuses.add(403)
    if "{" in operation.path:
        statuses.add(404)
    if _takes_input(operation):
        statuses.add(422)
    return statuses | {status for status in operation.response_models if status in DESCRIPTIONS}


class DocumentWithErrors(OpenAPISchema):
    """The OpenAPI document, each operation's error answers declared with the `Error` schema."""

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        if "Error" not in self.schemas:
            schema = Error.model_json_schema(ref_template=REF_TEMPLATE, mode="serialization")
            self.add_schema_definitions({**schema.pop("$defs", {}), "Error": schema})
        reference = {"$ref": REF_TEMPLATE.format(model="Error")}
        for status in sorted(error_statuses(operation)):
            result[status] = {
                "description": DESCRIPTIONS[status],
                "content": {self.api.renderer.media_type: {"schema": reference}},
            }
        return dict(sorted(result.items()))
