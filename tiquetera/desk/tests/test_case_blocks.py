"""The case page's reading blocks (`desk/case_blocks.py`): internal notes apart, fields by their
policy labels, each SLA clock with the engine's explanation, the entitlement, related cases as
links, modality steps and contact attempts — in a number of queries that does not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiquetera.tickets.articles import add_note, add_reply
from tiquetera.tickets.lifecycle.contacts import log_contact_attempt
from tiquetera.tickets.lifecycle.linking import split_case
from tiquetera.tickets.lifecycle.modality import record_modality_step

from .world import open_case

pytestmark = pytest.mark.django_db


def page_of(agent_client, case) -> str:
    response = agent_client.get(f"/cases/{case.number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_internal_notes_are_set_apart_from_replies(agent_client, agent, usr):
    case = open_case(usr)
    add_reply(case, body="Respuesta al cliente.", actor=agent, channel="portal")
    add_note(case, body="Solo para el equipo.", actor=agent)
    page = page_of(agent_client, case)
    note = page.split('class="article-note"', 1)[1].split("</article>", 1)[0]
    assert "Nota interna" in note and "Solo para el equipo." in note
    reply = page.split('class="article-reply"', 1)[1].split("</article>", 1)[0]
    assert "Respuesta al cliente." in reply and "Nota interna" not in reply


def test_fields_show_the_policys_labels_not_their_keys(agent_client, usr):
    case = open_case(usr)
    fields = page_of(agent_client, case).split('id="fields"', 1)[1].split("</article>", 1)[0]
    assert "Aplicación" in fields and "Módulo" in fields
    assert "application" not in fields and "JQ Nómina" in fields


def test_each_clock_shows_its_due_time_and_why_a_holiday_pushed_it(agent_client, usr):
    """Received Tuesday 14 July 2026 10:00 in Bogotá: the resolution target skips the weekend
    and Monday 20 July, Colombia's Independence Day."""
    case = open_case(usr)
    clocks = page_of(agent_client, case).split('id="clocks"', 1)[1].split("</article>", 1)[0]
    assert "asignación" in clocks and "solución" in clocks
    assert 'datetime="2026-07-24T10:00:00-05:00"' in clocks  # in the organization's zone
    solution = clocks.split("solución", 1)[1]
    # the due time once (it was said twice: "Vence viernes 24 …" and "Vence el viernes 24 …")
    assert solution.count("viernes 24 de julio de 2026") == 1
    assert "El lunes 20 de julio es festivo: Día de la Independencia" in solution


def test_the_entitlement_consumed_is_shown(agent_client, usr):
    case = open_case(usr)
    assert case.consumption_id is not None
    entitlement = page_of(agent_client, case).split('id="entitlement"', 1)[1].split("</td>")[0]
    assert "cubierto por el plan" in entitlement


def test_related_cases_are_links_both_ways(agent_client, agent, usr):
    case = open_case(usr)
    new = split_case(case, subject="Segundo requerimiento", description="", actor=agent)
    related = page_of(agent_client, case).split('id="related"', 1)[1].split("</article>", 1)[0]
    split = related.split('class="related-split"', 1)[1].split("</li>", 1)[0]
    assert f'href="/cases/{new.number}/"' in split
    back = page_of(agent_client, new).split('id="related"', 1)[1].split("</article>", 1)[0]
    split_from = back.split('class="related-split_from"', 1)[1].split("</li>", 1)[0]
    assert f'href="/cases/{case.number}/"' in split_from


def test_modality_steps_and_contact_attempts_are_listed(agent_client, agent, usr):
    case = open_case(usr)
    record_modality_step(case, modality="written", actor=agent, note="Correo con pasos")
    log_contact_attempt(case, channel="phone", outcome="no_answer", actor=agent, note="Timbra")
    page = page_of(agent_client, case)
    assert "Correo con pasos" in page.split('id="modality"', 1)[1].split("</article>", 1)[0]
    attempts = page.split('id="contact-attempts"', 1)[1].split("</article>", 1)[0]
    assert "no contestó" in attempts or "Timbra" in attempts


def test_the_page_queries_do_not_grow_with_articles_steps_attempts_or_links(
    agent_client, agent, usr, django_assert_max_num_queries
):
    case = open_case(usr)
    add_reply(case, body="Respuesta 0", actor=agent, channel="portal")
    with CaptureQueriesContext(connection) as small:
        page_of(agent_client, case)
    for n in range(1, 6):
        add_reply(case, body=f"Respuesta {n}", actor=agent, channel="portal")
        add_note(case, body=f"Nota {n}", actor=agent)
        log_contact_attempt(case, channel="phone", outcome="no_answer", actor=agent)
        record_modality_step(case, modality="written", actor=agent)
    split_case(case, subject="Otro requerimiento", description="", actor=agent)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = page_of(agent_client, case)
    assert page.count("Nota interna") >= 5


def test_a_clock_met_after_its_due_time_reads_met_late(agent_client, usr):
    """It read "asignación · cumplido incumplido", two words that contradict each other."""
    from datetime import timedelta

    from tiquetera.sla.models import Clock

    case = open_case(usr)
    clock = Clock.objects.filter(case=case).order_by("metric").first()
    assert clock is not None and clock.due_at is not None
    late = clock.due_at + timedelta(hours=1)
    Clock.objects.filter(pk=clock.pk).update(state="met", met_at=late, breached_at=clock.due_at)
    clocks = page_of(agent_client, case).split('id="clocks"', 1)[1].split("</article>", 1)[0]
    assert 'cumplido <mark class="breached">tarde</mark>' in clocks
    assert "cumplido <mark" in clocks and "incumplido" not in clocks.split("</li>", 1)[0]


def test_the_severity_reads_as_the_policy_names_it(agent_client, usr):
    """The facts read "Severidad / prioridad: S2 / S2", two codes (JQ's S2 is "Incidencia")."""
    case = open_case(usr)
    assert case.severity == "S2" and case.priority == "S2"
    facts = page_of(agent_client, case).split('id="facts"', 1)[1].split("</article>", 1)[0]
    row = facts.split("Severidad / prioridad", 1)[1].split("</tr>", 1)[0]
    assert "<td>S2 · Incidencia</td>" in row
