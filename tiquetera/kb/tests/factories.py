"""Factories for the knowledge base (policies, users and contacts come from the shared ones)."""

import factory

from tiquetera.kb.models import Category, Entry
from tiquetera.testing.factories import PolicyFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    policy = factory.SubFactory(PolicyFactory)
    name = factory.Sequence(lambda n: f"Facturación {n}")
    slug = factory.Sequence(lambda n: f"facturacion-{n}")


class EntryFactory(factory.django.DjangoModelFactory):
    """A published article for the policy's clients."""

    class Meta:
        model = Entry

    policy = factory.SubFactory(PolicyFactory)
    title = factory.Sequence(lambda n: f"Cómo anular una factura {n}")
    slug = factory.Sequence(lambda n: f"anular-factura-{n}")
    body_markdown = "Vaya a **Facturación > Anular**."
    status = Entry.Status.PUBLISHED
    visibility = Entry.Visibility.CLIENTS
