"""Tags on the case page (issue 17): an agent adds tags (comma-separated, from the policy's
list as they type) and takes one off; htmx swaps only the tags block; each change is one audit
event named in words in the history; tags are kept per policy; clients cannot post."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.testing.factories import PolicyFactory
from tiquetera.tickets.models import Tag
from tiquetera.tickets.tags import add_tags

from .world import open_case

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_an_agent_adds_tags_and_gets_only_the_block_back(agent_client, agent, usr):
    case = open_case(usr)
    response = agent_client.post(
        f"/cases/{case.number}/tags/", {"add": "Facturación,  cliente VIP ,"}, **HTMX
    )
    block = response.content.decode()
    assert response.status_code == 200
    assert block.lstrip().startswith('<article id="case-tags"') and "<html" not in block
    assert "Etiquetas agregadas: facturación, cliente vip." in block
    assert '<span class="tag">cliente vip</span>' in block
    assert sorted(case.tags.values_list("name", flat=True)) == ["cliente vip", "facturación"]
    assert Tag.objects.filter(policy=case.policy).count() == 2
    (event,) = AuditEvent.objects.filter(object_id=str(case.pk), verb="case.tagged")
    assert event.note == "facturación, cliente vip" and event.actor_id == agent.pk

    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert "Etiquetas agregadas" in page  # the history says it in words
    assert 'list="case-tag-suggestions"' in page and '<option value="facturación">' in page


def test_an_agent_removes_a_tag_and_the_same_tag_twice_writes_nothing(agent_client, usr):
    case = open_case(usr)
    add_tags(case, "urgente, nómina", actor=None)
    agent_client.post(f"/cases/{case.number}/tags/", {"add": "urgente"}, **HTMX)
    assert AuditEvent.objects.filter(object_id=str(case.pk), verb="case.tagged").count() == 1
    block = agent_client.post(
        f"/cases/{case.number}/tags/", {"remove": "urgente"}, **HTMX
    ).content.decode()
    assert "Se quitó la etiqueta “urgente”." in block
    assert list(case.tags.values_list("name", flat=True)) == ["nómina"]
    assert AuditEvent.objects.filter(object_id=str(case.pk), verb="case.untagged").count() == 1


def test_an_empty_or_long_tag_is_refused_beside_the_box_and_what_was_typed_stays(agent_client, usr):
    case = open_case(usr)
    long = "x" * 41
    block = agent_client.post(f"/cases/{case.number}/tags/", {"add": long}, **HTMX).content.decode()
    assert "es demasiado larga: máximo 40 caracteres" in block
    assert f'value="{long}"' in block and 'aria-invalid="true"' in block
    plain = agent_client.post(f"/cases/{case.number}/tags/", {"add": " , "}, follow=True)
    assert "Escriba la etiqueta" in plain.content.decode()
    assert not case.tags.exists()


def test_tags_belong_to_the_cases_policy(usr):
    case = open_case(usr)
    other = PolicyFactory()
    Tag.objects.create(policy=other, name="facturación")
    add_tags(case, "facturación", actor=None)
    assert case.tags.get().policy_id == case.policy_id
    assert Tag.objects.filter(name="facturación").count() == 2


def test_a_client_cannot_tag_a_case(outsider_client, usr):
    case = open_case(usr)
    response = outsider_client.post(f"/cases/{case.number}/tags/", {"add": "mío"})
    assert response.status_code in (302, 403, 404)
    assert not case.tags.exists()
