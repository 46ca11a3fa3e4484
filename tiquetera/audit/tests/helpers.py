from django.contrib.contenttypes.models import ContentType

from tiquetera.audit.models import AuditEvent


def events_of(target):
    """The target's events, oldest first."""
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
        ).order_by("at", "pk")
    )


def verbs_of(target):
    return [event.verb for event in events_of(target)]
