"""A reply, an assignment or a status change recorded after the fact (`at=`: a call logged
later, the demo's history, the simulator) is dated in the audit log when it happened, not when
it was written: a case's history reads in the order things happened."""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.audit.services import backdated
from tiquetera.testing.factories import AgentFactory, AgentProfileFactory
from tiquetera.tickets.articles import add_reply
from tiquetera.tickets.lifecycle.assignment import assign
from tiquetera.tickets.models import Channel
from tiquetera.tickets.services import change_status
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

from .test_articles import PNG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_reply_and_its_attachment_are_dated_when_they_were_written():
    case, agent = CaseFactory(status=Status.OPEN), AgentFactory()
    then = timezone.now() - dt.timedelta(days=2, hours=3)

    add_reply(
        case,
        body="Ya quedó.",
        actor=agent,
        channel=Channel.PORTAL,
        attachments=[("captura.png", PNG)],
        at=then,
    )

    events = AuditEvent.objects.order_by("pk")
    assert list(events.values_list("verb", "at")) == [
        ("case.replied", then),
        ("case.attachment_added", then),
    ]


def test_an_assignment_and_a_status_change_are_dated_when_they_happened():
    case, actor = CaseFactory(status=Status.OPEN), AgentFactory()
    taken = timezone.now() - dt.timedelta(days=1)

    assign(case, agent=AgentProfileFactory(), actor=actor, at=taken)
    change_status(case, Status.IN_PROGRESS, actor=actor, at=taken + dt.timedelta(minutes=5))

    assert list(AuditEvent.objects.order_by("pk").values_list("verb", "at")) == [
        ("case.assigned", taken),
        ("case.status_changed", taken + dt.timedelta(minutes=5)),
    ]


def test_without_a_time_a_change_is_dated_now_or_by_the_enclosing_block():
    case, actor = CaseFactory(status=Status.OPEN), AgentFactory()
    before = timezone.now()
    add_reply(case, body="Hola", actor=actor, channel=Channel.PORTAL)
    assert AuditEvent.objects.get().at >= before

    earlier = before - dt.timedelta(hours=6)
    with backdated(earlier):
        add_reply(case, body="Otra", actor=actor, channel=Channel.PORTAL)
    assert AuditEvent.objects.order_by("pk").last().at == earlier
