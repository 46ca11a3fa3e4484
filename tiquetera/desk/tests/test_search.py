"""The desk's search box: cases by number, by a word of their text, replies or notes (accents
ignored), contacts by name, email or phone in any format, organizations by name or NIT, and
knowledge-base entries; grouped on one page, a case number opening the case."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiquetera.desk.tests.world import open_case
from tiquetera.kb.tests.factories import EntryFactory
from tiquetera.testing.factories import ContactFactory, OrganizationFactory
from tiquetera.tickets.articles import add_note, add_reply

pytestmark = pytest.mark.django_db


def found(page, section: str) -> str:
    """The HTML of one group of results (`cases`, `contacts`, …)."""
    html = page.content.decode()
    start = html.index(f'id="found-{section}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_a_word_of_the_description_finds_the_case_without_its_accents(agent_client, usr):
    case = open_case(usr, description="La Facturación electrónica no envía el documento.")
    other = open_case(usr, subject="Nómina", description="La liquidación de nómina falla.")

    page = agent_client.get("/search/", {"q": "facturacion"})

    assert page.status_code == 200
    assert case.number in found(page, "cases")
    assert other.number not in found(page, "cases")


def test_replies_and_internal_notes_are_searched_for_agents(agent_client, agent, usr):
    replied = open_case(usr)
    noted = open_case(usr)
    add_reply(
        replied, body="Reinstale el conector bancario, por favor.", actor=agent, channel="email"
    )
    add_note(noted, body="Revisar el servidor Zeppelin del cliente.", actor=agent)

    assert replied.number in found(agent_client.get("/search/", {"q": "conector"}), "cases")
    assert noted.number in found(agent_client.get("/search/", {"q": "zeppelin"}), "cases")


def test_an_edited_subject_is_found_by_its_new_words_only(agent_client, usr):
    case = open_case(usr, subject="Error de conciliación")
    case.subject = "Cierre contable bloqueado"
    case.save(update_fields=["subject"])

    assert case.number in found(agent_client.get("/search/", {"q": "contable"}), "cases")
    assert case.number not in found(agent_client.get("/search/", {"q": "conciliacion"}), "cases")


def test_typing_a_case_number_opens_the_case(agent_client, usr):
    case = open_case(usr)

    page = agent_client.get("/search/", {"q": f"  {case.number.lower()} "})

    assert page.status_code == 302
    assert page["Location"] == f"/cases/{case.number}/"


def test_part_of_a_case_number_lists_the_case(agent_client, usr):
    case = open_case(usr)

    page = agent_client.get("/search/", {"q": case.number[-6:]})

    assert case.number in found(page, "cases")


def test_a_phone_typed_with_spaces_finds_the_contact(agent_client):
    ContactFactory(name="Carlos Gómez", phone="+573106149927")
    ContactFactory(name="Otra Persona", phone="+573001112233")

    page = agent_client.get("/search/", {"q": "310 614 9927"})

    assert "Carlos Gómez" in found(page, "contacts")
    assert "Otra Persona" not in found(page, "contacts")


def test_a_name_without_accents_or_an_email_finds_the_contact(agent_client):
    ContactFactory(name="Carlos Gómez", email="cgomez@hotel.co")

    assert "Carlos Gómez" in found(agent_client.get("/search/", {"q": "gomez"}), "contacts")
    assert "Carlos Gómez" in found(
        agent_client.get("/search/", {"q": "cgomez@hotel.co"}), "contacts"
    )


@pytest.mark.parametrize("typed", ["900.123.456", "900123456-8", "9001234568", "hoteles andinos"])
def test_an_organization_is_found_by_nit_with_or_without_check_digit_or_by_name(
    agent_client, typed
):
    OrganizationFactory(legal_name="Hoteles Andinos S.A.S.", tax_id="900123456-8")
    OrganizationFactory(legal_name="Otra Empresa", tax_id="800111222-1")

    page = agent_client.get("/search/", {"q": typed})

    results = found(page, "organizations")
    assert "Hoteles Andinos" in results
    assert "Otra Empresa" not in results


def test_knowledge_base_entries_are_in_their_own_group(agent_client, usr):
    EntryFactory(policy=usr.organization.policy, title="Cómo anular una facturación")

    page = agent_client.get("/search/", {"q": "facturacion"})

    assert "Cómo anular una facturación" in found(page, "entries")


def test_only_agents_use_the_desk_search(outsider_client):
    assert outsider_client.get("/search/", {"q": "factura"}).status_code == 403


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps FTS5 tables by triggers")
def test_sqlite_full_text_tables_are_kept_by_triggers_after_every_migration():
    """A later migration that rebuilds a table on SQLite drops its triggers: this says so."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    for table in ("tickets_case", "tickets_article", "directory_contact", "kb_entry"):
        for event in ("insert", "update", "delete"):
            assert f"{table}_fts_{event}" in triggers


def test_the_search_box_is_in_the_header_of_the_desks_pages(agent_client, usr):
    case = open_case(usr)

    for url in ("/", "/queue/", f"/cases/{case.number}/", f"/organizations/{usr.organization_id}/"):
        html = agent_client.get(url).content.decode()
        assert 'action="/search/" role="search"' in html, url


def test_the_results_page_runs_the_same_queries_for_one_result_or_many(agent_client, usr):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            agent_client.get("/search/", {"q": "facturacion"})
        return len(captured)

    open_case(usr, description="Facturación detenida.")
    one = queries()
    for _ in range(4):
        open_case(usr, description="Facturación detenida.")
        ContactFactory(name="Facturación Pérez")

    assert queries() == one


@pytest.mark.parametrize(
    ("country", "tax_id", "typed"),
    [("MX", "GHA010101AB1", "gha010101ab1"), ("PA", "8-123-4567", "8-123-4567")],
)
def test_an_rfc_or_a_ruc_is_found_as_typed(agent_client, country, tax_id, typed):
    OrganizationFactory(legal_name="Grupo Hotelero", country=country, tax_id=tax_id)

    assert "Grupo Hotelero" in found(agent_client.get("/search/", {"q": typed}), "organizations")
