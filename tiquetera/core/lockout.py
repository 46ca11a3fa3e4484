"""What a locked-out sign-in sees (django-axes calls `locked_out`, see AXES_LOCKOUT_CALLABLE):
the sign-in page again, with a plain message instead of a bare error page, and 429."""

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-in attempts for this user or from this address. Wait "
        "%(minutes)s minutes and try again, or ask an administrator to unlock the account."
    ) % {"minutes": minutes}
    form = AuthenticationForm(request)
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": message, "next": request.GET.get("next", "")},
        status=429,
    )
