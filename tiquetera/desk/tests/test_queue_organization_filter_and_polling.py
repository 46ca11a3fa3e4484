"""The queue's organization filter is a text box with suggestions, not a `<select>` of every
organization (issue 17, a cheap queue render); the polling refresh brings the tabs' counts
with the rows it keeps."""

import pytest

from tiquetera.testing.factories import OrganizationFactory, PolicyFactory
from tiquetera.tickets.tests.intake_world import client

from .world import open_case

pytestmark = pytest.mark.django_db


def test_the_filter_offers_a_text_box_and_finds_the_organization_by_name(agent_client, usr):
    idle = OrganizationFactory.create_batch(30, policy=PolicyFactory())
    _org, other = client(
        "jq-systems", plan="suscripcion-1", email="luis@clinica.co", legal_name="Clínica Norte"
    )
    ours, theirs = open_case(usr), open_case(other)
    page = agent_client.get("/queue/").content.decode()
    assert '<select name="organization"' not in page
    assert not any(organization.legal_name in page for organization in idle)
    assert 'name="organization_name"' in page

    found = agent_client.get("/queue/?organization_name=clínica norte").content.decode()
    assert theirs.number in found and ours.number not in found
    assert 'value="Clínica Norte"' in found  # the box keeps the name
    by_part = agent_client.get("/queue/?organization_name=Norte").content.decode()
    assert theirs.number in by_part and ours.number not in by_part

    unknown = agent_client.get("/queue/?organization_name=Hotel Inexistente")
    assert unknown.status_code == 400
    text = unknown.content.decode()
    assert "Ninguna organización se llama “Hotel Inexistente”." in text
    assert 'value="Hotel Inexistente"' in text  # nothing typed is lost
    several = agent_client.get("/queue/?organization_name=Hotel Cliente").content.decode()
    assert "Varias organizaciones coinciden" in several


def test_the_suggestions_are_at_most_twenty_names(agent_client, db):
    OrganizationFactory.create_batch(25, policy=PolicyFactory())
    answer = agent_client.get("/queue/organizations/?organization_name=hotel cliente")
    assert answer.content.decode().count("<option") == 20


def test_the_polling_refresh_keeps_the_rows_loaded_and_updates_the_tab_counts(agent_client, usr):
    cases = [open_case(usr, subject=f"Caso {n}") for n in range(3)]
    first = agent_client.get("/queue/").content.decode()
    assert "Por atender <small>(3)</small>" in first
    open_case(usr, subject="Caso nuevo")
    poll = agent_client.get(
        "/queue/?rows=3", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-rows"
    ).content.decode()
    assert all(case.number in poll for case in cases)
    assert poll.count("data-queue-row") == 4  # at least as many as were loaded
    tabs = poll.split("<template>", 1)[1]
    assert 'id="queue-tabs"' in tabs and 'hx-swap-oob="true"' in tabs
    assert "Por atender <small>(4)</small>" in tabs
    more = agent_client.get("/queue/?start=0&sort=number", HTTP_HX_REQUEST="true")
    assert "<template>" not in more.content.decode()  # the "More" rows carry no tabs
