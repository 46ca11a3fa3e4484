"""The admin edits categories and entries (audited) and publishes with an action that goes
through the services."""

import pytest
from django.urls import reverse

from tiquetera.audit.models import AuditEvent
from tiquetera.kb.models import Entry, Rating, ResolvedCase
from tiquetera.kb.tests.conftest import signed_in
from tiquetera.kb.tests.factories import EntryFactory
from tiquetera.notifications.models import Notification
from tiquetera.tickets.models import CaseType
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):
    world.agent.is_superuser = True
    world.agent.save()
    return signed_in(world.agent)


def test_the_publish_action_publishes_and_tells_requesters(world, admin):
    CaseType.objects.create(
        policy=world.policy, key="funcionalidad", name="Funcionalidad", kind=CaseType.Kind.FEATURE
    )
    case = CaseFactory(
        organization__policy=world.policy, case_type="funcionalidad", requester_email="a@c.co"
    )
    entry = EntryFactory(policy=world.policy, kind="announcement", status=Entry.Status.DRAFT)
    ResolvedCase.objects.create(entry=entry, case=case)

    response = admin.post(
        reverse("admin:kb_entry_changelist"),
        {"action": "publish", "_selected_action": [entry.pk]},
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == Entry.Status.PUBLISHED and entry.published_at is not None
    assert Notification.objects.get().to == "a@c.co"
    assert AuditEvent.objects.filter(verb="kb.entry_published", actor_id=world.agent.pk).exists()


def test_an_entry_written_in_the_admin_is_rendered_and_audited(world, admin):
    response = admin.post(
        reverse("admin:kb_entry_add"),
        {
            "policy": world.policy.pk,
            "kind": "article",
            "title": "Cerrar el mes",
            "slug": "cerrar-el-mes",
            "visibility": "clients",
            "body_markdown": "# Cierre\n\n<script>x</script>",
            "resolutions-TOTAL_FORMS": "0",
            "resolutions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Entry.objects.get()
    assert entry.body_html.startswith("<h1>Cierre</h1>") and "<script" not in entry.body_html
    assert entry.status == Entry.Status.DRAFT and entry.author == world.agent
    assert AuditEvent.objects.filter(verb="config.created").count() == 1


def test_a_reserved_slug_is_refused_in_the_admin(world, admin):
    response = admin.post(
        reverse("admin:kb_entry_add"),
        {
            "policy": world.policy.pk,
            "kind": "article",
            "title": "Anuncios",
            "slug": "announcements",
            "visibility": "clients",
            "resolutions-TOTAL_FORMS": "0",
            "resolutions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert not Entry.objects.exists()


@pytest.mark.parametrize("model", ["category", "entry", "rating"])
def test_the_lists_open(admin, model):
    assert admin.get(reverse(f"admin:kb_{model}_changelist")).status_code == 200


def test_ratings_are_read_only(world, admin):
    entry = EntryFactory(policy=world.policy)
    Rating.objects.create(entry=entry, user=world.client_user, useful=True)

    assert admin.get(reverse("admin:kb_rating_add")).status_code == 403


def test_the_admin_refuses_to_link_a_case_that_is_not_a_feature_request(world, admin):
    entry = EntryFactory(policy=world.policy, kind="announcement", status=Entry.Status.DRAFT)
    support_case = CaseFactory(organization__policy=world.policy)

    response = admin.post(
        reverse("admin:kb_entry_change", args=[entry.pk]),
        {
            "policy": world.policy.pk,
            "kind": "announcement",
            "title": entry.title,
            "slug": entry.slug,
            "visibility": "clients",
            "body_markdown": entry.body_markdown,
            "resolutions-TOTAL_FORMS": "1",
            "resolutions-INITIAL_FORMS": "0",
            "resolutions-0-case": support_case.pk,
            "resolutions-0-entry": entry.pk,
        },
    )

    assert response.status_code == 200
    assert "is not a feature request" in response.content.decode() or "no es una solicitud" in (
        response.content.decode()
    )
    assert not ResolvedCase.objects.exists()
