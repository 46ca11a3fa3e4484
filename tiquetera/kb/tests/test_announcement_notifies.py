"""An announcement of a release resolves feature requests: when it is published each
requester is emailed once, in the case's language, and the case gets an event; the cases'
status does not change. Seed 002 (JQ Systems): "informará al cliente … al liberar la
actualización que la posea"; seed 003 (Sisnova): "a portal with announcements"."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.kb.errors import KbError
from tiquetera.kb.models import Entry, ResolvedCase
from tiquetera.kb.services import (
    create_entry,
    link_resolved_cases,
    notify_resolved_requesters,
    publish_entry,
)
from tiquetera.notifications.models import Notification
from tiquetera.tickets.models import Article, CaseType
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def feature_request(policy, *, email, language="es"):
    CaseType.objects.get_or_create(
        policy=policy,
        key="funcionalidad",
        defaults={"name": "Nueva funcionalidad", "kind": CaseType.Kind.FEATURE},
    )
    return CaseFactory(
        organization__policy=policy,
        case_type="funcionalidad",
        status=Status.OPEN,
        requester_email=email,
        language=language,
    )


def release_announcement(world, cases):
    entry = create_entry(
        world.policy,
        title="Versión 7.2 publicada",
        body_markdown="Incluye la exportación a Excel.",
        kind=Entry.Kind.ANNOUNCEMENT,
        visibility=Entry.Visibility.PUBLIC,
        actor=world.agent,
    )
    link_resolved_cases(entry, cases, actor=world.agent)
    return entry


def test_publishing_tells_each_requester_once_with_an_event_on_the_case(world):
    first = feature_request(world.policy, email="ana@cliente.co")
    second = feature_request(world.policy, email="bob@cliente.co", language="en")
    entry = release_announcement(world, [first, second])

    publish_entry(entry, actor=world.agent)
    publish_entry(entry, actor=world.agent)  # twice: no one is told again
    assert notify_resolved_requesters(entry, actor=world.agent) == 0

    emails = {n.to: n for n in Notification.objects.filter(kind="case_kb_announcement")}
    assert set(emails) == {"ana@cliente.co", "bob@cliente.co"}
    assert "Versión 7.2 publicada" in emails["ana@cliente.co"].subject
    assert f"/kb/{entry.slug}/" in emails["bob@cliente.co"].text_body
    assert "It includes the feature you asked for" in emails["bob@cliente.co"].text_body
    for case in (first, second):
        events = Article.objects.filter(case=case, kind=Article.Kind.EVENT)
        assert events.count() == 1
        assert "Versión 7.2 publicada" in events.get().body_text
        case.refresh_from_db()
        assert case.status == Status.OPEN
    assert not ResolvedCase.objects.filter(notified_at__isnull=True).exists()
    assert AuditEvent.objects.filter(verb="kb.entry_published").count() == 1
    assert AuditEvent.objects.filter(verb="kb.requesters_notified").count() == 1


def test_a_draft_announcement_tells_no_one(world):
    release_announcement(world, [feature_request(world.policy, email="ana@cliente.co")])

    assert not Notification.objects.exists()


def test_a_case_linked_after_publication_is_told_then(world):
    entry = release_announcement(world, [feature_request(world.policy, email="ana@cliente.co")])
    publish_entry(entry, actor=world.agent)

    link_resolved_cases(
        entry, [feature_request(world.policy, email="eva@cliente.co")], actor=world.agent
    )

    assert sorted(Notification.objects.values_list("to", flat=True)) == [
        "ana@cliente.co",
        "eva@cliente.co",
    ]


def test_only_feature_requests_of_the_policy_can_be_resolved(world):
    support_case = CaseFactory(organization__policy=world.policy)
    foreign = feature_request(world.other_policy, email="x@otro.co")
    entry = release_announcement(world, [])
    article = create_entry(world.policy, title="Un artículo", actor=world.agent)

    with pytest.raises(KbError) as not_feature:
        link_resolved_cases(entry, [support_case], actor=world.agent)
    with pytest.raises(KbError) as other_policy:
        link_resolved_cases(entry, [foreign], actor=world.agent)
    with pytest.raises(KbError) as not_announcement:
        link_resolved_cases(
            article, [feature_request(world.policy, email="a@b.co")], actor=world.agent
        )

    assert not_feature.value.code == "not_a_feature_request"
    assert other_policy.value.code == "other_policy_case"
    assert not_announcement.value.code == "not_an_announcement"
    assert not ResolvedCase.objects.exists()
