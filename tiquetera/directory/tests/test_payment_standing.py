import pytest
from django.utils import timezone

from tiquetera.directory.errors import InvalidInput, InvalidValue
from tiquetera.directory.models import Organization
from tiquetera.directory.services import (
    OrganizationFields,
    create_organization,
    set_payment_standing,
    update_organization,
)
from tiquetera.testing.factories import OrganizationFactory, PolicyFactory

pytestmark = pytest.mark.django_db


def test_standing_records_who_set_it_and_when(agent):
    """Seed 002: a client behind on its obligations may have its cases invalidated."""
    org = OrganizationFactory()
    before = timezone.now()
    saved = set_payment_standing(org, Organization.Standing.BEHIND, actor=agent)
    org.refresh_from_db()
    assert saved.changed
    assert org.standing == "behind"
    assert org.standing_set_by == agent
    assert org.standing_set_at >= before


def test_setting_the_same_standing_keeps_the_earlier_record(agent):
    org = OrganizationFactory()
    assert not set_payment_standing(org, "current", actor=agent).changed
    assert org.standing_set_by is None


def test_an_unknown_standing_is_refused(agent):
    with pytest.raises(InvalidValue):
        set_payment_standing(OrganizationFactory(), "late", actor=agent)


def test_new_organization_gets_its_countrys_time_zone_and_normal_tax_id(agent):
    policy = PolicyFactory()
    fields = OrganizationFields(
        legal_name=" Hotel  Uno ", tax_id="abc680524p76", country="mx", edition="web"
    )
    org = create_organization(policy, fields, actor=agent).obj
    assert (org.legal_name, org.tax_id, org.country) == ("Hotel Uno", "ABC680524P76", "MX")
    assert (org.time_zone, org.edition, org.standing) == ("America/Mexico_City", "WEB", "current")


def test_a_tax_id_is_unique_within_policy_and_country(agent):
    first = OrganizationFactory()
    fields = OrganizationFields(legal_name="Otra", tax_id=first.tax_id)
    with pytest.raises(InvalidInput) as refused:
        create_organization(first.policy, fields, actor=agent)
    assert refused.value.problems[0].field == "tax_id"


def test_an_update_without_differences_saves_nothing(agent):
    org = OrganizationFactory()
    fields = OrganizationFields(
        legal_name=org.legal_name, tax_id=org.tax_id, time_zone=org.time_zone
    )
    assert not update_organization(org, fields, actor=agent).changed
