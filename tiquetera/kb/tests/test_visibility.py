"""Who reads what: anonymous visitors the published public entries; a client's contact also the
published entries for the clients of their organization's policy; agents everything, drafts
included."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tiquetera.kb.models import Entry
from tiquetera.kb.selectors import entry_for, visible_entries
from tiquetera.kb.tests.conftest import signed_in
from tiquetera.kb.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

PUBLIC, CLIENTS, AGENTS = (v.value for v in Entry.Visibility)
PUBLISHED, DRAFT = Entry.Status.PUBLISHED.value, Entry.Status.DRAFT.value

# (viewer, visibility, status) -> may read
MATRIX = {
    ("anonymous", PUBLIC, PUBLISHED): True,
    ("anonymous", CLIENTS, PUBLISHED): False,
    ("anonymous", AGENTS, PUBLISHED): False,
    ("client", PUBLIC, PUBLISHED): True,
    ("client", CLIENTS, PUBLISHED): True,
    ("client", AGENTS, PUBLISHED): False,
    ("agent", PUBLIC, PUBLISHED): True,
    ("agent", CLIENTS, PUBLISHED): True,
    ("agent", AGENTS, PUBLISHED): True,
    ("anonymous", PUBLIC, DRAFT): False,
    ("anonymous", CLIENTS, DRAFT): False,
    ("anonymous", AGENTS, DRAFT): False,
    ("client", PUBLIC, DRAFT): False,
    ("client", CLIENTS, DRAFT): False,
    ("client", AGENTS, DRAFT): False,
    ("agent", PUBLIC, DRAFT): True,
    ("agent", CLIENTS, DRAFT): True,
    ("agent", AGENTS, DRAFT): True,
}


def viewer_of(world, who):
    return {"anonymous": None, "client": world.client_user, "agent": world.agent}[who]


@pytest.mark.parametrize(("who", "visibility", "status"), list(MATRIX))
def test_visibility_matrix(world, who, visibility, status):
    entry = EntryFactory(policy=world.policy, visibility=visibility, status=status)
    viewer = viewer_of(world, who)

    readable = entry_for(viewer or AnonymousUser(), entry.slug) is not None
    page = signed_in(viewer).get(f"/kb/{entry.slug}/")

    assert readable is MATRIX[(who, visibility, status)]
    assert page.status_code == (200 if readable else 404)


def test_a_client_of_another_policy_does_not_see_its_clients_only_entries(world):
    for_clients = EntryFactory(policy=world.policy, visibility=CLIENTS)
    public = EntryFactory(policy=world.policy, visibility=PUBLIC)

    seen = set(visible_entries(world.other_client_user))

    assert for_clients not in seen
    assert public in seen
    assert signed_in(world.other_client_user).get(f"/kb/{for_clients.slug}/").status_code == 404


def test_a_signed_in_user_without_contact_reads_as_anonymous(world):
    EntryFactory(policy=world.policy, visibility=CLIENTS)
    public = EntryFactory(policy=world.policy, visibility=PUBLIC)

    assert list(visible_entries(world.plain_user)) == [public]


def test_an_inactive_contact_reads_as_anonymous(world):
    world.client_user.contact.is_active = False
    world.client_user.contact.save()
    EntryFactory(policy=world.policy, visibility=CLIENTS)

    assert not visible_entries(world.client_user).exists()


def test_the_list_shows_only_readable_articles(world):
    shown = EntryFactory(policy=world.policy, visibility=PUBLIC, title="Cerrar el mes")
    EntryFactory(policy=world.policy, visibility=CLIENTS, title="Solo para clientes")
    EntryFactory(policy=world.policy, visibility=PUBLIC, status=DRAFT, title="Borrador")

    anonymous = signed_in(None).get("/kb/").content.decode()
    agent = signed_in(world.agent).get("/kb/").content.decode()

    assert shown.title in anonymous
    assert "Solo para clientes" not in anonymous
    assert "Borrador" not in anonymous
    assert "Solo para clientes" in agent and "Borrador" in agent
