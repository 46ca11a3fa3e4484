"""Errors the API's routes never see, in the API's one shape: a path under /api/ that names no
route (404) or a route asked with a method it does not take (405) answers JSON
`{"code", "message"}` like every other API error, not Django's HTML page."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class ApiErrorsMiddleware:
    """Placed before CommonMiddleware, so a path it redirects (a missing trailing slash) still
    redirects; only the final 404 or 405 is rewritten."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path_info.startswith("/api/")
            or response.status_code not in (404, 405)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        if response.status_code == 404:
            body = {
                "code": "not_found",
                "message": _("There is nothing here, or you may not see it."),
            }
        else:
            body = {
                "code": "method_not_allowed",
                "message": _("This address does not take the %(method)s method.")
                % {"method": request.method},
            }
        answer = JsonResponse(body, status=response.status_code)
        if "Allow" in response:
            answer["Allow"] = response["Allow"]
        return answer
