"""A case that waits for a signed purchase order (ISYS, seed 000: a client without a plan), as
its requester reads it in the portal: what intake told them, without the page's own address
(the email needs it, the page does not), and a way from the result page to the form."""

import pytest

from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client, request

from .conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting() -> Case:
    _organization, ana = client("isys", plan=None, role="usr", email="ana@ferreteria.co")
    case = submit(request(ana, case_type="soporte"))
    assert case.status == Case.Status.PENDING_PURCHASE_ORDER
    return case


def test_the_case_page_says_what_to_do_without_repeating_its_own_address(waiting):
    own_address = f"/portal/cases/{waiting.number}/"
    assert own_address in waiting.intake_message  # what the email says, kept as it was sent
    assert "o responda a este mensaje con ella." in waiting.intake_message

    page = signed_in(waiting.requester).get(own_address).content.decode()

    status = page.split('id="status"')[1].split("</article>")[0]
    assert "http://" not in status
    # the portal form opened it, and the page is no message to reply to (the email is)
    assert "adjúntela en la página del caso." in status
    assert "responda a este mensaje" not in page
    assert "Envíe la orden de compra firmada" in page  # the form right below


def test_the_result_page_leads_to_the_form_that_takes_the_order(waiting):
    number = waiting.number

    page = signed_in(waiting.requester).get(f"/portal/cases/{number}/submitted/").content.decode()

    assert f'href="/portal/cases/{number}/#settle" role="button">Enviar la orden de compra' in page
    assert f'href="/portal/cases/{number}/">Ver el caso</a>' in page
    assert "http://" not in page.split("<main")[1]
    assert "responda a este mensaje" not in page
    assert "con lo que falta" not in page  # nothing is missing: the order is, and the form takes it


def test_a_case_waiting_for_the_supervisor_does_not_ask_its_requester_for_what_is_missing():
    """JQ: a plain user's case waits for the USR's verification; the result page told the user
    to "reply to that email with what is missing", when nothing is missing from them."""
    _organization, user = client("jq-systems", plan="suscripcion-1", role="user")
    case = submit(
        request(
            user,
            case_type="incidencia",
            severity="S2",
            fields={"application": "JQ Nómina", "module": "Liquidación"},
            prerequisites_done=[
                "Realicé las tareas previas indicadas al USR por JQ Systems para descartar "
                "situaciones comunes."
            ],
        )
    )
    assert case.status == Case.Status.PENDING_VERIFICATION, case.intake_message

    page = signed_in(user).get(f"/portal/cases/{case.number}/submitted/").content.decode()
    next_step = page.split('id="next"', 1)[1].split("</article>", 1)[0]
    assert "verifique este caso" in next_step
    assert "con lo que falta" not in next_step
    assert f"Cite el número {case.number}" in next_step
