"""Macros (issue 17): a canned reply plus changes applied to a case in one click, each change
through its service (one audit event each), all or nothing; offered by policy and owner."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.desk.models import Macro
from tiquetera.testing.factories import AgentFactory, AgentProfileFactory, PolicyFactory
from tiquetera.tickets.models import Article, Case

from .world import open_case

pytestmark = pytest.mark.django_db


def verbs(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(case.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def apply(some_client, case: Case, macro: Macro, **extra):
    return some_client.post(f"/cases/{case.number}/macro/", {"macro": macro.pk}, **extra)


@pytest.fixture
def laura(client):
    user = AgentProfileFactory(user__username="laura").user
    client.force_login(user)
    return user


def test_a_macro_replies_assigns_raises_and_waits_in_one_click(client, laura, usr):
    case = open_case(usr)
    macro = Macro.objects.create(
        title="Pedir el log",
        body="¿Nos envía el log del servidor?",
        assign_to_me=True,
        severity="S1",
        status="waiting_on_client",
    )
    before = len(verbs(case))
    page = apply(client, case, macro, follow=True).content.decode()
    case.refresh_from_db()
    assert (case.assignee_id, case.severity, case.status) == (laura.pk, "S1", "waiting_on_client")
    assert Article.objects.filter(case=case, kind="reply").count() == 1
    assert verbs(case)[before:] == [
        "case.assigned", "case.severity_changed", "case.replied", "case.status_changed"
    ]  # fmt: skip
    assert "Macro «Pedir el log» aplicada." in page


def test_a_macro_that_cannot_finish_changes_nothing(client, laura, usr):
    case = open_case(usr)
    Case.objects.filter(pk=case.pk).update(status="resolved")
    macro = Macro.objects.create(title="Esperar", body="Hola.", status="waiting_on_client")
    response = apply(client, case, macro)
    assert response.status_code == 422
    assert not Article.objects.filter(case=case, kind="reply").exists()


def test_macros_are_offered_by_policy_and_owner(client, laura, usr):
    case = open_case(usr)
    Macro.objects.create(title="General", body="Hola.")
    Macro.objects.create(title="De otra política", body="No.", policy=PolicyFactory())
    Macro.objects.create(title="Mía", body="Sí.", owner=laura)
    theirs = Macro.objects.create(title="De Pedro", body="No.", owner=AgentFactory())
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert "General" in page and "Mía" in page
    assert "De otra política" not in page and "De Pedro" not in page
    assert apply(client, case, theirs).status_code == 422
    assert not Article.objects.filter(case=case, kind="reply").exists()


def test_resolving_without_a_reply_is_refused_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/desk/macro/add/", {"title": "Cerrar", "body": "", "status": "resolved"}
    )
    assert response.status_code == 200 and not Macro.objects.exists()
