"""Django's database sessions, with the session's read compiled once (`core.queries.Prepared`):
every signed-in request reads its session first, and Django compiling that read anew each time
cost more than PostgreSQL answering it. The same table, rows and behaviour as
`django.contrib.sessions.backends.db` (settings.SESSION_ENGINE names this module)."""

import datetime as dt
import logging
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from .queries import Prepared

_SESSION = Prepared(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now).order_by(),
    str,
    dt.datetime,
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        try:
            session = _SESSION.first(self.session_key, timezone.now())
        except SuspiciousOperation as error:  # as Django's: logged, and no session
            logging.getLogger(f"django.security.{type(error).__name__}").warning(str(error))
            session = None
        if session is None:
            self._session_key = None
        return session
