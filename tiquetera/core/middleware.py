import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Spanish (LANGUAGE_CODE) unless the person chose another language with the switch in the
    page header (Django's language cookie). The browser's Accept-Language is not followed: the
    desk's agents and clients work in Spanish whatever their browser was installed with."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


_NUL = "\x00"
_JSON_NUL = (b"\x00", b"\\u0000")


def _has_nul(value: Any) -> bool:
    """A NUL anywhere in a decoded JSON document: its strings and its keys."""
    if isinstance(value, str):
        return _NUL in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _querydict_has_nul(data: QueryDict) -> bool:
    return any(_NUL in key or any(_NUL in v for v in values) for key, values in data.lists())


def _body_has_nul(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is None or int(request.META.get("CONTENT_LENGTH") or 0) <= limit:
            # read (and kept) first, so a view that reads the raw body still can
            request.body  # noqa: B018
        # the form's fields only: an uploaded file's bytes may hold NULs of their own
        return _querydict_has_nul(request.POST)
    body = request.body
    if not any(marker in body.lower() for marker in _JSON_NUL):
        return False
    try:
        return _has_nul(json.loads(body))
    except ValueError:  # not JSON (the endpoint will say so), but a raw NUL is refused anyway
        return b"\x00" in body


class RefuseNulBytesMiddleware:
    """A NUL character is never valid input to the desk (PostgreSQL cannot even store one in
    text), so a request with one in its path, its query string or its form or JSON body is
    answered 400 here, once for every page and endpoint: JSON under /api/, a plain page
    elsewhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            _NUL in request.path_info
            or _querydict_has_nul(request.GET)
            or (request.method not in ("GET", "HEAD", "OPTIONS") and _body_has_nul(request))
        ):
            return self.refusal(request)
        return self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse:
        message = _("The request contains a NUL character, which is never valid.")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"code": "nul_character", "message": message}, status=400)
        page = render_to_string("core/bad_request.html", {"message": message}, request=request)
        return HttpResponseBadRequest(page)
