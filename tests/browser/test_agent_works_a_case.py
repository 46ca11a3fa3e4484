"""An agent signs in, takes the top case of the queue, replies, logs the client's call on it and
resolves it — every step through the desk's pages, as a person clicks them (issue 7)."""

import re

import pytest
from playwright.sync_api import Page, expect

from .world import agent, es, jq_usr, open_jq_case, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cases() -> dict[str, str]:
    """Two cases of Ana's: a request (S1) opened first, then an incident (S2), which the queue
    puts on top — JQ's severity rank comes before age."""
    usr = jq_usr()
    request = open_jq_case(
        usr, case_type="solicitud", severity="S1", subject="Consulta sobre el reporte de nómina"
    )
    incident = open_jq_case(usr, subject="No imprime la factura electrónica")
    assert request.status == incident.status == "open"
    return {"top": incident.number, "other": request.number}


def test_agent_takes_the_top_case_replies_logs_a_call_and_resolves_it(page: Page, cases):
    agent()
    sign_in(page, "laura")

    page.get_by_role("link", name=es("Queue"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/queue/$"))
    rows = page.locator("#queue-rows tr[data-queue-row]")
    expect(rows).to_have_count(2)
    top = rows.first
    expect(top).to_contain_text("No imprime la factura electrónica")
    top.get_by_role("link", name=cases["top"]).click()

    expect(page.locator("h1")).to_have_text(f"{cases['top']} · No imprime la factura electrónica")
    history = page.locator("#case .history")

    # Reply: htmx posts it and swaps the case in; the reply is in the history.
    reply = page.locator("#action-reply")
    reply.get_by_label("Respuesta").fill("Ana, ya revisamos la plantilla de la factura 123.")
    reply.get_by_role("button", name="Enviar la respuesta").click()
    expect(history).to_contain_text("Ana, ya revisamos la plantilla de la factura 123.")

    # Log a call: the case's link opens the call form with Ana chosen; the call is then recorded
    # on this case, which shows it as an internal note.
    page.locator("#actions summary", has_text="Registrar una llamada").click()
    page.locator("#actions").get_by_role("button", name="Registrar una llamada").click()
    expect(page.locator("h1")).to_have_text("Registrar una llamada")
    expect(page.get_by_label("Contacto").locator("option:checked")).to_contain_text("Ana Pérez")
    page.get_by_label("Nombre de quien llama").fill("Ana Pérez")
    page.get_by_label("Duración (minutos)").fill("7")
    page.get_by_label("Resumen").fill("Ana confirma que la factura 123 ya imprime bien.")
    page.get_by_role("button", name="Registrar la llamada").click()
    expect(page.locator("h1")).to_have_text("Llamada con Ana Pérez")
    record = page.locator("form", has=page.get_by_role("button", name="Registrar en el caso"))
    the_case = record.locator("option", has_text=cases["top"])
    record.get_by_label("Caso").select_option(the_case.get_attribute("value"))
    record.get_by_role("button", name="Registrar en el caso").click()
    expect(page.locator("h1")).to_have_text(f"{cases['top']} · No imprime la factura electrónica")
    expect(history.locator(".article-note")).to_contain_text(
        "Ana confirma que la factura 123 ya imprime bien."
    )

    # Resolve with the resolution text.
    page.locator("#actions summary", has_text="Resolver").click()
    resolve = page.locator("#action-resolve")
    resolve.get_by_label("Solución").fill("Se corrigió la plantilla de la factura electrónica.")
    resolve.get_by_role("button", name="Resolver").click()
    expect(page.locator("#case hgroup mark")).to_have_text("resuelto")
    expect(page.locator("#case")).to_contain_text(
        "Se corrigió la plantilla de la factura electrónica."
    )
