"""'Was this useful?': one rating per reader (signed-in user, or anonymous session); rating
again replaces it; the form needs its CSRF token and works with and without htmx."""

import pytest
from django.test import Client

from tiquetera.audit.models import AuditEvent
from tiquetera.kb.errors import KbError
from tiquetera.kb.models import Entry, Rating
from tiquetera.kb.selectors import rating_summary
from tiquetera.kb.services import rate_entry
from tiquetera.kb.tests.conftest import signed_in
from tiquetera.kb.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_one_rating_per_user_and_rating_again_replaces_it(world):
    entry = EntryFactory(policy=world.policy)

    rate_entry(entry, useful=True, actor=world.client_user)
    rate_entry(entry, useful=False, comment="Falta un paso", actor=world.client_user)

    rating = Rating.objects.get()
    assert (rating.user, rating.useful, rating.comment) == (
        world.client_user,
        False,
        "Falta un paso",
    )
    verbs = list(AuditEvent.objects.filter(verb="kb.rated").values_list("after", flat=True))
    assert [after["useful"] for after in verbs] == [True, False]


def test_each_reader_counts_once(world):
    entry = EntryFactory(policy=world.policy, visibility=Entry.Visibility.PUBLIC)

    rate_entry(entry, useful=True, actor=world.client_user)
    rate_entry(entry, useful=True, actor=world.agent)
    rate_entry(entry, useful=False, actor=None, session_key="anon-1")
    rate_entry(entry, useful=True, actor=None, session_key="anon-1")

    summary = rating_summary(entry, user=world.agent)
    assert (summary.useful, summary.not_useful, summary.mine.useful) == (3, 0, True)


def test_a_reader_cannot_rate_what_they_may_not_see(world):
    entry = EntryFactory(policy=world.policy, visibility=Entry.Visibility.CLIENTS)

    with pytest.raises(KbError) as refused:
        rate_entry(entry, useful=True, actor=world.other_client_user)

    assert refused.value.code == "not_visible"
    assert not Rating.objects.exists()


def test_a_draft_cannot_be_rated(world):
    entry = EntryFactory(policy=world.policy, status=Entry.Status.DRAFT)

    with pytest.raises(KbError) as refused:
        rate_entry(entry, useful=True, actor=world.agent)

    assert refused.value.code == "not_published"


def test_rating_without_js_posts_and_returns_to_the_entry(world):
    entry = EntryFactory(policy=world.policy)
    client = signed_in(world.client_user)

    response = client.post(f"/kb/{entry.slug}/rate/", {"useful": "no", "comment": "Confuso"})

    assert response.status_code == 302
    assert response.url == f"/kb/{entry.slug}/"
    assert Rating.objects.get().comment == "Confuso"
    assert "Confuso" in client.get(response.url).content.decode()


def test_rating_with_htmx_answers_the_rating_block(world):
    entry = EntryFactory(policy=world.policy)

    response = signed_in(world.client_user).post(
        f"/kb/{entry.slug}/rate/", {"useful": "yes"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<article id="kb-rating">')
    assert "<html" not in body
    assert Rating.objects.get().useful is True


def test_an_anonymous_reader_rates_a_public_entry_once_per_session(world):
    entry = EntryFactory(policy=world.policy, visibility=Entry.Visibility.PUBLIC)
    client = Client()

    client.post(f"/kb/{entry.slug}/rate/", {"useful": "yes"})
    client.post(f"/kb/{entry.slug}/rate/", {"useful": "no"})

    rating = Rating.objects.get()
    assert rating.user is None and rating.session_key and rating.useful is False


def test_a_bad_answer_is_refused_without_a_rating(world):
    entry = EntryFactory(policy=world.policy)

    response = signed_in(world.client_user).post(
        f"/kb/{entry.slug}/rate/", {"useful": "maybe"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Rating.objects.exists()


def test_rating_needs_the_csrf_token(world):
    entry = EntryFactory(policy=world.policy)
    client = signed_in(world.client_user, enforce_csrf_checks=True)

    refused = client.post(f"/kb/{entry.slug}/rate/", {"useful": "yes"})
    page = client.get(f"/kb/{entry.slug}/")
    token = page.context["csrf_token"]
    accepted = client.post(
        f"/kb/{entry.slug}/rate/", {"useful": "yes", "csrfmiddlewaretoken": str(token)}
    )

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert Rating.objects.count() == 1


def test_rating_is_a_post(world):
    entry = EntryFactory(policy=world.policy)

    assert signed_in(world.client_user).get(f"/kb/{entry.slug}/rate/").status_code == 405
