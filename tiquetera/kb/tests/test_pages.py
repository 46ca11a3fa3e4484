"""The pages: the list by category, the announcements, an entry, its print view."""

import pytest

from tiquetera.kb.models import Entry
from tiquetera.kb.tests.conftest import signed_in
from tiquetera.kb.tests.factories import CategoryFactory, EntryFactory

pytestmark = pytest.mark.django_db


def test_the_entry_page_shows_the_rendered_body_and_the_rating_form(world):
    entry = EntryFactory(policy=world.policy, body_markdown="## Pasos\n\n1. Abrir")

    page = signed_in(world.client_user).get(f"/kb/{entry.slug}/").content.decode()

    assert "<h2>Pasos</h2>" in page
    assert 'name="useful" value="yes"' in page
    assert f'href="/kb/{entry.slug}/print/"' in page


def test_the_print_view_is_the_body_alone_with_print_css(world):
    entry = EntryFactory(policy=world.policy, body_markdown="Texto **impreso**")

    response = signed_in(world.client_user).get(f"/kb/{entry.slug}/print/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>impreso</strong>" in page
    assert "kb/print.css" in page  # its own stylesheet, with the @media print rules
    assert "<nav" not in page and "kb-rating" not in page and "pico" not in page
    assert f"/kb/{entry.slug}/" in page


def test_the_print_view_follows_visibility(world):
    entry = EntryFactory(policy=world.policy, visibility=Entry.Visibility.AGENTS)

    assert signed_in(world.client_user).get(f"/kb/{entry.slug}/print/").status_code == 404


def test_the_list_filters_by_category(world):
    shelf, other = CategoryFactory(policy=world.policy), CategoryFactory(policy=world.policy)
    EntryFactory(policy=world.policy, category=shelf, title="En el estante")
    EntryFactory(policy=world.policy, category=other, title="En otro estante")

    page = signed_in(world.client_user).get("/kb/", {"category": shelf.slug}).content.decode()

    assert "En el estante" in page and "En otro estante" not in page
    assert signed_in(world.client_user).get("/kb/", {"category": "nope"}).status_code == 404


def test_the_announcements_page_lists_announcements_newest_first(world):
    older = EntryFactory(policy=world.policy, kind="announcement", title="Versión 7.1")
    newer = EntryFactory(policy=world.policy, kind="announcement", title="Versión 7.2")
    Entry.objects.filter(pk=older.pk).update(published_at="2026-01-01T10:00Z")
    Entry.objects.filter(pk=newer.pk).update(published_at="2026-02-01T10:00Z")
    EntryFactory(policy=world.policy, title="Un artículo")

    page = signed_in(world.client_user).get("/kb/announcements/").content.decode()

    assert page.index("Versión 7.2") < page.index("Versión 7.1")
    assert "Un artículo" not in page
