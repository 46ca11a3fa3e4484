from django import forms
from django.utils.translation import gettext_lazy as _

from tiquetera.calendars.models import Calendar


class DeadlineForm(forms.Form):
    calendar = forms.ModelChoiceField(
        label=_("Calendar"), queryset=Calendar.objects.select_related("policy")
    )
    start = forms.DateTimeField(
        label=_("Received"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("In the calendar's time zone."),
    )
    hours = forms.DecimalField(
        label=_("Business hours"), min_value=0, max_digits=7, decimal_places=2, initial=24
    )
