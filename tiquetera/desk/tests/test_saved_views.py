"""Saved queue views (`desk/queue.py` `save_view`, `delete_view`): each agent keeps named
filters, in order, sees only their own and deletes only their own."""

import pytest
from django.core.exceptions import PermissionDenied

from tiquetera.desk.models import SavedView
from tiquetera.desk.queue import (
    InvalidQueueRequest,
    QueueFilters,
    delete_view,
    save_view,
    saved_views,
)
from tiquetera.testing.factories import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_agent_saves_views_that_list_in_the_order_saved(agent):
    save_view(agent, "Mis vencidos", QueueFilters(mine=True, breached=True))
    save_view(agent, "Urgencias", QueueFilters(severity="S3"))
    views = list(saved_views(agent))
    assert [view.name for view in views] == ["Mis vencidos", "Urgencias"]
    assert views[0].filters == {"mine": True, "breached": True}
    assert QueueFilters.parse(views[1].filters) == QueueFilters(severity="S3")


def test_saving_a_name_again_replaces_its_filters_and_keeps_its_place(agent):
    first = save_view(agent, "Urgencias", QueueFilters(severity="S3"))
    save_view(agent, "Otra", QueueFilters())
    again = save_view(agent, "  Urgencias ", QueueFilters(severity="S3", unassigned=True))
    assert again.pk == first.pk
    assert [view.name for view in saved_views(agent)] == ["Urgencias", "Otra"]
    assert again.filters == {"severity": "S3", "unassigned": True}


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_view_needs_a_name(agent, name):
    with pytest.raises(InvalidQueueRequest):
        save_view(agent, name, QueueFilters())


def test_agents_see_only_their_own_views(agent):
    other = AgentFactory()
    save_view(other, "De otro", QueueFilters(mine=True))
    assert list(saved_views(agent)) == []


def test_an_agent_deletes_their_own_view_but_not_anothers(agent):
    mine = save_view(agent, "Mío", QueueFilters())
    theirs = save_view(AgentFactory(), "Suyo", QueueFilters())
    with pytest.raises(SavedView.DoesNotExist):
        delete_view(agent, theirs.pk)
    delete_view(agent, mine.pk)
    assert list(SavedView.objects.all()) == [theirs]


def test_a_user_who_is_not_an_agent_has_no_views():
    user = UserFactory()
    with pytest.raises(PermissionDenied):
        save_view(user, "Nada", QueueFilters())
    assert list(saved_views(user)) == []


def test_the_page_saves_the_current_filters_and_lists_the_view(agent_client, agent):
    response = agent_client.post("/queue/views/", {"name": "Vencidos", "breached": "1"})
    assert response.status_code == 302 and response["Location"] == "/queue/?breached=1"
    page = agent_client.get("/queue/").content.decode()
    assert '<a href="/queue/?breached=1">Vencidos</a>' in page


def test_the_page_offers_to_save_only_filtered_queues(agent_client):
    assert 'name="name"' not in agent_client.get("/queue/").content.decode()
    page = agent_client.get("/queue/?unassigned=1").content.decode()
    assert 'action="/queue/views/"' in page
    assert '<input type="hidden" name="unassigned" value="1">' in page


def test_the_page_deletes_only_ones_own_view(agent_client, agent):
    mine = save_view(agent, "Mío", QueueFilters())
    theirs = save_view(AgentFactory(), "Suyo", QueueFilters())
    assert agent_client.post(f"/queue/views/{theirs.pk}/delete").status_code == 404
    assert agent_client.post(f"/queue/views/{mine.pk}/delete").status_code == 302
    assert agent_client.get(f"/queue/views/{theirs.pk}/delete").status_code == 405
    assert list(SavedView.objects.all()) == [theirs]


def test_a_client_user_cannot_save_views(outsider_client):
    assert outsider_client.post("/queue/views/", {"name": "x", "mine": "1"}).status_code == 403
    assert not SavedView.objects.exists()
