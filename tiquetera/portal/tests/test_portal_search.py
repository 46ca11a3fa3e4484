"""A client's search: their organization's cases that they follow and the articles they may
read, nothing else — never another organization's case, nor a word only in an internal note."""

import pytest

from tiquetera.kb.models import Entry
from tiquetera.kb.tests.factories import EntryFactory
from tiquetera.portal.tests.conftest import open_jq_case, signed_in
from tiquetera.testing.factories import AgentFactory, ContactFactory, OrganizationFactory
from tiquetera.tickets.articles import add_note, add_reply

pytestmark = pytest.mark.django_db


def results(browser, query: str) -> str:
    page = browser.get("/portal/search/", {"q": query})
    assert page.status_code == 200
    return page.content.decode()


def test_the_usr_finds_a_case_of_the_organization_by_a_word_without_accents(jq_usr):
    case = open_jq_case(jq_usr, description="La Facturación electrónica no envía el XML.")

    assert case.number in results(signed_in(jq_usr), "facturacion")


def test_another_organizations_client_finds_nothing_of_the_first(jq_usr):
    case = open_jq_case(jq_usr, description="La Facturación electrónica no envía el XML.")
    other_org = OrganizationFactory(policy=jq_usr.organization.policy)
    stranger = ContactFactory(organization=other_org, role="usr", may_verify_cases=True)

    html = results(signed_in(stranger), "facturacion")

    assert case.number not in html
    assert signed_in(stranger).get("/portal/search/", {"q": case.number}).status_code == 200


def test_a_plain_user_finds_only_their_own_cases(jq_usr):
    colleague = ContactFactory(organization=jq_usr.organization, role="user")
    theirs = open_jq_case(jq_usr, description="Conciliación bancaria bloqueada.")

    assert theirs.number not in results(signed_in(colleague), "conciliacion")


def test_a_word_only_in_an_internal_note_finds_nothing_for_the_client(jq_usr):
    case = open_jq_case(jq_usr)
    agent = AgentFactory()
    add_note(case, body="El servidor Zeppelin del cliente está mal configurado.", actor=agent)
    add_reply(case, body="Reinstale el conector bancario.", actor=agent, channel="email")

    browser = signed_in(jq_usr)
    assert case.number not in results(browser, "zeppelin")
    assert case.number in results(browser, "conector")


def test_the_case_number_opens_the_clients_own_case(jq_usr):
    case = open_jq_case(jq_usr)

    page = signed_in(jq_usr).get("/portal/search/", {"q": case.number})

    assert page.status_code == 302
    assert page["Location"] == f"/portal/cases/{case.number}/"


def test_articles_the_client_may_read_are_found_and_agents_only_ones_are_not(jq_usr):
    policy = jq_usr.organization.policy
    EntryFactory(policy=policy, title="Anular una facturación")
    EntryFactory(policy=policy, title="Facturación interna", visibility=Entry.Visibility.AGENTS)

    html = results(signed_in(jq_usr), "facturacion")

    assert "Anular una facturación" in html
    assert "Facturación interna" not in html


def test_contacts_and_organizations_are_not_searched_for_clients(jq_usr):
    ContactFactory(organization=jq_usr.organization, name="Zacarías Colega")

    assert "Zacarías Colega" not in results(signed_in(jq_usr), "zacarias")


def test_the_clients_header_has_their_search_box(jq_usr):
    html = signed_in(jq_usr).get("/portal/").content.decode()

    assert 'action="/portal/search/" role="search"' in html
    assert 'action="/search/"' not in html
