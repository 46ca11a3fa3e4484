"""Business time over HTTP: the same questions the CLI answers."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from . import selectors
from .engine import CalendarError
from .errors import describe
from .explain import explain_text
from .models import Calendar
from .services import engine_for

router = Router(tags=["calendars"])


class CalendarOut(Schema):
    ref: str
    name: str
    time_zone: str
    country: str
    week: dict[str, list[str]]


class DeadlineOut(Schema):
    calendar: str
    start: dt.datetime
    minutes: int
    deadline: dt.datetime


class BetweenOut(Schema):
    calendar: str
    start: dt.datetime
    end: dt.datetime
    minutes: float


class ClosedDayOut(Schema):
    date: dt.date
    kind: str
    name: str


class ExplanationOut(DeadlineOut):
    counted_from: dt.datetime
    closed_days: list[ClosedDayOut]
    breaks: list[tuple[dt.datetime, dt.datetime]]
    summary: str
    reasons: list[str]


def _calendar(policy: str, key: str) -> Calendar:
    try:
        return selectors.get_calendar(f"{policy}/{key}")
    except selectors.CalendarNotFound:
        raise HttpError(404, "calendar not found") from None


def _aware(moment: dt.datetime, calendar: Calendar) -> dt.datetime:
    """A time without an offset is read in the calendar's own time zone."""
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=engine_for(calendar).tz)
    return moment


@router.get("/", response=list[CalendarOut])
def list_calendars(request: HttpRequest) -> list[dict[str, object]]:
    return [
        {
            "ref": c.ref,
            "name": c.name,
            "time_zone": c.time_zone,
            "country": c.country,
            "week": c.week,
        }
        for c in selectors.calendars()
    ]


@router.get("/{policy}/{key}/add", response=DeadlineOut)
def add(
    request: HttpRequest, policy: str, key: str, start: dt.datetime, minutes: int
) -> dict[str, object]:
    calendar = _calendar(policy, key)
    begin = _aware(start, calendar)
    try:
        deadline = engine_for(calendar).add(begin, minutes)
    except CalendarError as error:
        raise HttpError(422, describe(error)) from None
    return {"calendar": calendar.ref, "start": begin, "minutes": minutes, "deadline": deadline}


@router.get("/{policy}/{key}/between", response=BetweenOut)
def between(
    request: HttpRequest, policy: str, key: str, start: dt.datetime, end: dt.datetime
) -> dict[str, object]:
    calendar = _calendar(policy, key)
    begin, finish = _aware(start, calendar), _aware(end, calendar)
    try:
        worked = engine_for(calendar).between(begin, finish)
    except CalendarError as error:
        raise HttpError(422, describe(error)) from None
    return {
        "calendar": calendar.ref,
        "start": begin,
        "end": finish,
        "minutes": worked.total_seconds() / 60,
    }


@router.get("/{policy}/{key}/explain", response=ExplanationOut)
def explain(
    request: HttpRequest, policy: str, key: str, start: dt.datetime, minutes: int
) -> dict[str, object]:
    calendar = _calendar(policy, key)
    begin = _aware(start, calendar)
    try:
        explanation = engine_for(calendar).explain(begin, minutes)
    except CalendarError as error:
        raise HttpError(422, describe(error)) from None
    words = explain_text(explanation)
    return {
        "calendar": calendar.ref,
        "start": begin,
        "minutes": minutes,
        "deadline": explanation.deadline,
        "counted_from": explanation.counted_from,
        "closed_days": [
            {"date": d.date, "kind": d.kind, "name": d.name} for d in explanation.closed_days
        ],
        "breaks": list(explanation.breaks),
        "summary": words.summary,
        "reasons": words.reasons,
    }
