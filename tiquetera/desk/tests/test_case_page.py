"""The agents' case page (`desk/case_views.py`): the case, its intake trail and its history in
time order; texts escaped; only agents; a constant number of queries."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from tiquetera.testing.factories import (
    ContactFactory,
    OrganizationFactory,
    TeamFactory,
    UserFactory,
)
from tiquetera.tickets.articles import add_note, add_reply
from tiquetera.tickets.models import Case
from tiquetera.tickets.services import change_status
from tiquetera.tickets.tests.factories import CaseFactory

from .world import open_case

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def page_of(some_client: Client, case: Case) -> str:
    response = some_client.get(f"/cases/{case.number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_agent_sees_the_case_its_intake_and_its_history_in_order(agent_client, agent, usr):
    """A plain user's case waits for the USR's verification (seed 002), so intake has a message."""
    user = ContactFactory(organization=usr.organization, role="user", email="aux@hotelcliente.co")
    case = open_case(user)
    assert case.intake_message
    add_reply(case, body="Primera respuesta del agente.", actor=agent, channel="portal")
    change_status(case, "open", actor=agent, reason="El USR lo confirmó por teléfono.")
    add_reply(case, body="Aquí va el XML.", actor=None, contact=user, channel="portal")

    page = page_of(agent_client, case)

    assert case.number in page
    assert "No imprime la factura electrónica" in page
    assert "JQ Nómina" in page
    assert escape(case.intake_message.splitlines()[0]) in page
    assert "Espera la verificación del supervisor" in page  # the reason in words
    assert "Quién puede abrir casos" in page  # the rule that parked it
    assert "needs_verification" not in page and ">requester<" not in page
    assert "<td>Incidencia</td>" in page  # the type by its name in the policy, not its key
    texts = [
        "Caso abierto",
        "Primera respuesta del agente.",
        "El USR lo confirmó por teléfono.",
        "Aquí va el XML.",
    ]
    positions = [page.index(text) for text in texts]
    assert positions == sorted(positions)
    # each reply is one line of the conversation, not also an event saying it was written
    assert "Respuesta pública escrita" not in page


def test_the_facts_name_the_scope_category_as_the_policy_does(agent_client, usr):
    case = open_case(usr)
    Case.objects.filter(pk=case.pk).update(category="redes")
    page = page_of(agent_client, case)
    assert "Incidencia · Red local e Internet" in page
    assert "· redes<" not in page


def test_attachments_of_an_article_are_linked_through_the_checked_view(agent_client, agent, usr):
    case = open_case(usr)
    article = add_reply(
        case, body="Adjunto la captura.", actor=agent, channel="portal",
        attachments=[("captura.png", PNG)],
    )  # fmt: skip
    attachment = article.attachments.get()
    page = page_of(agent_client, case)
    assert f'href="/tickets/cases/{case.pk}/attachments/{attachment.pk}/"' in page
    assert "captura.png" in page


def test_the_files_sent_with_the_case_are_linked_under_its_description(agent_client, usr):
    """The client's screenshot came with the case, not with a reply: the agent finds it under
    the description (it once showed only as "Adjunto agregado" in the history)."""
    case = open_case(usr, attachments=[("pantallazo.png", PNG)])
    attachment = case.attachments.get()
    page = page_of(agent_client, case)
    description = page.split('id="description"', 1)[1].split("</article>", 1)[0]
    assert f'href="/tickets/cases/{case.pk}/attachments/{attachment.pk}/"' in description
    assert "pantallazo.png" in description


def test_script_in_subject_and_description_is_escaped(agent_client, usr):
    case = open_case(
        usr,
        subject="<script>alert('asunto')</script> no imprime",
        description="<script>alert('descripción')</script> y <b>negrita</b>",
    )
    page = page_of(agent_client, case)
    assert "<script>" not in page.split("<main", 1)[1]
    assert "&lt;script&gt;alert(&#x27;asunto&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#x27;descripción&#x27;)&lt;/script&gt;" in page
    assert "<b>negrita</b>" not in page


def test_anonymous_visitor_is_sent_to_sign_in(usr):
    case = open_case(usr)
    response = Client().get(f"/cases/{case.number}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_clients_contact_is_refused_even_on_their_own_case(usr):
    """`agent_required`: a signed-in user who is not staff gets 403 (the portal is elsewhere)."""
    case = open_case(usr)
    user = UserFactory(username="ana.cliente")
    ContactFactory(organization=usr.organization, user=user, email="otra@hotelcliente.co")
    contact_client = Client()
    contact_client.force_login(user)
    assert contact_client.get(f"/cases/{case.number}/").status_code == 403


def test_unknown_number_is_404(agent_client, usr):
    open_case(usr)
    assert agent_client.get("/cases/JQ-2026-999999/").status_code == 404


def test_a_number_two_policies_share_is_404_for_now(agent_client):
    first = CaseFactory()
    second = CaseFactory()
    assert first.policy_id != second.policy_id and first.number == second.number
    assert agent_client.get(f"/cases/{first.number}/").status_code == 404


def test_the_page_runs_the_same_queries_for_two_or_six_articles(
    agent_client, agent, usr, django_assert_num_queries
):
    case = open_case(usr)

    def write(count: int) -> None:
        for n in range(count):
            add_reply(
                case, body=f"Respuesta {n}", actor=agent, channel="portal",
                attachments=[(f"captura-{n}.png", PNG)],
            )  # fmt: skip
            add_note(case, body=f"Apunte-{n}", actor=agent)

    write(1)
    change_status(case, "in_progress", actor=agent)
    with CaptureQueriesContext(connection) as two_articles:
        page_of(agent_client, case)
    write(2)
    change_status(case, "waiting_on_client", actor=agent)
    with django_assert_num_queries(len(two_articles.captured_queries)):
        page = page_of(agent_client, case)
    assert page.count("captura-") == 3
    assert page.count("Apunte-") == 3


def test_organization_assignee_and_team_show_in_the_header(agent_client, agent):
    organization = OrganizationFactory(legal_name="Hotel Las Palmas S.A.S.")
    team = TeamFactory(name="Nivel 2")
    case = CaseFactory(organization=organization, assignee=agent, team=team)
    page = page_of(agent_client, case)
    assert "Hotel Las Palmas S.A.S." in page
    assert agent.get_full_name() in page
    assert "Nivel 2" in page
