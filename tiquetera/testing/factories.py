"""Factories shared by every app's tests."""

import factory
from django.contrib.auth import get_user_model

from tiquetera.calendars.models import Calendar, CalendarDate
from tiquetera.policy.models import Policy

JQ_REGULAR_WEEK = {str(day): ["09:00-13:00", "14:00-17:00"] for day in range(5)}


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"vendor-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    country = "CO"
    time_zone = "America/Bogota"


class CalendarFactory(factory.django.DjangoModelFactory):
    """JQ Systems' regular calendar by default: Mon–Fri 09–13 and 14–17, Colombian holidays."""

    class Meta:
        model = Calendar

    policy = factory.SubFactory(PolicyFactory)
    key = factory.Sequence(lambda n: f"calendar-{n}")
    name = "Horario regular"
    time_zone = "America/Bogota"
    country = "CO"
    week = factory.LazyFunction(lambda: dict(JQ_REGULAR_WEEK))


class CalendarDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarDate

    calendar = factory.SubFactory(CalendarFactory)
    kind = CalendarDate.Kind.CLOSED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Ana"
    password = factory.PostGenerationMethodCall("set_password", "a-test-password")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AgentFactory(UserFactory):
    is_staff = True
