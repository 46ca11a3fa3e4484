"""The forms of the portal's case page and of the USR's verification list."""

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from tiquetera.tickets.attachments import max_bytes
from tiquetera.tickets.intake.forms import MultipleFileField, TextOrFiles

from .models import Satisfaction


class ReplyForm(TextOrFiles):
    """The client's reply: a text and files, each checked as the tickets app will store it."""

    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "Screenshots or documents, up to %(size)s each."
        ) % {"size": filesizeformat(max_bytes())}


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What is still not working?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class SatisfactionForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with how we handled this case?"),
        choices=[(score, str(score)) for score in Satisfaction.SCORES],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1: not at all satisfied · 5: very satisfied"),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)
