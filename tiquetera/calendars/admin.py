from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tiquetera.core.admin import AuditedAdmin, LabelledTabularInline
from tiquetera.sla.admin import targets_table
from tiquetera.sla.models import SlaTarget

from .engine import BusinessCalendar, CalendarError
from .errors import describe
from .models import DAY_LABELS, WEEKDAYS, Calendar, CalendarDate, split_hours


def _day_field(number: int) -> forms.CharField:
    return forms.CharField(
        label=DAY_LABELS[number],
        required=False,
        help_text=_("e.g. 09:00-13:00, 14:00-17:00; empty: closed") if number == 0 else "",
    )


class CalendarForm(forms.ModelForm):
    """The week as seven text fields ('09:00-13:00, 14:00-17:00') instead of raw JSON."""

    mon, tue, wed, thu, fri, sat, sun = (_day_field(n) for n in range(7))

    class Meta:
        model = Calendar
        fields = ["policy", "key", "name", "time_zone", "country", "subdivision", "is_default"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, day in enumerate(WEEKDAYS):
            self.fields[day].initial = ", ".join(self.instance.hours_of(number))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        week: dict[str, list[str]] = {}
        for number, day in enumerate(WEEKDAYS):
            try:
                if hours := split_hours(cleaned.get(day, "")):
                    week[str(number)] = hours
            except forms.ValidationError as error:
                self.add_error(day, error)
        self.instance.week = week
        if not self.errors:
            try:  # the week, zone and country together (each date row validates itself)
                BusinessCalendar(
                    timezone=cleaned.get("time_zone", ""),
                    week={int(day): hours for day, hours in week.items()},
                    country=cleaned.get("country") or None,
                    subdivision=cleaned.get("subdivision") or None,
                )
            except CalendarError as error:
                raise forms.ValidationError(describe(error)) from None
        return cleaned


class CalendarDateInline(LabelledTabularInline):
    model = CalendarDate
    extra = 1


@admin.register(Calendar)
class CalendarAdmin(AuditedAdmin):
    form = CalendarForm
    list_display = ["name", "policy", "key", "time_zone", "country", "is_default"]
    list_filter = ["policy", "country"]
    search_fields = ["name", "key"]
    inlines = [CalendarDateInline]
    readonly_fields = ["sla_targets"]
    fieldsets = [
        (None, {"fields": ["policy", "key", "name", "is_default"]}),
        (_("Time zone and holidays"), {"fields": ["time_zone", "country", "subdivision"]}),
        (_("Working hours"), {"fields": tuple(WEEKDAYS)}),
        (_("SLA targets on this calendar"), {"fields": ["sla_targets"]}),
    ]

    @admin.display(description=_("SLA targets"))
    def sla_targets(self, calendar: Calendar) -> str:
        if calendar.pk is None:
            return "—"
        return targets_table(SlaTarget.objects.filter(calendar=calendar))
