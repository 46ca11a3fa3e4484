"""Canned responses fill the reply box: by htmx, or without JavaScript by reloading the page;
a case is offered its policy's responses and the general ones, never another policy's."""

import pytest

from tiquetera.desk.models import CannedResponse, Macro
from tiquetera.kb.services import create_entry, publish_entry
from tiquetera.testing.factories import AgentFactory, PolicyFactory
from tiquetera.tickets.models import Article

from .world import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def responses(usr):
    case = open_case(usr)
    return case, {
        "own": CannedResponse.objects.create(
            title="Pasos de reinstalación", body="Siga estos pasos: <1> y <2>.", policy=case.policy
        ),
        "general": CannedResponse.objects.create(title="Saludo", body="Buenos días."),
        "other": CannedResponse.objects.create(
            title="De otra política", body="No.", policy=PolicyFactory()
        ),
    }


def test_the_reply_offers_the_policys_and_the_general_responses(agent_client, responses):
    case, _canned = responses
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert f'hx-get="/cases/{case.number}/canned/"' in page
    assert "Pasos de reinstalación" in page and "Saludo" in page
    assert "De otra política" not in page


def test_htmx_gets_the_reply_box_filled_and_escaped(agent_client, responses):
    case, canned = responses
    box = agent_client.get(
        f"/cases/{case.number}/canned/?canned={canned['own'].pk}", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert box.startswith('<textarea name="body" id="reply-body"')
    assert "Siga estos pasos: &lt;1&gt; y &lt;2&gt;." in box
    other = agent_client.get(f"/cases/{case.number}/canned/?canned={canned['other'].pk}")
    assert "No." not in other.content.decode()


def test_without_javascript_the_page_reloads_with_the_text(agent_client, responses):
    case, canned = responses
    page = agent_client.get(f"/cases/{case.number}/?canned={canned['general'].pk}")
    reply = page.content.decode().split('id="reply-body"', 1)[1].split("</textarea>", 1)[0]
    assert "Buenos días." in reply


def test_the_variables_are_filled_in_for_the_case_and_the_agent(agent_client, agent, usr):
    """The demo's "Saludo y recibido" read "Buenos días, {{ nombre }}." in the box, as written."""
    case = open_case(usr)
    agent.first_name, agent.last_name = "Laura", "Gómez"
    agent.save()
    canned = CannedResponse.objects.create(
        title="Saludo",
        body="Buenos días, {{ nombre }}. Su caso {{caso}} ({{ asunto }}) de {{ organizacion }} "
        "lo atiende {{ agente }}. {{ desconocida }}",
    )
    box = agent_client.get(
        f"/cases/{case.number}/canned/?canned={canned.pk}", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert (
        f"Buenos días, Ana Pérez. Su caso {case.number} (No imprime la factura electrónica) de "
        f"{case.organization.legal_name} lo atiende Laura Gómez. {{{{ desconocida }}}}"
    ) in box.replace("&#x27;", "'")


def test_a_macros_reply_fills_in_the_variables_too(agent_client, usr):
    case = open_case(usr)
    macro = Macro.objects.create(title="Saludo", body="Hola, {{ nombre }}: recibimos {{ caso }}.")
    agent_client.post(f"/cases/{case.number}/macro/", {"macro": macro.pk})
    reply = Article.objects.get(case=case, kind="reply")
    assert reply.body_text == f"Hola, Ana Pérez: recibimos {case.number}."


def test_canned_responses_are_edited_in_the_admin(admin_client):
    page = admin_client.get("/admin/desk/cannedresponse/add/").content.decode()
    assert "{{ nombre }} (el nombre del solicitante)" in page


def kb_entry(policy, title, *, visibility="clients", publish=True):
    agent = AgentFactory()
    entry = create_entry(
        policy=policy,
        kind="article",
        title=title,
        body_markdown="Texto.",
        visibility=visibility,
        actor=agent,
    )
    return publish_entry(entry, actor=agent) if publish else entry


def test_a_knowledge_base_link_is_added_to_what_the_agent_typed(agent_client, responses, settings):
    case, _canned = responses
    settings.SITE_URL = "https://soporte.example.co"
    guide = kb_entry(case.policy, "Cómo reinstalar el cliente")
    kb_entry(case.policy, "Solo para agentes", visibility="agents")
    kb_entry(case.policy, "Borrador", publish=False)
    kb_entry(PolicyFactory(), "De otra política")

    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert "Cómo reinstalar el cliente" in page
    for hidden in ("Solo para agentes", "Borrador", "De otra política"):
        assert hidden not in page
    box = agent_client.get(
        f"/cases/{case.number}/canned/", {"kb": guide.pk, "body": "Revise esta guía:"}
    ).content.decode()
    assert "Revise esta guía:" in box
    assert f"Cómo reinstalar el cliente: https://soporte.example.co/kb/{guide.slug}/" in box
