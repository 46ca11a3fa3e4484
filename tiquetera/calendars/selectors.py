from django.db.models import QuerySet

from .models import Calendar


class CalendarNotFound(LookupError):
    def __init__(self, ref: str, choices: list[str]) -> None:
        super().__init__(ref)
        self.ref = ref
        self.choices = choices


def calendars() -> QuerySet[Calendar]:
    return Calendar.objects.select_related("policy").order_by("policy__slug", "key")


def get_calendar(ref: str) -> Calendar:
    """A calendar by 'policy/key', or by 'key' alone when only one policy has that key."""
    policy, _, key = ref.rpartition("/")
    found = calendars().filter(key=key)
    if policy:
        found = found.filter(policy__slug=policy)
    matches = list(found[:2])
    if len(matches) != 1:
        raise CalendarNotFound(ref, [c.ref for c in calendars()])
    return matches[0]
