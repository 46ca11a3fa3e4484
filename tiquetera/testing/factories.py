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


class OrganizationFactory(factory.django.DjangoModelFactory):
    """A Colombian client with a valid NIT (DIAN check digit) under a fresh policy."""

    class Meta:
        model = "directory.Organization"

    policy = factory.SubFactory(PolicyFactory)
    legal_name = factory.Sequence(lambda n: f"Hotel Cliente {n} S.A.S.")
    tax_id = factory.Sequence(lambda n: _nit(900100000 + n))
    country = "CO"
    time_zone = "America/Bogota"


def _nit(base: int) -> str:
    from tiquetera.directory.validation import nit_check_digit

    return f"{base}-{nit_check_digit(str(base))}"


class ContactFactory(factory.django.DjangoModelFactory):
    """A plain user of the organization (may open cases, nothing more)."""

    class Meta:
        model = "directory.Contact"

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Contacto {n} Pérez")
    email = factory.Sequence(lambda n: f"contacto.{n}@cliente.co")
    phone = "+573106149927"
    role = "user"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "directory.Team"
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"team-{n}")
    name = factory.LazyAttribute(lambda o: o.key.replace("-", " ").title())


class AgentProfileFactory(factory.django.DjangoModelFactory):
    """The directory's Agent row (teams, skills) for a staff user made by AgentFactory."""

    class Meta:
        model = "directory.Agent"

    user = factory.SubFactory(AgentFactory)
    skills = factory.LazyFunction(lambda: ["facturación"])
