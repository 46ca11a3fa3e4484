"""The demo loader (issue 14, "A demo that shows the product"): a realistic desk made through
the product's services and intake pipeline — deterministic, and loaded once."""

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone

from tiquetera.contracts.models import Contract, Plan
from tiquetera.contracts.selectors import remaining_allowance
from tiquetera.core.demo import load_demo
from tiquetera.desk.models import CannedResponse
from tiquetera.directory.models import Agent, Contact, Organization
from tiquetera.directory.validation import validate_tax_id
from tiquetera.inquiries.models import Inquiry
from tiquetera.kb.models import Entry
from tiquetera.notifications.models import Notification
from tiquetera.portal.models import Satisfaction
from tiquetera.sla.models import Clock
from tiquetera.tickets.models import Case

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple[str, ...]]:
    return [
        *Organization.objects.order_by("pk").values_list("legal_name", "tax_id", "standing"),
        *Contact.objects.order_by("pk").values_list("name", "email", "role"),
        *Case.objects.order_by("pk").values_list("number", "subject", "channel", "status"),
    ]


def test_the_jq_systems_demo_is_a_living_desk_made_once():
    result = load_demo("jq-systems", cases_count=60)
    policy = result.policy
    organizations = Organization.objects.filter(policy=policy)
    assert (result.organizations, organizations.count()) == (10, 10)
    for organization in organizations:  # the directory's validators accept every tax id
        assert validate_tax_id(organization.country, organization.tax_id) == organization.tax_id
        roles = set(organization.contacts.values_list("role", flat=True))
        assert "usr" in roles
    assert {"usr", "manager", "administrator", "user"} <= set(
        Contact.objects.filter(organization__policy=policy).values_list("role", flat=True)
    )
    # two questions by WhatsApp wait in the desk's Consultas (seed 002: advice and information)
    inquiries = Inquiry.objects.filter(organization__policy=policy, status=Inquiry.Status.OPEN)
    assert inquiries.count() == 2
    assert all(i.channel == "whatsapp" and i.contact.role == "usr" for i in inquiries)
    assert set(
        Contract.objects.filter(organization__policy=policy).values_list("plan", flat=True)
    ) == set(Plan.objects.filter(policy=policy).values_list("pk", flat=True))
    assert organizations.filter(standing="behind").count() == 1
    assert Agent.objects.filter(skills__len__gt=0).count() >= 4 or Agent.objects.count() == 5

    cases = Case.objects.filter(policy=policy)
    assert cases.count() == result.cases == 60
    statuses = Counter(cases.values_list("status", flat=True))
    assert {"open", "in_progress", "closed"} <= set(statuses)
    assert len(statuses) >= 5  # and more: waiting on the client, resolved, parked, refused…
    assert len(set(cases.values_list("channel", flat=True))) >= 4
    oldest = cases.order_by("created_at").first()
    assert oldest.created_at < timezone.now() - dt.timedelta(days=45)  # three months of history
    assert Clock.objects.filter(case__policy=policy, breached_at__isnull=False).exists()
    assert Satisfaction.objects.filter(case__policy=policy).exists()
    assert CannedResponse.objects.filter(policy=policy).count() >= 3
    published = Entry.objects.filter(policy=policy, status="published")
    assert published.filter(kind="article").count() >= 3
    assert published.filter(kind="announcement").exists()
    assert not Notification.objects.filter(status="pending").exists()  # the history's, as sent
    assert [login.username for login in result.logins][:3] == ["admin", "agente", "carlos"]
    assert len(result.logins) == 5  # and a USR and a plain client user of the portal

    before = snapshot()
    again = load_demo("jq-systems", cases_count=60)
    assert again.already_loaded
    assert snapshot() == before


def test_the_demo_is_the_same_every_time():
    with transaction.atomic():
        load_demo("jq-systems", cases_count=25)
        first = snapshot()
        transaction.set_rollback(True)
    load_demo("jq-systems", cases_count=25)
    assert [row[:2] for row in snapshot()] == [row[:2] for row in first]


def test_a_preset_with_capped_and_per_event_plans_shows_one_exhausted_and_one_per_event():
    result = load_demo("isys", cases_count=30)
    per_event = Contract.objects.filter(
        organization__policy=result.policy, plan__service_type="per_event"
    )
    assert per_event.count() == 1
    assert (
        Case.objects.filter(
            organization=per_event.get().organization, status="pending_purchase_order"
        ).exists()
        or not Case.objects.filter(organization=per_event.get().organization).exists()
    )


def test_the_client_chosen_to_run_out_has_nothing_left_this_period():
    result = load_demo("customsoft", cases_count=30)
    left = []
    for organization in Organization.objects.filter(policy=result.policy):
        allowances = remaining_allowance(organization, timezone.now())
        left.append(allowances[0].total.left if allowances else None)
    assert 0 in left
    assert all(
        country == "MX" for country in Organization.objects.values_list("country", flat=True)
    )
