"""The queue's bulk bar (issue 17): assign, change the status or the severity of the cases
checked, each through its service — one audit event per case changed, none for a case already
so — a refused case reported while the others change; agents only, with the CSRF token."""

import pytest
from django.test import Client

from tiquetera.audit.models import AuditEvent
from tiquetera.testing.factories import AgentProfileFactory
from tiquetera.tickets.models import Case

from .world import open_case

pytestmark = pytest.mark.django_db


def events(case: Case, verb: str) -> int:
    return AuditEvent.objects.filter(object_id=str(case.pk), verb=verb).count()


@pytest.fixture
def three(usr) -> list[Case]:
    return [open_case(usr, subject=f"Caso {n}") for n in range(3)]


def bulk(some_client: Client, data: dict, back: str = "mine=1"):
    return some_client.post("/queue/bulk/", {**data, "back": back}, follow=True)


def test_bulk_assign_writes_one_event_per_case_changed(agent_client, three):
    laura = AgentProfileFactory(user__username="laura").user
    first, second, third = three
    second.assignee = laura
    second.save(update_fields=["assignee"])
    response = bulk(
        agent_client,
        {"action": "assign", "agent": laura.agent.pk, "case": [first.pk, second.pk, third.pk]},
    )
    assert response.redirect_chain[-1][0] == "/queue/?mine=1"
    assert {c.assignee_id for c in Case.objects.filter(pk__in=[c.pk for c in three])} == {laura.pk}
    assert [events(case, "case.assigned") for case in three] == [1, 0, 1]
    page = response.content.decode()

    def number(case: Case) -> str:  # kept on one line on a phone (its hyphens do not break)
        return f'<span class="case-number">{case.number}</span>'

    assert f"2 casos cambiados: {number(first)}, {number(third)}." in page
    assert f"1 caso ya estaba así: {number(second)}." in page


def test_bulk_status_reports_the_case_the_lifecycle_refuses(agent_client, agent, three):
    first, second, third = three
    Case.objects.filter(pk=third.pk).update(status="closed")
    response = bulk(
        agent_client, {"action": "status", "status": "in_progress", "case": [c.pk for c in three]}
    )
    assert (
        list(Case.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True))
        == ["in_progress"] * 2
    )
    assert Case.objects.get(pk=third.pk).status == "closed"
    assert events(first, "case.status_changed") == 1
    assert f"{third.number} no cambió" in response.content.decode()


def test_bulk_severity_needs_its_reason_like_the_case_page(agent_client, three):
    first = three[0]
    refused = bulk(agent_client, {"action": "severity", "severity": "S1", "case": [first.pk]})
    assert "no cambió" in refused.content.decode()
    assert Case.objects.get(pk=first.pk).severity == "S2"
    bulk(
        agent_client,
        {"action": "severity", "severity": "S1", "reason": "Caída total", "case": [first.pk]},
    )
    assert Case.objects.get(pk=first.pk).severity == "S1"
    assert events(first, "case.severity_changed") == 1


def test_nothing_checked_or_no_value_is_said_and_changes_nothing(agent_client, three):
    page = bulk(agent_client, {"action": "status", "status": "in_progress"}).content.decode()
    assert "Elija al menos un caso." in page
    page = bulk(agent_client, {"action": "assign", "case": [three[0].pk]}).content.decode()
    assert "Elija el valor que se va a poner." in page
    assert not Case.objects.filter(status="in_progress").exists()


def test_an_unknown_id_is_ignored(agent_client, three):
    response = bulk(agent_client, {"action": "status", "status": "in_progress", "case": [999_999]})
    assert response.status_code == 200
    assert not Case.objects.filter(status="in_progress").exists()


def test_only_agents_may_and_the_csrf_token_is_required(usr, three, outsider_client, agent):
    assert outsider_client.post("/queue/bulk/", {"action": "status"}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(agent)
    data = {"action": "status", "status": "in_progress", "case": [three[0].pk]}
    assert strict.post("/queue/bulk/", data).status_code == 403
    assert Case.objects.get(pk=three[0].pk).status == "open"


def test_the_back_link_keeps_only_filters(agent_client, three):
    response = agent_client.post(
        "/queue/bulk/",
        {"action": "status", "status": "in_progress", "case": [three[0].pk],
         "back": "https://evil.example/&mine=1&x=2"},
    )  # fmt: skip
    assert response["Location"] == "/queue/?mine=1"


def test_the_queue_shows_a_checkbox_per_row_in_the_bulk_form(agent_client, three):
    page = agent_client.get("/queue/").content.decode()
    for case in three:
        assert f'name="case" value="{case.pk}" form="queue-bulk"' in page
    assert 'id="queue-bulk"' in page and "csrfmiddlewaretoken" in page.split('id="queue-bulk"')[1]
