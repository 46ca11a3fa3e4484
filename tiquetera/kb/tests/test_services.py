"""Writing entries: agents only, a free slug made from the title, one audit event per change."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.kb.errors import KbError
from tiquetera.kb.models import Entry
from tiquetera.kb.services import create_entry, publish_entry, unpublish_entry, update_entry
from tiquetera.kb.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_an_agent_writes_a_draft_with_a_slug_from_its_title(world):
    first = create_entry(world.policy, title="Cómo anular una factura", actor=world.agent)
    second = create_entry(world.policy, title="Cómo anular una factura", actor=world.agent)

    assert (first.slug, second.slug) == ("como-anular-una-factura", "como-anular-una-factura-2")
    assert first.status == Entry.Status.DRAFT and first.author == world.agent
    assert AuditEvent.objects.filter(verb="kb.entry_created").count() == 2


@pytest.mark.parametrize("who", ["client_user", "plain_user"])
def test_only_agents_write(world, who):
    with pytest.raises(KbError) as refused:
        create_entry(world.policy, title="Nada", actor=getattr(world, who))

    assert refused.value.code == "agents_only"
    assert not Entry.objects.exists()


def test_reserved_and_taken_slugs_are_refused(world):
    create_entry(world.policy, title="Uno", slug="uno", actor=world.agent)

    for slug, code in [
        ("announcements", "slug_reserved"),
        ("uno", "slug_taken"),
        ("Con espacio", "bad_slug"),
    ]:
        with pytest.raises(KbError) as refused:
            create_entry(world.policy, title="Dos", slug=slug, actor=world.agent)
        assert refused.value.code == code


def test_a_category_of_another_policy_is_refused(world):
    with pytest.raises(KbError) as refused:
        create_entry(
            world.policy,
            title="Uno",
            category=CategoryFactory(policy=world.other_policy),
            actor=world.agent,
        )

    assert refused.value.code == "other_policy_category"


def test_an_update_records_only_what_changed(world):
    entry = create_entry(world.policy, title="Uno", body_markdown="viejo", actor=world.agent)

    update_entry(entry, title="Uno", body_markdown="**nuevo**", actor=world.agent)
    update_entry(entry, title="Uno", actor=world.agent)  # nothing changed: no event

    event = AuditEvent.objects.get(verb="kb.entry_changed")
    assert (event.before, event.after) == (
        {"body_markdown": "viejo"},
        {"body_markdown": "**nuevo**"},
    )
    entry.refresh_from_db()
    assert entry.body_html == "<p><strong>nuevo</strong></p>"


def test_publish_and_withdraw(world):
    entry = create_entry(world.policy, title="Uno", actor=world.agent)

    publish_entry(entry, actor=world.agent)
    published_at = entry.published_at
    unpublish_entry(entry, actor=world.agent)
    unpublish_entry(entry, actor=world.agent)
    publish_entry(entry, actor=world.agent)

    entry.refresh_from_db()
    assert entry.status == Entry.Status.PUBLISHED and entry.published_at == published_at
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="kb.entry_").values_list("verb", flat=True)
    )
    assert verbs.count("kb.entry_published") == 2 and verbs.count("kb.entry_unpublished") == 1
