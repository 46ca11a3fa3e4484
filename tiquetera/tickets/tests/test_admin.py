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


def test_intake_rule_parameters_are_checked_by_the_policy_schema(admin_client):
    from tiquetera.testing.factories import PolicyFactory
    from tiquetera.tickets.models import IntakeRule

    policy = PolicyFactory()
    url = reverse("admin:tickets_intakerule_add")
    form = {"policy": policy.pk, "position": 1, "kind": "standing", "enabled": "on"}

    refused = admin_client.post(url, {**form, "params": '{"behind": "ignore"}'})
    accepted = admin_client.post(url, {**form, "params": '{"behind": "flag"}'})

    assert refused.status_code == 200  # the form again, with the error
    assert "behind" in refused.content.decode()
    assert accepted.status_code == 302
    assert IntakeRule.objects.get().params == {"behind": "flag"}


@pytest.mark.parametrize(
    "model", ["severity", "casetype", "casefield", "scopecategory", "intakerule", "deskrules"]
)
def test_the_case_catalogue_is_listed(admin_client, model):
    assert admin_client.get(reverse(f"admin:tickets_{model}_changelist")).status_code == 200
