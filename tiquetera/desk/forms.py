from django import forms
from django.utils.translation import gettext_lazy as _

from tiquetera.calendars.models import Calendar
from tiquetera.core.widgets import DateTimePicker


class DeadlineForm(forms.Form):
    calendar = forms.ModelChoiceField(
        label=_("Calendar"), queryset=Calendar.objects.select_related("policy")
    )
    start = forms.DateTimeField(
        label=_("Received"),
        widget=DateTimePicker(),
        help_text=_("In the calendar's time zone."),
    )
    hours = forms.DecimalField(
        label=_("Business hours"), min_value=0, max_digits=7, decimal_places=2, initial=24
    )
