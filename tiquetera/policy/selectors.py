from django.db.models import Prefetch, QuerySet

from tiquetera.calendars.models import Calendar

from .models import Policy


def policies_with_calendars() -> QuerySet[Policy]:
    return Policy.objects.prefetch_related(
        Prefetch("calendars", queryset=Calendar.objects.prefetch_related("dates").order_by("key"))
    ).order_by("name")
