"""Compiled engines per calendar, cached per process and keyed by the row's revision, so that a
change made by any process is seen by every other on its next question."""

import threading
import uuid

from .engine import BusinessCalendar
from .models import Calendar

_engines: dict[int, tuple[uuid.UUID, BusinessCalendar]] = {}
_lock = threading.Lock()


def build_engine(calendar: Calendar) -> BusinessCalendar:
    """A fresh engine for the calendar as stored (raises CalendarError when it is invalid)."""
    return BusinessCalendar(**calendar.engine_kwargs())


def cached_engine(calendar_id: int, revision: uuid.UUID) -> BusinessCalendar | None:
    """The engine compiled for that revision of the calendar, when there is one (the row's id
    and revision read with other rows: no read of the calendar itself)."""
    cached = _engines.get(calendar_id)
    return cached[1] if cached is not None and cached[0] == revision else None


def engine_for(calendar: Calendar) -> BusinessCalendar:
    """The calendar's compiled engine, rebuilt only when its revision changed."""
    cached = _engines.get(calendar.pk)
    if cached is not None and cached[0] == calendar.revision:
        return cached[1]
    engine = build_engine(calendar)
    with _lock:
        _engines[calendar.pk] = (calendar.revision, engine)
    return engine
