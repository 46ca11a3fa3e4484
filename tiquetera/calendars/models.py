import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tiquetera.policy.models import Policy

from .durations import working_day_minutes
from .engine import CalendarError, parse_interval
from .errors import describe

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # index == datetime.weekday()
DAY_LABELS = [
    pgettext_lazy("weekday field", "Monday"),
    pgettext_lazy("weekday field", "Tuesday"),
    pgettext_lazy("weekday field", "Wednesday"),
    pgettext_lazy("weekday field", "Thursday"),
    pgettext_lazy("weekday field", "Friday"),
    pgettext_lazy("weekday field", "Saturday"),
    pgettext_lazy("weekday field", "Sunday"),
]
# the last day of a run such as "Lunes a viernes" (lower case in Spanish, not in English)
RUN_END_LABELS = [
    pgettext_lazy("weekday ending a run", "Monday"),
    pgettext_lazy("weekday ending a run", "Tuesday"),
    pgettext_lazy("weekday ending a run", "Wednesday"),
    pgettext_lazy("weekday ending a run", "Thursday"),
    pgettext_lazy("weekday ending a run", "Friday"),
    pgettext_lazy("weekday ending a run", "Saturday"),
    pgettext_lazy("weekday ending a run", "Sunday"),
]


def split_hours(text: str) -> list[str]:
    """'09:00-13:00, 14:00-17:00' -> ['09:00-13:00', '14:00-17:00'] (validated)."""
    pieces = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    for piece in pieces:
        try:
            parse_interval(piece)
        except CalendarError as error:
            raise ValidationError(describe(error)) from None
    return pieces


class Calendar(models.Model):
    """A named working calendar of a policy ("regular", "extended", "24x7")."""

    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.CASCADE,
        related_name="calendars",
        verbose_name=_("policy"),
    )
    key = models.SlugField(_("identifier"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    country = models.CharField(
        _("holidays of country"),
        max_length=2,
        blank=True,
        help_text=_("ISO code such as CO, MX or PA; empty for no national holidays."),
    )
    subdivision = models.CharField(_("subdivision"), max_length=10, blank=True)
    # {"0": ["09:00-13:00", "14:00-17:00"], ...}: weekday number (Monday 0) -> intervals
    week = models.JSONField(_("working hours"), default=dict, blank=True)
    is_default = models.BooleanField(_("default calendar"), default=False)
    # a new random value on every change (never reused, unlike a deleted row's pk): the key of
    # the compiled engines cached in each process
    revision = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("calendar")
        verbose_name_plural = _("calendars")
        ordering = ["policy", "key"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "key"], name="calendar_key_unique_in_policy")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.policy.slug}/{self.key})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            self.revision = uuid.uuid4()
        super().save(*args, **kwargs)
        Policy.bump_revision(self.policy_id)  # SLA targets cached with their calendar

    @property
    def ref(self) -> str:
        return f"{self.policy.slug}/{self.key}"

    @property
    def day_minutes(self) -> int | None:
        """The calendar's usual working day in minutes (480 for 09:00-13:00, 14:00-18:00)."""
        return working_day_minutes(self.week)

    def hours_of(self, weekday: int) -> list[str]:
        return list(self.week.get(str(weekday), []))

    def week_display(self) -> list[tuple[str, str]]:
        """('Lunes a viernes', '09:00-13:00, 14:00-17:00') per run of days with the same hours."""
        runs: list[tuple[int, int, list[str]]] = []  # first day, last day, hours
        for day in range(7):
            hours = self.hours_of(day)
            if hours and runs and runs[-1][1] == day - 1 and runs[-1][2] == hours:
                runs[-1] = (runs[-1][0], day, hours)
            elif hours:
                runs.append((day, day, hours))
        return [
            (
                str(DAY_LABELS[first])
                if first == last
                else _("%(first)s to %(last)s")
                % {"first": DAY_LABELS[first], "last": RUN_END_LABELS[last]},
                ", ".join(hours),
            )
            for first, last, hours in runs
        ]

    def engine_kwargs(self) -> dict[str, Any]:
        """The arguments of `BusinessCalendar` that this row and its dates describe."""
        closed: dict[dt.date, str] = {}
        opened: dict[dt.date, list[str]] = {}
        for day in self.dates.all():
            if day.kind == CalendarDate.Kind.CLOSED:
                closed[day.date] = day.name
            else:
                opened[day.date] = split_hours(day.hours) or self.hours_of(day.date.weekday())
        return {
            "timezone": self.time_zone,
            "week": {int(day): hours for day, hours in self.week.items() if hours},
            "country": self.country or None,
            "subdivision": self.subdivision or None,
            "closed_dates": closed,
            "open_dates": opened,
        }

    def clean(self) -> None:
        from .services import build_engine

        if self.pk is None:
            return
        try:
            build_engine(self)
        except CalendarError as error:
            raise ValidationError(describe(error)) from None

    def touch(self) -> None:
        """Mark the compiled engines of every process stale (the row's dates changed)."""
        Calendar.objects.filter(pk=self.pk).update(revision=uuid.uuid4())
        self.refresh_from_db(fields=["revision"])
        Policy.bump_revision(self.policy_id)


class CalendarDate(models.Model):
    """A vendor's own closed day, or an extra working day, of one calendar."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("closed")
        OPEN = "open", _("open")

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="dates")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.CLOSED)
    name = models.CharField(_("reason"), max_length=200, blank=True)
    hours = models.CharField(
        _("hours"),
        max_length=200,
        blank=True,
        help_text=_("For open dates: e.g. 09:00-13:00, 14:00-17:00. Empty: the weekday's hours."),
    )

    class Meta:
        verbose_name = _("calendar date")
        verbose_name_plural = _("calendar dates")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="calendar_date_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        self.calendar.touch()

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        result = super().delete(*args, **kwargs)
        self.calendar.touch()
        return result

    def clean(self) -> None:
        if self.hours:
            split_hours(self.hours)
