"""The satisfaction survey (issue 7): once a case is resolved or closed, its requester (or the
organization's supervisor) rates it 1 to 5 with an optional comment — one answer per case, a
later one refused with a clear message — and one audit event "case.rated"."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.portal.models import Satisfaction
from tiquetera.portal.services import PortalError, rate_case
from tiquetera.testing.factories import ContactFactory
from tiquetera.tickets.lifecycle.resolution import confirm_resolution, resolve

from .conftest import open_jq_case, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(jq_usr, agent):
    return resolve(open_jq_case(jq_usr), resolution="Plantilla corregida.", actor=agent)


def rate(contact, case, **data):
    return signed_in(contact, language="en").post(
        f"/portal/cases/{case.number}/rate/", data, follow=True
    )


def test_the_survey_is_offered_once_the_case_is_resolved(jq_usr, resolved):
    page = signed_in(jq_usr).get(f"/portal/cases/{resolved.number}/").content.decode()
    assert f'action="/portal/cases/{resolved.number}/rate/"' in page


def test_an_open_case_offers_no_survey_and_refuses_an_answer(jq_usr):
    case = open_jq_case(jq_usr)
    page = signed_in(jq_usr).get(f"/portal/cases/{case.number}/").content.decode()
    assert f'action="/portal/cases/{case.number}/rate/"' not in page
    response = rate(jq_usr, case, score="5")
    assert "The survey opens once the case is resolved." in response.content.decode()
    assert not Satisfaction.objects.exists()


def test_a_closed_case_is_rated_once_with_one_event(jq_usr, resolved):
    confirm_resolution(resolved, actor=jq_usr.user)
    response = rate(jq_usr, resolved, score="4", comment="Rápido y amable.")
    assert "Thank you for your answer." in response.content.decode()
    answer = Satisfaction.objects.get(case=resolved)
    assert (answer.score, answer.comment, answer.contact) == (4, "Rápido y amable.", jq_usr)
    events = AuditEvent.objects.filter(verb="case.rated", object_id=str(resolved.pk))
    assert events.count() == 1 and events.get().after["score"] == 4
    page = response.content.decode()
    assert "You rated this case 4 of 5." in page
    assert f'action="/portal/cases/{resolved.number}/rate/"' not in page


def test_a_second_answer_is_refused_and_the_first_kept(jq_usr, resolved):
    rate(jq_usr, resolved, score="2", comment="Tardaron.")
    response = rate(jq_usr, resolved, score="5")
    assert "already been rated" in response.content.decode()
    assert Satisfaction.objects.get(case=resolved).score == 2
    assert AuditEvent.objects.filter(verb="case.rated").count() == 1
    with pytest.raises(PortalError) as refused:
        rate_case(resolved, contact=jq_usr, score=5, actor=jq_usr.user)
    assert refused.value.code == "already_rated"


def test_a_score_outside_1_to_5_is_refused(jq_usr, resolved):
    response = rate(jq_usr, resolved, score="6")
    assert response.status_code == 200
    assert not Satisfaction.objects.exists()
    with pytest.raises(PortalError):
        rate_case(resolved, contact=jq_usr, score=0, actor=jq_usr.user)


def test_a_colleague_who_did_not_report_it_cannot_rate(jq_usr, resolved):
    colleague = ContactFactory(organization=jq_usr.organization, role="user", email="a@hotel.co")
    response = signed_in(colleague).post(f"/portal/cases/{resolved.number}/rate/", {"score": "1"})
    assert response.status_code == 404  # a plain colleague does not see it
    assert not Satisfaction.objects.exists()


def test_the_admin_shows_the_answers_read_only(jq_usr, resolved, admin_client):
    answer = rate_case(resolved, contact=jq_usr, score=3, comment="Bien", actor=jq_usr.user)
    assert admin_client.get("/admin/portal/satisfaction/").status_code == 200
    assert admin_client.get(f"/admin/portal/satisfaction/{answer.pk}/change/").status_code == 200
    assert admin_client.get("/admin/portal/satisfaction/add/").status_code == 403
    page = admin_client.get(f"/admin/portal/satisfaction/{answer.pk}/change/").content.decode()
    assert 'name="score"' not in page  # nothing to edit
