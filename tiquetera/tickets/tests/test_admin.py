"""The admin lists cases and shows them, but neither adds, changes nor deletes them: that is the
intake pipeline's and the lifecycle services' work."""

import pytest
from django.urls import reverse

from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_case_list_shows_number_organization_and_status(admin_client):
    case = CaseFactory()

    response = admin_client.get(reverse("admin:tickets_case_changelist"))

    assert response.status_code == 200
    content = response.content.decode()
    assert case.number in content
    assert case.organization.legal_name in content


def test_case_page_is_read_only(admin_client):
    case = CaseFactory()

    page = admin_client.get(reverse("admin:tickets_case_change", args=[case.pk]))
    post = admin_client.post(
        reverse("admin:tickets_case_change", args=[case.pk]), {"subject": "otro"}
    )

    assert page.status_code == 200
    assert post.status_code == 403
    assert admin_client.get(reverse("admin:tickets_case_add")).status_code == 403
    assert admin_client.get(reverse("admin:tickets_case_delete", args=[case.pk])).status_code == 403
