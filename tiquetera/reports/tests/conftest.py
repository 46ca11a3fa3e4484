"""A small hand-made desk for the dashboard tests: two organizations of one policy, one of
another policy (whose cases never count), a calendar for the clocks and two agents."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tiquetera.calendars.models import Calendar
from tiquetera.directory.models import Organization
from tiquetera.policy.models import Policy
from tiquetera.sla.models import Clock
from tiquetera.testing.factories import AgentFactory, CalendarFactory, OrganizationFactory
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.factories import CaseFactory


@dataclass
class Desk:
    policy: Policy
    hotel: Organization
    clinic: Organization
    elsewhere: Organization  # another policy's client
    calendar: Calendar
    now: dt.datetime

    def case(self, *, age: dt.timedelta = dt.timedelta(hours=1), **fields) -> Case:
        fields.setdefault("organization", self.hotel)
        case = CaseFactory(**fields)
        Case.objects.filter(pk=case.pk).update(created_at=self.now - age)
        case.refresh_from_db()
        return case

    def clock(self, case: Case, metric: str, state: str, *, breached_at=None) -> Clock:
        return Clock.objects.create(
            case=case,
            metric=metric,
            calendar=self.calendar,
            target_minutes=60,
            state=state,
            started_at=case.created_at,
            breached_at=breached_at,
            met_at=self.now if state == "met" else None,
        )


@pytest.fixture
def desk(db) -> Desk:
    hotel = OrganizationFactory(legal_name="Hotel Andino S.A.S.")
    clinic = OrganizationFactory(legal_name="Clínica Norte S.A.S.", policy=hotel.policy)
    elsewhere = OrganizationFactory(legal_name="Otra Empresa S.A.S.")
    calendar = CalendarFactory(policy=hotel.policy, key="regular", is_default=True)
    return Desk(hotel.policy, hotel, clinic, elsewhere, calendar, timezone.now())


@pytest.fixture
def ana(db):
    return AgentFactory(username="ana")


@pytest.fixture
def beto(db):
    return AgentFactory(username="beto")
