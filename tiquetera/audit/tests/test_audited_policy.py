"""Loading a policy file that changes something is one "policy.loaded" event with the counts;
loading the same file again changes nothing and writes nothing."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.policy.tests.conftest import EXAMPLE, load_text
from tiquetera.testing.factories import AgentFactory

from .helpers import events_of

pytestmark = pytest.mark.django_db


def test_a_first_load_is_one_event_with_the_counts():
    report = load_text(EXAMPLE, source="acme.toml")

    (event,) = events_of(report.policy)
    assert (event.verb, event.actor_label, event.organization) == ("policy.loaded", "sistema", None)
    assert event.after == {
        "source": "acme.toml",
        "created": report.created,
        "updated": 0,
        "deleted": 0,
        "unchanged": 0,
    }


def test_loading_the_same_file_again_writes_no_event():
    load_text(EXAMPLE)
    load_text(EXAMPLE, source="elsewhere.toml")  # a new source alone is not a change
    assert AuditEvent.objects.filter(verb="policy.loaded").count() == 1


def test_a_changed_file_is_one_more_event_by_its_actor():
    from tiquetera.policy.schema import parse_policy
    from tiquetera.policy.services import load_policy

    load_text(EXAMPLE)
    agent = AgentFactory()
    changed = EXAMPLE.replace('name = "Urgencias"', 'name = "Urgencias 24/7"')

    report = load_policy(parse_policy(changed, "acme.toml"), source="acme.toml", actor=agent)

    events = events_of(report.policy)
    assert len(events) == 2
    assert (events[1].actor, events[1].after["updated"]) == (agent, 1)
