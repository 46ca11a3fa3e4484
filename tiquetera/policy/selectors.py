"""Read queries on policies: one by its slug, and every policy with its calendars."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from tiquetera.calendars.models import Calendar

from .models import Policy


class PolicyNotFound(LookupError):
    """No single policy matches `slug`; `choices` are the slugs there are."""

    def __init__(self, slug: str | None, choices: list[str]) -> None:
        self.slug = slug
        self.choices = choices
        names = ", ".join(choices) or _("none loaded")
        if slug is None:
            message = _("Name the policy. Policies: %(choices)s.") % {"choices": names}
        else:
            message = _("There is no policy “%(slug)s”. Policies: %(choices)s.") % {
                "slug": slug,
                "choices": names,
            }
        super().__init__(message)


def get_policy(slug: str | None = None) -> Policy:
    """The policy with `slug`, or the only one there is when `slug` is None."""
    slugs = list(Policy.objects.order_by("slug").values_list("slug", flat=True))
    if slug is None and len(slugs) == 1:
        slug = slugs[0]
    if slug is None or slug not in slugs:
        raise PolicyNotFound(slug, slugs)
    return Policy.objects.get(slug=slug)


def policies_with_calendars() -> QuerySet[Policy]:
    return Policy.objects.prefetch_related(
        Prefetch("calendars", queryset=Calendar.objects.prefetch_related("dates").order_by("key"))
    ).order_by("name")
