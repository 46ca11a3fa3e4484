"""The first-response time of inquiries, when the policy sets one (issue 16: "no clock, unless
the policy sets one"): the `channel` rule's `inquiry_first_response`, business time counted by
the one engine on `inquiry_calendar` (the policy's default calendar when ""). An inquiry keeps
its due time from when it was received; the agent's first answer meets it."""

from __future__ import annotations

import datetime as dt

from tiquetera.calendars.durations import parse_minutes
from tiquetera.calendars.engine import CalendarError
from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.directory.models import Organization
from tiquetera.tickets.intake.case_policy import channel_rule


def first_response_due(organization: Organization, received_at: dt.datetime) -> dt.datetime | None:
    """When an inquiry of `organization` received at `received_at` must have its first answer;
    None when the policy sets no time (or its calendar never opens)."""
    rule = channel_rule(organization)
    if rule is None or not rule.inquiry_first_response:
        return None
    calendars = Calendar.objects.filter(policy_id=organization.policy_id)
    if rule.inquiry_calendar:
        calendar = calendars.filter(key=rule.inquiry_calendar).first()
    else:
        calendar = calendars.filter(is_default=True).order_by("pk").first()
    if calendar is None:
        return None
    try:
        return engine_for(calendar).add(received_at, parse_minutes(rule.inquiry_first_response))
    except CalendarError:
        return None
