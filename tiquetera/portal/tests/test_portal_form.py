"""The new case form follows the organization's policy: its case types and severities, the
fields the chosen type requires (required in the form), its prerequisites, the phone the policy
asks for, the writing guide and the plan's allowance beside it; changing the type redraws the
type's block, by htmx or by a plain submission."""

import re

import pytest

from tiquetera.tickets.models import Case, RawPayload

from .conftest import jq_incidencia, signed_in

pytestmark = pytest.mark.django_db


def form_page(contact, query: str = "", language: str = "es") -> str:
    response = signed_in(contact, language=language).get(f"/portal/cases/new/{query}")
    assert response.status_code == 200
    return response.content.decode()


def control(page: str, name: str) -> str:
    """The HTML of the input (or select, textarea) named `name`; "" when there is none."""
    found = re.search(rf'<(input|select|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    return found.group(0) if found else ""


def test_jq_form_offers_its_types_and_severities_and_the_first_types_fields(jq_usr):
    """Seed 002: Solicitud / Incidencia / Urgencia; S1–S3."""
    page = form_page(jq_usr)
    for option in ('value="solicitud"', 'value="incidencia"', 'value="urgencia"'):
        assert option in page
    assert "S3 · Urgencia" in page
    # solicitud (first) requires application and description; module is the policy's other field
    assert " required" in control(page, "field_application")
    assert control(page, "field_module") and " required" not in control(page, "field_module")
    assert " required" in control(page, "description")
    assert control(page, "prerequisites") == ""  # solicitud lists no prerequisite steps
    assert control(page, "phone") == ""  # JQ's rules do not ask for a phone
    assert control(page, "channel_justification") == ""  # the portal is JQ's form channel
    assert control(page, "attachments") and "multiple" in control(page, "attachments")
    assert "20,0" in page or "20.0" in page  # the size limit (20 MB) is shown


def test_jq_incidencia_requires_module_and_asks_to_confirm_the_prerequisite_steps(jq_usr):
    """Seed 002: "...no se hayan efectuado las tareas previas indicadas al USR"."""
    page = form_page(jq_usr, "?case_type=incidencia")
    assert " required" in control(page, "field_module")
    assert 'type="checkbox" name="prerequisites" value="0"' in page
    assert "Realicé las tareas previas indicadas al USR" in page
    assert 'value="S2" selected' in page  # the type's default severity


def test_soho_form_asks_for_its_mandatory_fields_and_a_phone(soho_usr):
    """Seed 004: application, module, process, exact menu path, description; a contact phone
    with country and area code."""
    page = form_page(soho_usr)
    for name in ("field_application", "field_module", "field_process", "field_menu_path"):
        assert " required" in control(page, name), name
    assert "Ruta o menú exacto" in page
    assert "Facturación &gt; Documentos &gt; Factura" in page  # the field's help, escaped
    assert " required" not in control(page, "field_error_code")
    assert " required" in control(page, "phone")
    assert 'value="+573106149927"' in control(page, "phone")  # the contact's own, to confirm
    assert "+57 606 3134484" in page  # the example in the 2021 numbering
    assert control(page, "prerequisites") == ""
    assert 'href="https://sohoapps.co/soporte"' in page  # the policy's writing guide


def test_a_severity_whose_name_repeats_its_code_reads_once(soho_usr):
    """Seed 004's severities are words ("NORMAL", "ALTA"): the form and the guide say "Normal",
    never "NORMAL · Normal"; JQ's "S3 · Urgencia" keeps its code."""
    page = form_page(soho_usr)
    assert ">Normal</option>" in page
    assert "NORMAL · Normal" not in page and "ALTA · Alta" not in page


def test_the_writing_guide_and_the_severities_are_beside_the_form(jq_usr):
    page = form_page(jq_usr, language="en")
    assert "How to write a good case" in page
    assert "the error code" in page
    assert "No operativo, sin solución" in page  # S3's description from the policy


def test_htmx_redraws_the_type_block_keeping_what_was_typed(jq_usr):
    response = signed_in(jq_usr).get(
        "/portal/cases/new/fields/",
        {"case_type": "incidencia", "field_application": "JQ Nómina", "shown_type": "solicitud"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    block = response.content.decode()
    assert "<html" not in block  # only the block
    assert 'name="shown_type" value="incidencia"' in block
    assert " required" in control(block, "field_module")
    assert 'value="JQ Nómina"' in control(block, "field_application")
    assert 'name="prerequisites"' in block
    assert 'value="S2" selected' in block


def test_the_type_select_redraws_its_block_with_htmx(jq_usr):
    select = control(form_page(jq_usr), "case_type")
    assert 'hx-get="/portal/cases/new/fields/"' in select
    assert 'hx-target="#type-fields"' in select


def test_a_submission_for_another_type_only_redraws_the_form(jq_usr):
    """Without JavaScript: the type changed, so the form comes back with that type's fields."""
    data = jq_incidencia(shown_type="solicitud", field_module=None, prerequisites=None)
    response = signed_in(jq_usr).post("/portal/cases/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="shown_type" value="incidencia"' in page
    assert " required" in control(page, "field_module")
    assert 'value="JQ Nómina"' in control(page, "field_application")
    assert "No imprime la factura electrónica" in page  # what was typed is kept
    assert 'class="errorlist"' not in page  # and nothing is judged yet
    assert not Case.objects.exists()
    assert not RawPayload.objects.exists()


def test_the_plans_allowance_is_shown_beside_the_form(jq_usr):
    page = form_page(jq_usr, language="en")
    assert "Suscripción nivel 1" in page
    assert "All priorities: no limit (0 used)" in page


def test_a_writing_guide_that_is_not_a_web_address_is_not_linked(soho_usr):
    from tiquetera.tickets.models import DeskRules

    DeskRules.objects.filter(policy=soho_usr.organization.policy).update(
        writing_guide_url="javascript:alert(1)"
    )
    page = form_page(soho_usr)
    assert "javascript:" not in page


def test_the_show_fields_button_redraws_without_submitting(jq_usr):
    """The <noscript> button, pressed without changing the type, only redraws too."""
    response = signed_in(jq_usr).post("/portal/cases/new/", {**jq_incidencia(), "redraw": "1"})
    assert response.status_code == 200
    assert 'name="shown_type" value="incidencia"' in response.content.decode()
    assert not Case.objects.exists()


def test_a_type_not_offered_is_refused_with_a_clear_error_not_silently_redrawn(jq_usr):
    """A type the policy does not offer (a stale page, a crafted post) is not swapped for the
    first type without a word: the form says so, in Spanish, and nothing is written."""
    data = jq_incidencia(case_type="garantia", shown_type="garantia")
    response = signed_in(jq_usr).post("/portal/cases/new/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "«garantia» no es uno de los tipos de caso que se le ofrecen" in page
    assert 'class="errorlist"' in page
    assert "No imprime la factura electrónica" in page  # what was typed is kept
    assert not Case.objects.exists() and not RawPayload.objects.exists()
