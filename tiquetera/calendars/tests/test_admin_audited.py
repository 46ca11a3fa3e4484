"""Configuration edited in the admin leaves its audit trail: who, what changed, when."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.calendars.models import Calendar
from tiquetera.testing.factories import PolicyFactory

from .test_admin import _form

pytestmark = pytest.mark.django_db

WEEK = {day: "09:00-13:00" for day in ["mon", "tue", "wed", "thu", "fri"]}


def test_creating_changing_and_deleting_a_calendar_are_audited(admin_client):
    policy = PolicyFactory()
    assert (
        admin_client.post("/admin/calendars/calendar/add/", _form(policy, **WEEK)).status_code
        == 302
    )
    calendar = Calendar.objects.get()
    created = AuditEvent.objects.get(verb="config.created")
    assert (created.actor.username, created.object_id) == ("admin", str(calendar.pk))

    changed_form = _form(policy, **WEEK) | {"name": "Horario de verano"}
    url = f"/admin/calendars/calendar/{calendar.pk}/change/"
    assert admin_client.post(url, changed_form).status_code == 302
    changed = AuditEvent.objects.get(verb="config.changed")
    assert changed.before == {"name": "Horario regular"}
    assert changed.after == {"name": "Horario de verano"}

    # saving again without changes writes nothing
    assert admin_client.post(url, changed_form).status_code == 302
    assert AuditEvent.objects.filter(verb="config.changed").count() == 1

    delete = f"/admin/calendars/calendar/{calendar.pk}/delete/"
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    deleted = AuditEvent.objects.get(verb="config.deleted")
    assert deleted.before == {"was": f"Horario de verano ({policy.slug}/regular)"}
    assert not Calendar.objects.exists()


def test_an_inline_closed_date_is_audited(admin_client):
    policy = PolicyFactory()
    form = _form(policy, **WEEK) | {
        "dates-TOTAL_FORMS": "1",
        "dates-0-date": "2026-12-24",
        "dates-0-kind": "closed",
        "dates-0-name": "Nochebuena",
        "dates-0-hours": "",
    }
    assert admin_client.post("/admin/calendars/calendar/add/", form).status_code == 302
    assert AuditEvent.objects.filter(verb="config.created").count() == 2  # calendar and date
