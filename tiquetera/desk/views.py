import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tiquetera.calendars.engine import CalendarError
from tiquetera.calendars.errors import describe
from tiquetera.calendars.explain import explain_text
from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.core.permissions import agent_required, is_agent
from tiquetera.policy.selectors import policies_with_calendars
from tiquetera.tickets.permissions import client_contact

from .forms import DeadlineForm


@dataclass(frozen=True)
class CalendarNow:
    calendar: Calendar
    open_now: bool
    next_opening: dt.datetime

    @classmethod
    def of(cls, calendar: Calendar, now: dt.datetime) -> "CalendarNow":
        engine = engine_for(calendar)
        return cls(calendar, engine.is_open(now), engine.next_open(now))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The agent's landing page: the policies in force and a deadline calculator. A client's
    user signing in lands here too, and is sent on to the portal."""
    if not is_agent(request.user):
        if client_contact(request.user) is not None:
            return redirect("portal:home")
        raise PermissionDenied
    now = timezone.now()
    policies = [
        (policy, [CalendarNow.of(calendar, now) for calendar in policy.calendars.all()])
        for policy in policies_with_calendars()
    ]
    return render(request, "desk/home.html", {"policies": policies, "form": DeadlineForm()})


@agent_required
def deadline(request: HttpRequest) -> HttpResponse:
    """htmx: the deadline for a start and a number of business hours, with its explanation."""
    form = DeadlineForm(request.GET)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        calendar = form.cleaned_data["calendar"]
        engine = engine_for(calendar)
        start = form.cleaned_data["start"].astimezone(engine.tz)
        start = timezone.make_aware(timezone.make_naive(start, engine.tz), engine.tz)
        minutes = int(form.cleaned_data["hours"] * 60)
        try:
            context["result"] = explain_text(engine.explain(start, minutes))
        except CalendarError as error:
            context["error"] = describe(error)
    return render(request, "desk/_deadline.html", context)
