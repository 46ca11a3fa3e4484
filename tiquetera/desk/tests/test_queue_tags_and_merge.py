"""The queue's tags and bulk merge (issue 17): rows show their tags, the tag filter narrows the
queue; two or more cases of one organization merge into the oldest through the merge
lifecycle, cases of several organizations are refused whole."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.tickets.models import Case
from tiquetera.tickets.tags import add_tags
from tiquetera.tickets.tests.intake_world import client

from .world import open_case

pytestmark = pytest.mark.django_db


def test_rows_show_their_tags_and_the_tag_filter_narrows_the_queue(agent_client, usr):
    tagged = open_case(usr, subject="La factura no imprime")
    plain = open_case(usr, subject="La nómina no liquida")
    add_tags(tagged, "facturación", actor=None)
    page = agent_client.get("/queue/").content.decode()
    assert '<a class="tag" href="/queue/?tag=facturaci%C3%B3n">facturación</a>' in page
    assert '<datalist id="queue-tags"><option value="facturación">' in page
    filtered = agent_client.get("/queue/?tag=Facturación").content.decode()
    assert tagged.subject in filtered and plain.subject not in filtered
    assert 'value="facturación"' in filtered  # the box says what filters the queue
    too_long = agent_client.get("/queue/?tag=" + "x" * 41)
    assert too_long.status_code == 400
    assert "Una etiqueta tiene como máximo 40 caracteres." in too_long.content.decode()


def test_two_cases_of_one_organization_merge_into_the_oldest(agent_client, usr):
    oldest, newer = open_case(usr, subject="Caso 1"), open_case(usr, subject="Caso 2")
    response = agent_client.post(
        "/queue/bulk/", {"action": "merge", "case": [newer.pk, oldest.pk], "back": ""}, follow=True
    )
    merged = (
        f'1 caso fusionado en {oldest.number}: <span class="case-number">{newer.number}</span>.'
    )
    assert merged in response.content.decode()
    newer.refresh_from_db()
    assert newer.duplicate_of_id == oldest.pk and newer.status == "closed"
    assert Case.objects.get(pk=oldest.pk).status == "open"
    assert AuditEvent.objects.filter(object_id=str(newer.pk), verb="case.status_changed").exists()


def test_cases_of_two_organizations_are_not_merged(agent_client, usr):
    _org, other = client(
        "jq-systems",
        plan="suscripcion-1",
        email="luis@clinica.co",
        legal_name="Clínica Norte S.A.S.",
    )
    ours, theirs = open_case(usr), open_case(other)
    response = agent_client.post(
        "/queue/bulk/", {"action": "merge", "case": [ours.pk, theirs.pk], "back": ""}, follow=True
    )
    page = response.content.decode()
    assert "Solo se pueden fusionar casos de una misma organización" in page
    assert "Clínica Norte S.A.S." in page and "No se fusionó ninguno." in page
    assert not Case.objects.filter(duplicate_of__isnull=False).exists()


def test_merging_needs_two_cases(agent_client, usr):
    case = open_case(usr)
    response = agent_client.post(
        "/queue/bulk/", {"action": "merge", "case": [case.pk], "back": ""}, follow=True
    )
    assert "Elija al menos dos casos para fusionar." in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "open"
