"""Related entries: those chosen as related first, then others of the same category, at most
five, only what the reader may see."""

import pytest

from tiquetera.kb.models import Entry
from tiquetera.kb.selectors import related_entries
from tiquetera.kb.tests.conftest import signed_in
from tiquetera.kb.tests.factories import CategoryFactory, EntryFactory

pytestmark = pytest.mark.django_db


def test_chosen_related_entries_come_first_then_the_same_category(world):
    shelf, other_shelf = CategoryFactory(policy=world.policy), CategoryFactory(policy=world.policy)
    entry = EntryFactory(policy=world.policy, category=shelf)
    same_shelf = EntryFactory(policy=world.policy, category=shelf, title="A. Mismo estante")
    chosen = EntryFactory(policy=world.policy, category=other_shelf, title="Z. Elegido")
    EntryFactory(policy=world.policy, category=other_shelf, title="B. Otro estante")
    entry.related.add(chosen)

    assert related_entries(entry, world.client_user) == [chosen, same_shelf]


def test_at_most_five_and_never_itself(world):
    shelf = CategoryFactory(policy=world.policy)
    entry = EntryFactory(policy=world.policy, category=shelf)
    for _ in range(7):
        EntryFactory(policy=world.policy, category=shelf)

    related = related_entries(entry, world.agent)

    assert len(related) == 5
    assert entry not in related


def test_related_entries_the_reader_may_not_see_are_left_out(world):
    shelf = CategoryFactory(policy=world.policy)
    entry = EntryFactory(policy=world.policy, category=shelf, visibility="public")
    hidden = EntryFactory(policy=world.policy, category=shelf, visibility="agents")
    draft = EntryFactory(policy=world.policy, status=Entry.Status.DRAFT, visibility="public")
    entry.related.add(hidden, draft)

    assert related_entries(entry, None) == []
    assert set(related_entries(entry, world.agent)) == {hidden, draft}


def test_the_entry_page_lists_related_entries(world):
    shelf = CategoryFactory(policy=world.policy)
    entry = EntryFactory(policy=world.policy, category=shelf)
    EntryFactory(policy=world.policy, category=shelf, title="Reimprimir una factura")

    page = signed_in(world.client_user).get(f"/kb/{entry.slug}/").content.decode()

    assert "Reimprimir una factura" in page
