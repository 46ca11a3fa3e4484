"""The API object: every app's router under /api/v1/, one error shape for all of them.

Every error answers JSON `{"code": "...", "message": "..."}` — a stable code for programs and a
message in the caller's language — plus `errors` (each field's problem) when the input did not
validate.
"""

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from tiquetera.billing.api import router as billing_router
from tiquetera.calendars.api import router as calendars_router
from tiquetera.contracts.api import router as contracts_router
from tiquetera.core.errors import DomainError
from tiquetera.desk.api import router as desk_router
from tiquetera.directory.api import router as organizations_router
from tiquetera.inquiries.api import router as inquiries_router
from tiquetera.reports.api import router as reports_router
from tiquetera.tickets.api import router as cases_router
from tiquetera.tickets.tags_api import router as case_tags_router

from .auth import AGENTS, PEOPLE
from .errors import DocumentWithErrors
from .tokens_api import router as tokens_router

logger = logging.getLogger(__name__)


class TiqueteraAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document declares each operation's error answers too, with the
    one `Error` schema (`errors.DocumentWithErrors`), beside the successes the routes declare."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return DocumentWithErrors(api=self, path_prefix=path_prefix)


api = TiqueteraAPI(
    title="Tiquetera",
    version="1",
    description="Cases, clients, plans and SLAs of a Tiquetera service desk.",
    auth=AGENTS,
    urls_namespace="api",
)
api.add_router("/cases", cases_router, auth=PEOPLE)
api.add_router("/cases", case_tags_router, auth=PEOPLE)
api.add_router("/tokens", tokens_router, auth=PEOPLE)
api.add_router("/calendars", calendars_router)
api.add_router("/organizations", organizations_router, auth=PEOPLE)
api.add_router("/organizations", contracts_router, auth=PEOPLE)
api.add_router("/organizations", billing_router, auth=PEOPLE)
api.add_router("/queue", desk_router)
api.add_router("/inquiries", inquiries_router)
api.add_router("/reports", reports_router)

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    422: "invalid",
    429: "too_many_failures",
}


def error(request: HttpRequest, status: int, code: str, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error(request, 400, exc.code, exc.message)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = [
        {"field": ".".join(str(part) for part in e.get("loc", ())), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return error(request, 422, "invalid", _("Some values are not valid."), errors=fields)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(
        request, 401, "unauthorized", _("Send a valid API token or sign in with a session.")
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", _("There is nothing here, or you may not see it."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = _STATUS_CODES.get(exc.status_code, "error")
    standard = {
        403: _("You may not do this."),
        404: _("There is nothing here, or you may not see it."),
        429: _("Too many failed attempts to authenticate: wait a few minutes."),
    }
    return error(request, exc.status_code, code, standard.get(exc.status_code, str(exc)))


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Whatever went wrong unexpectedly: the traceback to the log, JSON to the caller (never
    Django's HTML page, never the traceback)."""
    logger.error("Unexpected error on %s %s", request.method, request.path, exc_info=exc)
    return error(
        request,
        500,
        "server_error",
        _("Something went wrong on our side; it has been logged. Try again in a moment."),
    )
