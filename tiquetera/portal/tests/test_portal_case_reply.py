"""A client's reply from the portal goes through tickets' `client_wrote`: it becomes a public
reply with its files, a case waiting on the client goes back to in progress, a resolved one is
reopened; a final case takes no more replies."""

import pytest
from django.utils.html import escape

from tiquetera.audit.models import AuditEvent
from tiquetera.testing.factories import ContactFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.lifecycle.resolution import resolve
from tiquetera.tickets.models import Article
from tiquetera.tickets.services import change_status
from tiquetera.tickets.tests.intake_world import client, request

from .conftest import PNG, open_jq_case, signed_in

pytestmark = pytest.mark.django_db


def post_reply(contact, case, **data):
    browser = signed_in(contact, language="en")
    return browser.post(f"/portal/cases/{case.number}/reply/", data)


def test_a_reply_resumes_a_case_waiting_on_the_client(jq_usr, agent, tmp_path):
    case = open_jq_case(jq_usr)
    change_status(case, "waiting_on_client", actor=agent)
    image = tmp_path / "pantalla.png"
    image.write_bytes(PNG)
    with image.open("rb") as upload:
        response = post_reply(
            jq_usr, case, body="Ya envié los datos de la factura.", attachments=[upload]
        )
    assert response.status_code == 302
    assert response["Location"] == f"/portal/cases/{case.number}/"
    case.refresh_from_db()
    assert case.status == "in_progress"
    article = Article.objects.get(case=case, kind="reply")
    assert article.author_contact == jq_usr and article.channel == "portal"
    assert article.attachments.get().name == "pantalla.png"
    verbs = list(AuditEvent.objects.filter(object_id=str(case.pk)).values_list("verb", flat=True))
    assert verbs.count("case.replied") == 1
    assert verbs[-3:] == ["case.replied", "case.attachment_added", "case.status_changed"]
    page = signed_in(jq_usr).get(response["Location"]).content.decode()
    assert "Ya envié los datos de la factura." in page


def test_a_reply_on_a_resolved_case_reopens_it(jq_usr, agent):
    case = open_jq_case(jq_usr)
    resolve(case, resolution="Se corrigió la plantilla.", actor=agent)
    post_reply(jq_usr, case, body="Sigue fallando.")
    case.refresh_from_db()
    assert case.status == "in_progress" and case.resolution == ""


def test_an_empty_reply_is_refused_with_a_message(jq_usr):
    case = open_jq_case(jq_usr)
    response = post_reply(jq_usr, case, body="   ")
    assert response.status_code == 200
    assert "Write some text or attach a file." in response.content.decode()
    assert not Article.objects.filter(case=case).exists()


def test_a_closed_case_takes_no_reply(jq_usr, agent):
    case = open_jq_case(jq_usr)
    change_status(case, "closed", actor=agent)
    page = signed_in(jq_usr, language="en").get(f"/portal/cases/{case.number}/").content.decode()
    assert "This case no longer takes replies." in page and 'id="reply"' not in page
    response = post_reply(jq_usr, case, body="Hola")
    assert response.status_code == 200
    assert "it can no longer change" in response.content.decode()
    assert not Article.objects.filter(case=case).exists()


def test_another_organizations_contact_cannot_reply(jq_usr):
    case = open_jq_case(jq_usr)
    _org, other = client("jq-systems", plan="suscripcion-1", email="usr@otrohotel.co")
    assert post_reply(other, case, body="Hola").status_code == 404
    assert not Article.objects.filter(case=case).exists()


def test_a_colleague_who_follows_all_cases_may_reply_a_plain_one_may_not(jq_usr):
    case = open_jq_case(jq_usr)
    plain = ContactFactory(organization=jq_usr.organization, role="user", email="a@hotel.co")
    verifier = ContactFactory(
        organization=jq_usr.organization, role="user", email="b@hotel.co", may_verify_cases=True
    )
    assert post_reply(plain, case, body="Hola").status_code == 404
    assert post_reply(verifier, case, body="Adjunto más datos.").status_code == 302
    assert Article.objects.get(case=case).author_contact == verifier


def test_a_reply_completes_a_case_parked_for_information():
    """Seed 001 (CustomSoft): an incident needs its description; a case without one waits for
    it, and the client's reply is that description — the rules run again and let it in."""
    _org, usr = client("customsoft", plan="basica")
    case = submit(
        request(usr, case_type="incidente", severity="P2", description="", received_at=None)
    )
    assert case.status == "pending_information"
    page = signed_in(usr).get(f"/portal/cases/{case.number}/").content.decode()
    assert escape(case.intake_message).split("\n")[0] in page

    post_reply(usr, case, body="Al facturar aparece el error E-501 en la caja 2.")
    case.refresh_from_db()
    assert case.status == "open" and case.intake == "accepted"
    assert "E-501" in case.description
    assert Article.objects.get(case=case).body_text.startswith("Al facturar")
