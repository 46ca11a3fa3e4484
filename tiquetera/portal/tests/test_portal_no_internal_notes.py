"""No portal page ever shows an internal note, its attachment, or a system event's text: walk
every page a client reaches for a case that carries them, in every status the pages word."""

import pytest

from tiquetera.testing.factories import ContactFactory
from tiquetera.tickets.articles import add_event, add_note, add_reply
from tiquetera.tickets.lifecycle.resolution import resolve

from .conftest import PNG, open_jq_case, signed_in

pytestmark = pytest.mark.django_db
NOTE = "NOTA-INTERNA-7731 el cliente está en mora"
EVENT = "EVENTO-INTERNO-4410 reasignado a Nivel 2"


def test_no_portal_page_shows_internal_notes_or_their_files(jq_usr, agent):
    reporter = ContactFactory(organization=jq_usr.organization, role="user", email="aux@hotel.co")
    parked = open_jq_case(reporter, subject="Caso por verificar")
    case = open_jq_case(jq_usr)
    for target in (case, parked):
        add_note(target, body=NOTE, actor=agent, attachments=[("nota-secreta.png", PNG)])
        add_event(target, text=EVENT, actor=agent)
    add_reply(case, body="Respuesta pública.", actor=agent, channel="email")
    resolve(case, resolution="Listo.", actor=agent)

    pages = [
        "/portal/",
        "/portal/cases/new/",
        "/portal/plan/",
        "/portal/verify/",
        f"/portal/cases/{case.number}/",
        f"/portal/cases/{case.number}/submitted/",
        f"/portal/cases/{parked.number}/",
        f"/portal/cases/{parked.number}/submitted/",
    ]
    for contact in (jq_usr, reporter):
        browser = signed_in(contact)
        for url in pages:
            response = browser.get(url)
            assert response.status_code in (200, 403, 404), url  # 404: a colleague's case
            text = response.content.decode()
            assert NOTE not in text and EVENT not in text, url
            assert "nota-secreta.png" not in text, url
    assert (
        "Respuesta pública."
        in signed_in(jq_usr).get(f"/portal/cases/{case.number}/").content.decode()
    )
