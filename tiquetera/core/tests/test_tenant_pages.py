"""A client never sees another organization's cases, statements or contacts through any page.

Every URL the project routes (the REST API has its own walk, and the admin is for staff) is
requested — GET and an empty POST — by a client of the clinic, with its parameters pointing at
the hotel's case, attachment, call, statement and saved view. Whatever the page answers, none
of the hotel's identifying text may be in it, and nothing of the hotel's may change. The routes
are read from the URL resolver, so a page added later is walked too."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.billing.models import Quote
from tiquetera.billing.quotes import quote_work
from tiquetera.channels.phone.services import log_call
from tiquetera.desk.models import SavedView
from tiquetera.inquiries.services import client_asked, inquiry_from_call
from tiquetera.policy.models import SimulationReport
from tiquetera.testing.factories import AgentFactory, AgentProfileFactory, UserFactory
from tiquetera.testing.shared_world import shared_world
from tiquetera.tickets.articles import add_note, add_reply
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Article, Attachment, Case
from tiquetera.tickets.tests.intake_world import client
from tiquetera.tickets.tests.test_intake_jq_systems import incidencia

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
NOTE = "NOTA-INTERNA-DEL-HOTEL"
SKIPPED = ("admin/", "api/", "static/", "accounts/", "i18n/")


def routes() -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return [r for r in walk(get_resolver().url_patterns) if not r.startswith(SKIPPED)]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module's hundred walks (each test's changes are rolled back)."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), shared_world(django_db_blocker, build) as built:
        yield built


def build() -> dict:
    agent = AgentFactory(username="agente")
    AgentProfileFactory(user=agent)
    hotel, ana = client(
        "jq-systems",
        plan="suscripcion-1",
        legal_name="Hotel Andino S.A.S.",
        email="ana@hotelandino.co",
    )
    _clinic, luis = client(
        "jq-systems",
        plan="suscripcion-1",
        legal_name="Clínica Norte S.A.S.",
        email="luis@clinicanorte.co",
    )
    for contact in (ana, luis):
        contact.user = UserFactory(username=contact.email)
        contact.save()
    case = submit(incidencia(ana))
    add_reply(
        case,
        body="Adjunto el reporte",
        actor=agent,
        channel="email",
        attachments=[("reporte.png", PNG)],
    )
    add_note(case, body=NOTE, actor=agent)
    submit(incidencia(luis))
    call = log_call(
        organization=hotel,
        contact=ana,
        started_at=timezone.now() - dt.timedelta(minutes=5),
        summary="Llamó Ana por la factura",
        actor=agent,
    )
    inquiry = inquiry_from_call(call, actor=agent)  # JQ: a call about no case is an inquiry
    asked, _ = client_asked(  # and a WhatsApp question with a file
        ana,
        body="¿Y esto?",
        channel="whatsapp",
        sent_at=timezone.now(),
        files=[("reporte.png", PNG)],
    )
    view = SavedView.objects.create(agent=agent, name="Mías", filters={"mine": True})
    # a quote proposed to the hotel: the clinic's client must neither see nor decide it
    quote = quote_work(
        hotel, actor=None, amount=Decimal("100.00"), currency="COP", description="Informe"
    )
    # a simulation of the hotel's policy for the hotel (the Simulador is for administrators)
    simulation = SimulationReport.objects.create(
        policy=hotel.policy,
        filename="nueva.toml",
        text="",
        checksum="0" * 64,
        start=timezone.localdate(),
        end=timezone.localdate(),
        organization=hotel.tax_id,
        requested_at=timezone.now(),
    )
    return {
        "case": case,
        "hotel": hotel,
        "values": {
            "number": case.number,
            "case_id": case.pk,
            "attachment_id": Attachment.objects.get(case=case).pk,
            "organization_id": hotel.pk,
            "year": timezone.localdate().year,
            "month": timezone.localdate().month,
            "call_id": call.pk,
            "inquiry_id": inquiry.pk,
            "file_id": asked.attachments.get().pk,
            "contact_id": ana.pk,
            "view_id": view.pk,
            "quote_id": quote.pk,
            "simulation_id": simulation.pk,
            "table": "outcomes",
            "decision": "accept",
            "action": "reply",
            "chart": "quota",
            "slug": hotel.policy.slug,
        },
        "secrets": [case.number, hotel.legal_name, ana.email, NOTE, "reporte.png"],
        "browser": signed_in(luis.user),
    }


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def state(world) -> tuple:
    case, hotel = world["case"], world["hotel"]
    return (
        Quote.objects.filter(organization=hotel, status=Quote.Status.PROPOSED).count(),
        Case.objects.get(pk=case.pk).status,
        Article.objects.filter(case__organization=hotel).count(),
        AuditEvent.objects.filter(organization=hotel).count(),
        Case.objects.filter(organization=hotel).count(),
    )


def test_the_walk_covers_the_pages_that_hold_a_clients_data():
    walked = set(routes())
    for page in (
        "portal/cases/<str:number>/",
        "cases/<str:number>/",
        "calls/<int:call_id>/",
        "inquiries/<int:inquiry_id>/",
        "organizations/<int:organization_id>/",
        "contacts/<int:contact_id>/",
        "search/",
        "portal/search/",
        "billing/organizations/<int:organization_id>/statement/<int:year>-<int:month>/",
    ):
        assert page in walked


@pytest.mark.parametrize("route", routes())
def test_another_organizations_client_reaches_nothing_of_the_hotel(route, world):
    values = world["values"]
    url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    before = state(world)

    for method in ("get", "post"):
        response = getattr(world["browser"], method)(url)
        text = response.content.decode(errors="replace")
        assert response.status_code < 500, (method, url, response.status_code)
        for secret in world["secrets"]:
            assert secret not in text, (method, url, secret)
        if response.status_code == 302:
            assert "hotel" not in response["Location"].lower(), (method, url)

    assert state(world) == before, url
