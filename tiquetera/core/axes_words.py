"""The words of django-axes' admin pages (its models, fields, filters and actions), which ship
without a Spanish catalogue (django-axes 8.3: ar, de, fa, fr, id, pl, ru, tr). Marked here with
axes' own msgids, so `make messages` keeps them in our catalogue, which Django reads first
(LOCALE_PATHS) and so translates them wherever axes asks for them. The section's own name is
`apps.LockoutConfig.verbose_name`; its records' names (their `__str__`), `name_the_records`."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tiquetera.core.dates import short_datetime

WORDS = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Attempt Time"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
]


def _attempt_title(attempt: Any) -> str:
    return _("Attempts of %(username)s from %(address)s") % {
        "username": attempt.username or "—",
        "address": attempt.ip_address or "—",
    }


def _log_title(log: Any) -> str:
    return _("Sign-in of %(username)s, %(when)s") % {
        "username": log.username or "—",
        "when": short_datetime(log.attempt_time),
    }


def _failure_title(failure: Any) -> str:
    text = _("Failed sign-in of %(username)s, %(when)s, from %(address)s") % {
        "username": failure.username or "—",
        "when": short_datetime(failure.attempt_time),
        "address": failure.ip_address or "—",
    }
    return f"{text} ({_('Locked Out').lower()})" if failure.locked_out else text


def name_the_records() -> None:
    """axes names its records in English ("Access Log for ana @ 2026-12-07 15:19:14.913992+00:00"),
    which the admin shows as a record's title and in its breadcrumbs: name them in the reader's
    language, with the time as our lists write it."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessAttempt.__str__ = _attempt_title  # type: ignore[method-assign,assignment]
    AccessLog.__str__ = _log_title  # type: ignore[method-assign,assignment]
    AccessFailureLog.__str__ = _failure_title  # type: ignore[method-assign,assignment]
