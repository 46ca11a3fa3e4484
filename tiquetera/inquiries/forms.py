from django import forms
from django.utils.translation import gettext_lazy as _


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the client by WhatsApp when the inquiry came that way."),
    )
