"""System checks of the deployment (`tiquetera check`, and every `migrate` or `runserver`)."""

from typing import Any

from django.conf import settings
from django.core import checks

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


@checks.register(checks.Tags.security, deploy=False)
def console_email_outside_debug(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """The console email backend prints every email to the server's log — password-reset links
    included, which let whoever reads the log take over accounts — and delivers none: in
    production that is an error of configuration, not a choice."""
    if settings.DEBUG or settings.EMAIL_BACKEND != CONSOLE_BACKEND:
        return []
    return [
        checks.Warning(
            "EMAIL_URL is not set (or is consolemail://) while DEBUG is off: emails are printed "
            "to the log, password-reset links included, and never delivered.",
            hint="Set EMAIL_URL to your mail server, e.g. smtp+tls://user:pass@host:587.",
            id="tiquetera.W001",
        )
    ]
