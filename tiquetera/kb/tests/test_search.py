"""Searching the knowledge base: title or text, case-insensitive, title matches first, only
what the reader may see, in one query."""

import pytest

from tiquetera.kb.models import Entry
from tiquetera.kb.selectors import search
from tiquetera.kb.tests.conftest import signed_in
from tiquetera.kb.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_title_matches_come_before_text_matches(world):
    in_text = EntryFactory(policy=world.policy, title="A. Cierre", body_markdown="Use la FACTURA.")
    in_title = EntryFactory(policy=world.policy, title="Z. Factura electrónica")
    EntryFactory(policy=world.policy, title="Nada que ver", body_markdown="Inventario")

    assert list(search(world.client_user, "factura")) == [in_title, in_text]


def test_search_shows_only_what_the_reader_may_see(world):
    EntryFactory(policy=world.policy, title="Factura interna", visibility=Entry.Visibility.AGENTS)
    public = EntryFactory(
        policy=world.policy, title="Factura pública", visibility=Entry.Visibility.PUBLIC
    )

    assert list(search(None, "factura")) == [public]
    assert search(world.agent, "factura").count() == 2


def test_a_blank_query_finds_nothing(world):
    EntryFactory(policy=world.policy)

    assert not search(world.agent, "   ").exists()


def test_search_is_one_query(world, django_assert_num_queries):
    for _ in range(3):
        EntryFactory(policy=world.policy, title="Factura")

    with django_assert_num_queries(1):
        assert len(list(search(world.agent, "factura"))) == 3


def test_the_search_box_shows_results(world):
    EntryFactory(policy=world.policy, title="Cómo anular una factura", visibility="public")

    page = signed_in(None).get("/kb/", {"q": "anular"})

    assert page.status_code == 200
    assert "Cómo anular una factura" in page.content.decode()
