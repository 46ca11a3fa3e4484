"""A client's USR opens a case in the portal — a required field left blank is refused in Spanish
beside it, then sent — reads the agent's answer and, once the case is resolved, rates it
(issue 7). The agent's side is done by setup code between the browser's steps."""

import re

import pytest
from playwright.sync_api import Page, expect

from tiquetera.tickets.articles import add_reply
from tiquetera.tickets.lifecycle.resolution import resolve
from tiquetera.tickets.models import Case

from .world import agent, es, jq_usr, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SUBJECT = "No liquida las horas extra de noviembre"


def test_client_opens_a_case_fixes_the_missing_field_reads_the_reply_and_rates_it(page: Page):
    jq_usr()
    sign_in(page, "ana")
    expect(page).to_have_url(re.compile(r"/portal/$"))  # a client lands in the portal

    page.get_by_role("link", name=es("New case"), exact=True).first.click()
    expect(page.locator("h1")).to_have_text(es("New case"))
    page.get_by_label("Tipo de caso").select_option(label="Incidencia")
    # htmx redraws the type block: an incidencia needs the module and the prior tasks.
    module = page.get_by_label("Módulo")
    expect(module).to_have_attribute("required", "")
    page.get_by_label("Aplicación").fill("JQ Nómina")
    # Blank but not empty: the browser's own check lets it through, the server's does not.
    module.fill("   ")
    page.get_by_label("Realicé las tareas previas").check()
    page.get_by_label("Asunto").fill(SUBJECT)
    page.get_by_label("Descripción").fill("Al liquidar la nómina de noviembre sale en cero.")
    page.get_by_role("button", name="Enviar el caso").click()

    beside_module = page.locator(".field", has=page.locator("#id_field_module"))
    expect(beside_module.locator(".errorlist")).to_have_text("Este campo es obligatorio.")
    expect(page.get_by_label("Asunto")).to_have_value(SUBJECT)
    assert not Case.objects.exists()

    page.get_by_label("Módulo").fill("Liquidación")
    page.get_by_role("button", name="Enviar el caso").click()
    expect(page.locator("#next")).to_be_visible()
    case = Case.objects.get(subject=SUBJECT)
    expect(page.locator("h1")).to_have_text(es("Case %(number)s", number=case.number))
    expect(page.locator("#next")).to_contain_text(case.number)

    laura = agent()
    add_reply(
        case, body="Ana, corregimos la fórmula de horas extra.", actor=laura, channel="portal"
    )
    page.get_by_role("link", name=es("Back to my cases")).click()
    page.get_by_role("link", name=case.number).click()
    expect(page.locator("h1")).to_have_text(es("Case %(number)s", number=case.number))
    expect(page.locator("#conversation")).to_contain_text(
        "Ana, corregimos la fórmula de horas extra."
    )
    expect(page.locator("#survey")).to_have_count(0)

    resolve(case, resolution="Fórmula de horas extra corregida.", actor=laura)
    page.reload()
    survey = page.locator("#survey")
    survey.get_by_label("5", exact=True).check()
    survey.get_by_label(es("Comment (optional)")).fill("Rápido y amable.")
    survey.get_by_role("button", name=es("Send my answer")).click()
    expect(page.get_by_role("status")).to_have_text(es("Thank you for your answer."))
    expect(page.locator("#survey")).to_have_text(
        es("You rated this case %(score)s of 5. Thank you.", score=5)
    )
