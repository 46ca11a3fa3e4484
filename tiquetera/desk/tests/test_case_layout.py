"""The case page in two areas (issue 17): where the agent works — the conversation, the composer
and the case's records, the secondary ones folded — and the case's facts beside it."""

import pytest

from tiquetera.testing.factories import ContactFactory, TeamFactory

from .world import open_case

pytestmark = pytest.mark.django_db


def areas(agent_client, case) -> tuple[str, str]:
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    layout = page.split('class="case-layout"', 1)[1]
    work, side = layout.split('<aside class="case-side"', 1)
    return work, side.split("</aside>", 1)[0]


def test_the_conversation_and_the_composer_are_where_the_agent_works(agent_client, usr):
    case = open_case(usr)
    work, side = areas(agent_client, case)
    assert work.index('id="description"') < work.index('id="conversation"')
    assert work.index('id="conversation"') < work.index('id="composer"')
    assert 'id="composer"' not in side


def test_the_facts_are_beside_it_with_links(agent_client, agent, usr):
    case = open_case(usr)
    case.assignee, case.team = agent, TeamFactory(name="Nivel 2")
    case.save(update_fields=["assignee", "team"])
    _work, side = areas(agent_client, case)
    assert f'href="/contacts/{usr.pk}/"' in side  # the requester
    assert f'href="/organizations/{case.organization_id}/"' in side
    for shown in ("S2", "abierto", agent.get_full_name(), "Nivel 2"):
        assert shown in side
    assert 'id="entitlement"' in side and 'id="clocks"' in side
    assert 'class="sla sla-on_time countdown"' in side  # a running clock counts down
    assert 'id="actions"' in side


def test_the_secondary_sections_are_folded(agent_client, usr):
    case = open_case(usr)
    work, _side = areas(agent_client, case)
    for section in ("modality", "contact-attempts", "time-entries"):
        assert f'<details id="{section}" class="case-section">' in work
    assert '<details id="intake" class="case-section">' in work  # accepted: nothing to see


def test_a_parked_case_shows_its_intake_checks_unfolded(agent_client, usr):
    plain_user = ContactFactory(organization=usr.organization, role="user", email="aux@h.co")
    case = open_case(plain_user)
    assert case.intake == "parked"
    work, _side = areas(agent_client, case)
    assert '<details id="intake" class="case-section" open>' in work
