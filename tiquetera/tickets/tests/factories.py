"""Factories for cases (organizations and contacts come from the shared ones)."""

import factory

from tiquetera.testing.factories import OrganizationFactory
from tiquetera.tickets.models import Case
from tiquetera.tickets.numbering import next_number


class CaseFactory(factory.django.DjangoModelFactory):
    """A new case by email, numbered by its policy's 2026 sequence."""

    class Meta:
        model = Case

    organization = factory.SubFactory(OrganizationFactory)
    policy = factory.SelfAttribute("organization.policy")
    number = factory.LazyAttribute(lambda o: next_number(o.policy.pk, 2026))
    channel = Case.Channel.EMAIL
    case_type = "support"
    severity = "S3"
    priority = "P3"
    subject = factory.Sequence(lambda n: f"No imprime la factura {n}")
    description = "Desde esta mañana."
